import { useEffect, useState } from 'react';
import { Alert, AlertActionLink } from '@patternfly/react-core';
import { useConnection } from '../state/connection-store.ts';
import { reconnectNow } from '../client/api.ts';

/** Seconds left until the next reconnect attempt, ticking. */
function useCountdown(at: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [at]);
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Shown above every view while the console cannot talk to its host. Data on
 * screen stays (marked stale by this banner); it refreshes on reconnect.
 */
export function ConnectionBanner() {
  const { status, retryAt, attempts, detail } = useConnection();
  const secs = useCountdown(status === 'reconnecting' ? retryAt : null);

  if (status === 'unauthorized') {
    return (
      <Alert
        variant="danger"
        isInline
        title="Access refused: the console host rejected the access token"
        data-testid="connection-banner"
        data-status={status}
        className="vdi-conn-banner"
      >
        {detail ?? 'The access token is wrong or expired.'} Open the full address printed by <code>vdi-console serve</code> again (it ends with{' '}
        <code>?token=…</code>); restarting it prints a new address with a fresh token.
      </Alert>
    );
  }
  if (status === 'reconnecting') {
    return (
      <Alert
        variant="warning"
        isInline
        title={`Disconnected from the console host — reconnecting${secs > 0 ? ` in ${secs} s` : '…'}`}
        data-testid="connection-banner"
        data-status={status}
        className="vdi-conn-banner"
        actionLinks={<AlertActionLink onClick={reconnectNow}>Reconnect now</AlertActionLink>}
      >
        {detail ?? 'The connection dropped.'} Attempt {attempts}. What you see may be out of date until the connection is back.
      </Alert>
    );
  }
  return null;
}
