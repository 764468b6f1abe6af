import { useEffect, useRef } from 'react';
import type { MetricsNow } from '../../src-main/contract/index.ts';
import { subscribeMetrics } from '../state/live-metrics.ts';
import type { Level } from './thresholds.ts';

/**
 * A live figure from the `metrics` push, written straight into its span (text and
 * data-level for the alarm colour): a table cell or a KPI that follows the
 * simulation without re-rendering its row or card.
 */
export function LiveValue({
  select,
  format,
  level,
  testId,
  className,
}: {
  select(m: MetricsNow): number | undefined;
  format(v: number): string;
  level?(v: number): Level;
  testId?: string;
  className?: string;
}) {
  const ref = useRef<HTMLSpanElement>(null);
  const fns = useRef({ select, format, level });
  fns.current = { select, format, level };
  useEffect(
    () =>
      subscribeMetrics((m) => {
        const el = ref.current;
        if (!el) return;
        const f = fns.current;
        const v = f.select(m);
        const text = v === undefined || Number.isNaN(v) ? '—' : f.format(v);
        if (el.textContent !== text) el.textContent = text;
        const lv = v === undefined || !f.level ? '' : f.level(v);
        if (el.dataset.level !== lv) el.dataset.level = lv;
      }),
    [],
  );
  return (
    <span ref={ref} className={`vdi-live${className ? ` ${className}` : ''}`} data-testid={testId}>
      —
    </span>
  );
}
