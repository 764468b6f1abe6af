import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Spinner } from '@patternfly/react-core';
import type { ApiError, ScreenModel } from '../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PhaseList } from './PhaseList.tsx';
import { ScreenCanvas } from './screen/ScreenCanvas.tsx';
import { ScreenOverlay } from './screen/ScreenOverlay.tsx';
import { logonNeverFinished, toScreenState } from './screen/from-model.ts';
import { PROTOCOL_NAMES, phaseName } from '../sessions/index.ts';
import '../../styles/sessions.css';

/** A Windows notification disappears on its own after about this long; dialogs wait for OK. */
export const TOAST_VISIBLE_MS = 8000;

export type ClientMode = 'user' | 'shadow' | 'tile';

/**
 * What the thin client's monitor shows for one session: the logon progress, the
 * live desktop, or the client's own "disconnected" / "logged off" screen. The
 * user mode takes input and lets the user close the admin's dialogs; shadow is
 * read-only with a banner; tiles are small and capped in frame rate.
 */

export function ThinClient({
  model,
  error,
  mode,
  testId,
  actions,
}: {
  model: ScreenModel | null;
  error: ApiError | null;
  mode: ClientMode;
  testId: string;
  /** Buttons for the client's own screens (Reconnect, Connect again). */
  actions?: ReactNode;
}) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [seenAt] = useState(() => new Map<string, number>());
  const [, setTick] = useState(0);

  // Information messages fade after TOAST_VISIBLE_MS of wall time from when this view first showed them.
  const messages = model?.messages;
  useEffect(() => {
    if (!messages) return;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    const expired: string[] = [];
    for (const m of messages) {
      if (m.severity !== 'info' || dismissed.has(m.id)) continue;
      const at = seenAt.get(m.id) ?? now;
      seenAt.set(m.id, at);
      if (now - at >= TOAST_VISIBLE_MS) expired.push(m.id);
      else next = Math.min(next, at + TOAST_VISIBLE_MS - now);
    }
    if (expired.length) setDismissed((d) => new Set([...d, ...expired]));
    if (!Number.isFinite(next)) return;
    const t = setTimeout(() => setTick((n) => n + 1), next + 20);
    return () => clearTimeout(t);
  }, [messages, dismissed, seenAt]);

  const state = useMemo(() => (model ? toScreenState(model, dismissed) : null), [model, dismissed]);
  const compact = mode === 'tile';

  if (error && !model) {
    return (
      <div className={`vdi-client-screen${compact ? ' vdi-client-screen--tile' : ''}`} data-testid={`${testId}-error`}>
        <ApiErrorAlert error={error} title="The session cannot be shown" />
        {actions}
      </div>
    );
  }
  if (!model || !state) {
    return (
      <div className={`vdi-client-screen${compact ? ' vdi-client-screen--tile' : ''}`} data-testid={`${testId}-waiting`}>
        <Spinner size={compact ? 'md' : 'lg'} aria-label="Waiting for the session" />
      </div>
    );
  }

  const clientScreen = (title: string, sub: ReactNode, extra?: ReactNode, status?: string) => (
    <div
      className={`vdi-client-screen${compact ? ' vdi-client-screen--tile' : ''}`}
      data-testid={`${testId}-client`}
      data-state={model.state}
      data-status={status}
    >
      <h2 data-testid={`${testId}-title`}>{title}</h2>
      <div className="vdi-client-screen__sub">{sub}</div>
      {extra}
    </div>
  );

  switch (model.state) {
    case 'reconnecting':
      // A reconnect has no logon: only the protocol and authentication (the session's own logon phases, listed here, read as
      // pending or as a second logon: black-box round 6).
      return clientScreen(
        `Reconnecting to ${model.desktopName}…`,
        `${PROTOCOL_NAMES[model.protocol]} · ${model.desktopName}`,
        <div className="vdi-client-screen__sub" data-testid={`${testId}-phase`}>
          Back to the running session: protocol and authentication only, no new logon
        </div>,
      );
    case 'connecting':
      return clientScreen(
        `Connecting to ${model.poolName}…`,
        `${PROTOCOL_NAMES[model.protocol]} · ${model.desktopName || 'choosing a desktop'}`,
        compact ? (
          <div className="vdi-client-screen__sub" data-testid={`${testId}-phase`}>
            {model.phase ? phaseName(model.phase) : ''}
          </div>
        ) : (
          <PhaseList phases={model.phases} testId={`${testId}-phases`} dark />
        ),
      );
    case 'disconnected':
      return clientScreen(
        mode === 'user' ? `Disconnected from ${model.desktopName}` : `${model.userDisplayName} is disconnected`,
        model.endReason ?? 'The session and its applications keep running on the desktop; reconnecting returns to them.',
        mode === 'shadow' ? null : actions,
      );
    case 'logged-off': {
      // A session whose logon never finished (its phases stop short of the desktop) failed to connect: it was never "logged off"
      // from the user's side (black-box round 6: a protocol timeout read "You have been logged off").
      if (logonNeverFinished(model))
        return clientScreen(
          mode === 'user' ? `Could not connect to ${model.desktopName || model.poolName}` : `${model.userDisplayName}'s connection failed`,
          model.endReason ?? 'The connection failed during logon.',
          mode === 'shadow' ? null : actions,
          'logged-off',
        );
      return clientScreen(
        mode === 'user' ? 'You have been logged off' : `${model.userDisplayName} was logged off`,
        model.endReason ?? 'The session has ended.',
        mode === 'shadow' ? null : actions,
        'logged-off',
      );
    }
    case 'active':
    case 'idle':
      break;
  }

  const dialog = state.messages.length > 0;
  return (
    <>
      {mode === 'shadow' ? (
        <div className="vdi-shadow-banner" data-testid={`${testId}-shadow-banner`}>
          Shadowing {model.userDisplayName} on {model.desktopName}: view only, no input is sent
        </div>
      ) : null}
      <div
        className="vdi-screen-wrap"
        data-testid={`${testId}-live`}
        data-state={model.state}
        onClick={
          mode === 'user' && dialog
            ? () => {
                const last = state.messages[state.messages.length - 1];
                if (last) setDismissed((d) => new Set([...d, last.id]));
              }
            : undefined
        }
        title={mode === 'user' && dialog ? 'Click to close the message' : undefined}
      >
        {model.frozen ? (
          <div className="vdi-screen-banner vdi-screen-banner--frozen" data-testid={`${testId}-frozen`}>
            The picture has stopped updating{model.frozenReason ? `: ${model.frozenReason}` : ''}
          </div>
        ) : null}
        <ScreenCanvas state={state} interactive={mode === 'user'} maxFps={compact ? TILE_MAX_FPS : undefined} testId={`${testId}-screen`} />
        <ScreenOverlay state={state} prefix={testId} compact={compact} />
      </div>
    </>
  );
}

/** Wall tiles draw at most this many frames a second: six screens at 30 fps would cost more than they show. */
export const TILE_MAX_FPS = 15;
