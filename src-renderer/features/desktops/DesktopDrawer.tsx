import type { ReactNode } from 'react';
import { Drawer, DrawerContent, DrawerContentBody } from '@patternfly/react-core';
import type { DesktopRow } from '../../../src-main/contract/index.ts';
import { DesktopPanel } from './DesktopPanel.tsx';

/** Wraps a view's table; the selected desktop's details slide in from the right, over the table (which keeps its width). */
export function DesktopDrawer({
  selected,
  onClose,
  onStale,
  children,
}: {
  selected: { id: string; row: DesktopRow | undefined } | null;
  onClose(): void;
  /** The table's list disagrees with the drawer: reload it. */
  onStale?: () => void;
  children: ReactNode;
}) {
  return (
    <Drawer isExpanded={selected !== null} position="end">
      <DrawerContent
        panelContent={selected ? <DesktopPanel key={selected.id} id={selected.id} row={selected.row} onClose={onClose} onStale={onStale} /> : <span />}
      >
        <DrawerContentBody>{children}</DrawerContentBody>
      </DrawerContent>
    </Drawer>
  );
}
