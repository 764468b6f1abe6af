// Thin-client views (connect as user, wall, shadow): their public face.
export { ConnectView } from './ConnectView.tsx';
export { WallView } from './WallView.tsx';
export { ShadowView } from './ShadowView.tsx';
export { UserPicker } from './UserPicker.tsx';
export { openInOwnWindow } from './open-window.ts';
