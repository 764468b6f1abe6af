import { Alert, Button } from '@patternfly/react-core';
import { useApi } from '../../state/use-api.ts';

/** A long, old or broken snapshot chain is a problem of the desktop: shown in its drawer whatever tab is open. */
export function SnapshotChainWarning({ desktopId, onOpen }: { desktopId: string; onOpen(): void }) {
  const { data } = useApi('snapshot-list', { desktopId }, { refreshOn: ['desktop'], minIntervalMs: 2000 });
  if (!data || data.warnings.length === 0) return null;
  return (
    <Alert
      variant="warning"
      isInline
      isPlain
      title="Snapshot chain needs attention"
      className="vdi-alert"
      data-testid="desktop-panel-snapshot-warning"
      actionLinks={
        <Button variant="link" isInline onClick={onOpen}>
          Open snapshots
        </Button>
      }
    >
      {data.warnings.join('; ')}
    </Alert>
  );
}
