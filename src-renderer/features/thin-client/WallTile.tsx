import { useState } from 'react';
import { Button, Label } from '@patternfly/react-core';
import ExternalLinkAltIcon from '@patternfly/react-icons/dist/esm/icons/external-link-alt-icon';
import TimesIcon from '@patternfly/react-icons/dist/esm/icons/times-icon';
import type { ApiError } from '../../../src-main/contract/index.ts';
import { navigate } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { STATE_COLORS, STATE_NAMES, formatLogon } from '../sessions/index.ts';
import { openInOwnWindow } from './open-window.ts';
import { ThinClient } from './ThinClient.tsx';
import { UserPicker } from './UserPicker.tsx';
import { useScreen } from './use-screen.ts';

/** One thin client of the wall: the session it follows, or a picker to connect someone. */
export function WallTile({
  index,
  sessionId,
  error,
  onConnectUser,
  onClear,
}: {
  index: number;
  sessionId: string | null;
  error: ApiError | null;
  onConnectUser(userId: string): void;
  onClear(): void;
}) {
  const { model, error: screenError } = useScreen(sessionId);
  const [pick, setPick] = useState(false);
  const testId = `wall-tile-${index}`;
  const logon = model?.phases.length ? model.phases.reduce((s, p) => s + p.seconds, 0) : null;
  return (
    <div className="vdi-wall__tile" data-testid={testId} data-session={sessionId ?? ''}>
      <div className="vdi-wall__head">
        {model ? (
          <>
            <strong title={`${model.user} on ${model.desktopName}`}>
              {model.userDisplayName} <span className="vdi-muted">{model.desktopName}</span>
            </strong>
            <span>
              {logon !== null && logon > 0 ? <span className="vdi-phases__time vdi-muted">{formatLogon(logon)} </span> : null}
              <Label isCompact color={STATE_COLORS[model.state]} data-testid={`${testId}-state`}>
                {STATE_NAMES[model.state]}
              </Label>
            </span>
          </>
        ) : (
          <span className="vdi-muted">{sessionId ? 'Loading…' : `Thin client ${index + 1}`}</span>
        )}
        <span>
          {sessionId ? (
            <>
              <Button
                variant="plain"
                size="sm"
                aria-label="Open in its own window"
                onClick={() => void openInOwnWindow(`/shadow/${sessionId}`)}
                icon={<ExternalLinkAltIcon />}
                data-testid={`${testId}-popout`}
              />
              <Button
                variant="plain"
                size="sm"
                aria-label="Take this tile off the wall"
                onClick={onClear}
                icon={<TimesIcon />}
                data-testid={`${testId}-clear`}
              />
            </>
          ) : null}
        </span>
      </div>
      {error ? <ApiErrorAlert error={error} title="Could not connect" testId={`${testId}-error`} /> : null}
      {sessionId ? (
        <div onDoubleClick={() => navigate(`/shadow/${sessionId}`)} title="Double-click to open the session large">
          <ThinClient model={model} error={screenError} mode="tile" testId={testId} />
        </div>
      ) : (
        <div className="vdi-client-screen vdi-client-screen--tile">
          {pick ? (
            <div style={{ width: '100%', lineHeight: 1.4 }}>
              <UserPicker picked={null} onPick={(u) => u && onConnectUser(u.id)} testId={`${testId}-user`} placeholder="Connect a user…" />
            </div>
          ) : (
            <Button variant="secondary" size="sm" onClick={() => setPick(true)} data-testid={`${testId}-pick`}>
              Connect a user…
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
