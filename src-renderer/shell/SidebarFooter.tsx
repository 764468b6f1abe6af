import { useConnection } from '../state/connection-store.ts';
import { UserMenu } from '../features/admin/index.ts';

/** Which transport carries the console, and whether it is live: small print for the curious admin. */
export function SidebarFooter() {
  const status = useConnection((s) => s.status);
  const transport = useConnection((s) => s.transport);
  const live = status === 'open';
  // Who is signed in sits here rather than in the masthead, which has no room left at 1440 px.
  return (
    <>
      <UserMenu />
      <div className="vdi-sidebar-footer" data-testid="connection-status" data-status={status}>
        <span className={`vdi-dot ${live ? 'vdi-dot--ok' : 'vdi-dot--bad'}`} aria-hidden />
        {live ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Offline'} · {transport === 'ipc' ? 'desktop app' : 'WebSocket'}
      </div>
    </>
  );
}
