import { CapacityView } from './CapacityView.tsx';
import { CompareView } from './CompareView.tsx';
import { DeliveryCompareView } from './DeliveryCompareView.tsx';
import { RunView } from './RunView.tsx';

/** `/capacity`, `/capacity/runs/<id>`, `/capacity/compare?runs=a,b`, `/capacity/delivery` (containers vs VMs). */
export function CapacityRoutes({ segments }: { segments: string[] }) {
  const [first, second] = segments;
  if (first === 'runs' && second) return <RunView key={second} id={second} />;
  if (first === 'compare') return <CompareView />;
  if (first === 'delivery') return <DeliveryCompareView />;
  return <CapacityView />;
}
