import { useEffect, useRef } from 'react';
import { simNowMs } from '../state/clock-store.ts';
import { formatDuration } from './format.ts';

/** How often a live duration re-reads the simulated clock (wall time). */
const TICK_MS = 1000;

/**
 * "1 h 38 min" since a simulated instant, ticking with the simulated clock: the one way every
 * view shows how long something has lasted, so a duration never freezes at the time of its
 * last fetch. Written into its span by a timer (no React render per tick).
 */
export function LiveDuration({
  since,
  prefix = '',
  testId,
  className,
}: {
  since: string | null | undefined;
  prefix?: string;
  testId?: string;
  className?: string;
}) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const from = since ? Date.parse(since) : Number.NaN;
    const tick = () => {
      const el = ref.current;
      const now = simNowMs();
      if (!el) return;
      const text = `${prefix}${Number.isFinite(from) && now !== null ? formatDuration(Math.max(0, (now - from) / 1000)) : '—'}`;
      if (el.textContent !== text) el.textContent = text;
    };
    tick();
    const t = setInterval(tick, TICK_MS);
    return () => clearInterval(t);
  }, [since, prefix]);
  return <span ref={ref} className={className ? `vdi-num-text ${className}` : 'vdi-num-text'} data-testid={testId} />;
}
