// Users and groups: its public face.
export { UsersView } from './UsersView.tsx';
