// Golden images: its public face.
export { ImagesView } from './ImagesView.tsx';
