export { InstructorView } from './InstructorView.tsx';
