import { useState } from 'react';
import { Button, Label } from '@patternfly/react-core';
import MigrateIcon from '@patternfly/react-icons/dist/esm/icons/migration-icon';
import type { Desktop } from '../../../src-main/contract/index.ts';
import { formatSimTimeSeconds } from '../../components/format.ts';
import { useApi } from '../../state/use-api.ts';
import { MigrateModal } from './MigrateModal.tsx';
import { useCan } from '../../state/whoami-store.ts';

/** The desktop drawer's "Migrate…" action (live migration to another host of its cluster), and its last switchover freeze. */
export function DesktopMigrateAction({ desktop }: { desktop: Desktop }) {
  const [open, setOpen] = useState(false);
  const frozen = useApi('vm-frozen-list', {}, { refreshOn: ['desktop', 'cluster'], minIntervalMs: 1000 });
  const freeze = frozen.data?.find((f) => f.desktopId === desktop.id);
  const busy = desktop.state === 'PROVISIONING' || desktop.state === 'DELETING';
  const canMigrate = useCan('vm-migrate');
  return (
    <>
      {canMigrate ? (
        <Button
          variant="secondary"
          size="sm"
          icon={<MigrateIcon />}
          onClick={() => setOpen(true)}
          isDisabled={busy}
          data-testid="desktop-migrate-button"
          style={{ marginBottom: 'var(--pf-t--global--spacer--md)', marginLeft: 'var(--pf-t--global--spacer--sm)' }}
        >
          Migrate…
        </Button>
      ) : null}
      {freeze ? (
        <Label
          isCompact
          color="blue"
          style={{ marginLeft: 'var(--pf-t--global--spacer--sm)' }}
          data-testid="desktop-freeze"
          title="Live-migration switchover: every session on the desktop was stunned this long"
        >
          {freeze.frozenNow ? 'Frozen' : 'Froze'} {freeze.downtimeMs} ms at {formatSimTimeSeconds(freeze.frozenAt).slice(-8)}
        </Label>
      ) : null}
      {open ? <MigrateModal desktop={desktop} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
