import { useEffect, useRef } from 'react';
import { simNowMs } from '../state/clock-store.ts';
import { formatDuration, formatSimTimeSeconds, nextRunAfter } from './format.ts';

/** "11:40:00 (in 2 min 10 s)": the next run of something periodic (a DRS pass), never a time in the past. */
export function NextRun({ anchor, intervalSec, testId }: { anchor: string; intervalSec: number; testId?: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const a = Date.parse(anchor);
    const tick = () => {
      const now = simNowMs();
      const el = ref.current;
      if (!el || now === null || !Number.isFinite(a)) return;
      const next = nextRunAfter(a, intervalSec * 1000, now);
      const text = `${formatSimTimeSeconds(new Date(next).toISOString()).slice(-8)} (in ${formatDuration((next - now) / 1000)})`;
      if (el.textContent !== text) el.textContent = text;
    };
    tick();
    const t = setInterval(tick, 1000);
    return () => clearInterval(t);
  }, [anchor, intervalSec]);
  return <span ref={ref} className="vdi-num-text" data-testid={testId} />;
}
