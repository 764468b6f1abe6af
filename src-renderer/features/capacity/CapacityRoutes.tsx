import { CapacityView } from './CapacityView.tsx';
import { CompareView } from './CompareView.tsx';
import { RunView } from './RunView.tsx';

/** `/capacity`, `/capacity/runs/<id>`, `/capacity/compare?runs=a,b`. */
export function CapacityRoutes({ segments }: { segments: string[] }) {
  const [first, second] = segments;
  if (first === 'runs' && second) return <RunView key={second} id={second} />;
  if (first === 'compare') return <CompareView />;
  return <CapacityView />;
}
