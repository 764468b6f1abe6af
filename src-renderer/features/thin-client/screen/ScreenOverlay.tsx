import { overlayRows, visibleMessage } from './screen-plan.ts';
import type { ScreenState } from './screen-types.ts';

/**
 * The protocol overlay over the canvas (Horizon's performance tracker, Citrix's
 * HDX monitor): sharp HTML, not pixels, so it stays readable at any image quality
 * and tests read it. Also the text of the admin's message the canvas draws.
 */
export function ScreenOverlay({ state, prefix, compact = false }: { state: ScreenState; prefix: string; compact?: boolean }) {
  const rows = overlayRows(state);
  const shown = compact ? rows.filter((r) => r.key === 'rtt' || r.key === 'fps' || r.key === 'lag') : rows;
  const msg = visibleMessage(state.messages);
  return (
    <>
      <dl className={`vdi-screen-overlay${compact ? ' vdi-screen-overlay--compact' : ''}`} data-testid={`${prefix}-overlay`} aria-label="Protocol figures">
        <div className="vdi-screen-overlay__head">{state.protocol}</div>
        {shown.map((r) => (
          <div key={r.key} className="vdi-screen-overlay__row" data-level={r.level}>
            <dt>{r.label}</dt>
            <dd data-testid={`${prefix}-metric-${r.key}`}>{r.value}</dd>
          </div>
        ))}
      </dl>
      <div className="vdi-visually-hidden" aria-live="polite" data-testid={`${prefix}-message`} data-severity={msg?.message.severity ?? ''}>
        {msg ? `${msg.message.title}: ${msg.message.body}` : ''}
      </div>
    </>
  );
}
