import { useEffect, useState } from 'react';
import { Alert, AlertActionLink } from '@patternfly/react-core';
import { useAction, useApi } from '../../state/use-api.ts';
import { useCan, useReplayViewing } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';
import { BranchModal } from './BranchModal.tsx';
import { backToLive, hhmm } from './replay-actions.ts';

/**
 * Above every page while the console shows a past moment of the lab read-only (a replay's view):
 * what it shows, that nothing can be changed, and the two ways out.
 */
export function ReplayBanner() {
  const view = useApi('replay-view-get', {}, { refreshOn: ['lab'], minIntervalMs: 500 });
  const canClose = useCan('replay-view-close');
  const canBranch = useCan('replay-branch');
  const action = useAction();
  const [branching, setBranching] = useState(false);
  const v = view.data;
  const at = v?.open ? (v.simTime ?? null) : null;
  // Every page hides the changes the view refuses (useCan).
  useEffect(() => useReplayViewing.setState({ at }), [at]);
  if (!v?.open || !v.simTime) return null;
  const close = async () => {
    await action.run(backToLive);
    view.reload();
  };
  return (
    <>
      <Alert
        variant="info"
        isInline
        className="vdi-replay-banner"
        data-testid="replay-banner"
        title={`Viewing ${hhmm(v.simTime)} (read-only)`}
        actionLinks={
          <>
            {canClose ? (
              <AlertActionLink onClick={() => void close()} isDisabled={action.busy} data-testid="replay-back-to-live">
                Back to live ({hhmm(v.liveSimTime)})
              </AlertActionLink>
            ) : null}
            {canBranch ? (
              <AlertActionLink onClick={() => setBranching(true)} data-testid="replay-branch">
                Branch from here
              </AlertActionLink>
            ) : null}
          </>
        }
      >
        Every page shows the lab as it was at {hhmm(v.simTime)} (simulated), replayed from its seed and {v.actionsApplied} recorded admin action
        {v.actionsApplied === 1 ? '' : 's'}. Changes are refused until you go back to live or branch a new attempt from here; the live lab waits, paused.
      </Alert>
      {action.error ? <ApiErrorAlert error={action.error} title="Could not go back to live" onClose={action.clearError} /> : null}
      {branching ? (
        <BranchModal
          at={v.simTime}
          liveAt={v.liveSimTime}
          onClose={() => {
            setBranching(false);
            view.reload();
          }}
        />
      ) : null}
    </>
  );
}
