import { useCallback, useState, type ReactNode } from 'react';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ConfirmActionModal } from './ConfirmActionModal.tsx';
import { SendMessageModal, type MessageDraft } from './SendMessageModal.tsx';
import { SESSION_ACTIONS, namesOf, type SessionActionKind, type SessionTarget } from './session-actions.ts';

import { sessionLive } from './session-live.ts';

type Pending = { kind: SessionActionKind | 'message'; targets: SessionTarget[] } | null;

/**
 * The actions flow shared by the sessions table and Help Desk: `start(kind, targets)`
 * runs a disconnect at once, asks before anything that loses user work (naming the
 * users), or opens the message form; `modal` is what to render.
 */
export function useSessionActions(onDone?: () => void): {
  start(kind: SessionActionKind | 'message', targets: SessionTarget[]): void;
  modal: ReactNode;
  busy: boolean;
} {
  const [pending, setPending] = useState<Pending>(null);
  const action = useAction();

  const finish = useCallback(
    (message: string) => {
      notifySuccess(message);
      sessionLive.schedule();
      setPending(null);
      onDone?.();
    },
    [onDone],
  );

  const run = useCallback(
    async (kind: SessionActionKind, targets: SessionTarget[]) => {
      const spec = SESSION_ACTIONS[kind];
      const ids = targets.map((t) => t.id);
      const res = await action.run(() => getClient().call(spec.method, { ids }));
      if (res) finish(`${spec.done} ${namesOf(targets)}`);
      return res;
    },
    [action, finish],
  );

  const start = useCallback(
    (kind: SessionActionKind | 'message', targets: SessionTarget[]) => {
      if (targets.length === 0) return;
      action.clearError();
      // Every action asks first, with the counts (a disconnect too: the users lose their screen).
      setPending({ kind, targets });
    },
    [action, run],
  );

  const send = async (targets: SessionTarget[], draft: MessageDraft) => {
    const res = await action.run(() => getClient().call('session-send-message', { ids: targets.map((t) => t.id), ...draft }));
    if (res) finish(`Message sent to ${namesOf(targets)}`);
  };

  const close = () => {
    if (!action.busy) setPending(null);
  };

  let modal: ReactNode = null;
  if (pending?.kind === 'message') {
    const targets = pending.targets;
    modal = <SendMessageModal targets={targets} busy={action.busy} error={action.error} onSend={(d) => void send(targets, d)} onClose={close} />;
  } else if (pending) {
    const { kind, targets } = pending;
    modal = (
      <ConfirmActionModal kind={kind} targets={targets} busy={action.busy} error={action.error} onConfirm={() => void run(kind, targets)} onClose={close} />
    );
  }
  return { start, modal, busy: action.busy };
}
