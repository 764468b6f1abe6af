import { useState } from 'react';
import { Button } from '@patternfly/react-core';
import MigrateIcon from '@patternfly/react-icons/dist/esm/icons/migration-icon';
import type { Desktop } from '../../../src-main/contract/index.ts';
import { MigrateModal } from './MigrateModal.tsx';

/** The desktop drawer's "Migrate…" action (live migration to another host of its cluster). */
export function DesktopMigrateAction({ desktop }: { desktop: Desktop }) {
  const [open, setOpen] = useState(false);
  const busy = desktop.state === 'PROVISIONING' || desktop.state === 'DELETING';
  return (
    <>
      <Button variant="secondary" size="sm" icon={<MigrateIcon />} onClick={() => setOpen(true)} isDisabled={busy} data-testid="desktop-migrate-button" style={{ marginBottom: 'var(--pf-t--global--spacer--md)', marginLeft: 'var(--pf-t--global--spacer--sm)' }}>
        Migrate…
      </Button>
      {open ? <MigrateModal desktop={desktop} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
