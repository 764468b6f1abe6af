import { useConnection } from '../state/connection-store.ts';

/** Which transport carries the console, and whether it is live: small print for the curious admin. */
export function SidebarFooter() {
  const status = useConnection((s) => s.status);
  const transport = useConnection((s) => s.transport);
  const live = status === 'open';
  return (
    <div className="vdi-sidebar-footer" data-testid="connection-status" data-status={status}>
      <span className={`vdi-dot ${live ? 'vdi-dot--ok' : 'vdi-dot--bad'}`} aria-hidden />
      {live ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Offline'} · {transport === 'ipc' ? 'desktop app' : 'WebSocket'}
    </div>
  );
}
