import { Tooltip } from '@patternfly/react-core';
import { href } from '../router/hash-router.ts';
import { formatInt } from './format.ts';

export interface Segment {
  key: string;
  label: string;
  value: number;
  color: string;
  /** Route the legend row links to (e.g. the desktops table filtered to this state). */
  to?: string;
  testId?: string;
  hint?: string;
}

/** One horizontal bar split by share, with a legend of counts underneath. */
export function StackedBar({ segments, total, ariaLabel, showZero = true }: { segments: Segment[]; total: number; ariaLabel: string; showZero?: boolean }) {
  const shown = showZero ? segments : segments.filter((s) => s.value > 0);
  return (
    <div>
      <div className="vdi-stackbar" role="img" aria-label={ariaLabel}>
        {segments
          .filter((s) => s.value > 0)
          .map((s) => (
            <Tooltip key={s.key} content={`${s.label}: ${formatInt(s.value)} (${total ? Math.round((s.value / total) * 100) : 0}%)`}>
              <span style={{ width: `${total ? (s.value / total) * 100 : 0}%`, background: s.color }} />
            </Tooltip>
          ))}
      </div>
      <div className="vdi-legend">
        {shown.map((s) => {
          const body = (
            <>
              <span className="vdi-legend__swatch" style={{ background: s.color }} aria-hidden />
              <span className="vdi-legend__label">{s.label}</span>
              <span className="vdi-legend__value" data-testid={s.testId}>
                {formatInt(s.value)}
              </span>
            </>
          );
          const cls = `vdi-legend__row${s.value === 0 ? ' vdi-legend__row--zero' : ''}`;
          return s.to ? (
            <a key={s.key} className={cls} href={href(s.to)} title={s.hint}>
              {body}
            </a>
          ) : (
            <div key={s.key} className={cls} title={s.hint}>
              {body}
            </div>
          );
        })}
      </div>
    </div>
  );
}
