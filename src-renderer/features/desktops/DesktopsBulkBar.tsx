import { Button, Flex, FlexItem } from '@patternfly/react-core';
import { DESKTOP_ACTIONS, type DesktopAction } from '../../../src-main/contract/index.ts';
import { plural } from '../../components/format.ts';
import { DESKTOP_ACTION_SPECS } from './use-desktop-actions.tsx';
import { useCan } from '../../state/whoami-store.ts';

/** Shown while desktops are selected: every machine action, each through one confirmation. */
export function DesktopsBulkBar({ count, onAction, onClear, busy }: { count: number; onAction(a: DesktopAction): void; onClear(): void; busy: boolean }) {
  // Machine actions run through desktop-bulk (configure): a role without it has nothing to do here.
  const can = useCan('desktop-bulk');
  if (count === 0 || !can) return null;
  return (
    <Flex className="vdi-bulkbar" alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }} data-testid="desktops-bulkbar">
      <FlexItem>
        <strong data-testid="desktops-selected">{plural(count, 'desktop')} selected</strong>
      </FlexItem>
      {DESKTOP_ACTIONS.map((a) => (
        <FlexItem key={a}>
          <Button
            size="sm"
            variant={DESKTOP_ACTION_SPECS[a].danger ? 'danger' : 'secondary'}
            onClick={() => onAction(a)}
            isDisabled={busy}
            data-testid={`desktops-bulk-${a}`}
          >
            {DESKTOP_ACTION_SPECS[a].label}…
          </Button>
        </FlexItem>
      ))}
      <FlexItem align={{ default: 'alignRight' }}>
        <Button size="sm" variant="plain" onClick={onClear} data-testid="desktops-bulk-clear">
          Clear selection
        </Button>
      </FlexItem>
    </Flex>
  );
}
