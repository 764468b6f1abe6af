// The HTTP APIs page (the /api/v1 and Horizon REST listeners, their tokens and fault injection): its public face.
export { HttpApiView } from './HttpApiView.tsx';
