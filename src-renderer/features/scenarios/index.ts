// Training scenarios: their public face.
export { ScenariosView } from './ScenariosView.tsx';
