import { useState } from 'react';
import { Divider, Dropdown, DropdownItem, DropdownList, MenuToggle, type MenuToggleElement } from '@patternfly/react-core';
import EllipsisVIcon from '@patternfly/react-icons/dist/esm/icons/ellipsis-v-icon';
import type { SessionRow } from '../../../src-main/contract/index.ts';
import { navigate } from '../../router/hash-router.ts';
import { MACHINE_ACTIONS, SESSION_ACTIONS, type SessionActionKind } from './session-actions.ts';
import { sessionStem } from './session-columns.tsx';
import { useLiveState } from './session-live.ts';
import { focusOnMount, useOpenAfterMount } from '../../components/closed-toggle.ts';

const KEBAB = <EllipsisVIcon />;

/**
 * The row's kebab: Help Desk, shadow, then the actions on this one session. `onRds(poolId)`: the pool is
 * multi-session (asked when the menu opens: the table keeps its columns, and so this prop, across renders).
 */
export function SessionRowMenu({
  row,
  onAction,
  onRds,
}: {
  row: SessionRow;
  onAction(kind: SessionActionKind | 'message', row: SessionRow): void;
  onRds(poolId: string): boolean;
}) {
  // Open for this session only: the table reuses a row's components for the next session that
  // scrolls into its slot, and that one's menu must not open.
  const [openFor, setOpenFor] = useState<string | null>(null);
  const open = openFor === row.id;
  const shown = useOpenAfterMount(open);
  const setOpen = (on: boolean | ((was: boolean) => boolean)) => setOpenFor((typeof on === 'function' ? on(open) : on) ? row.id : null);
  const stem = sessionStem(row);
  const state = useLiveState(row);
  const connected = state !== 'disconnected' && state !== 'logged-off';
  const rds = open && onRds(row.poolId);
  const act = (kind: SessionActionKind | 'message') => {
    setOpen(false);
    onAction(kind, row);
  };
  const toggleProps = {
    variant: 'plain' as const,
    size: 'sm' as const,
    'aria-label': `Actions for ${row.userDisplayName}`,
    'data-testid': `${stem}-menu`,
    icon: <EllipsisVIcon />,
  };
  // Closed, a row has only this small button in MenuToggle's markup: a Dropdown (and its popper),
  // or even a MenuToggle component, per row would cost every scroll step.
  if (!open)
    return (
      <button
        type="button"
        className="pf-v6-c-menu-toggle pf-m-plain pf-m-small"
        aria-label={toggleProps['aria-label']}
        aria-expanded={false}
        data-testid={toggleProps['data-testid']}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }}
      >
        <span className="pf-v6-c-menu-toggle__icon">{KEBAB}</span>
      </button>
    );
  return (
    <Dropdown
      isOpen={shown}
      onOpenChange={setOpen}
      popperProps={{ position: 'right', appendTo: () => document.body }}
      toggle={(ref: React.Ref<MenuToggleElement>) => (
        <MenuToggle
          // The closed button was another element: this one takes its focus (Escape closes, arrows move in).
          ref={focusOnMount(ref)}
          {...toggleProps}
          onClick={(e) => {
            e.stopPropagation();
            setOpen((o) => !o);
          }}
          isExpanded={open}
        />
      )}
    >
      <DropdownList>
        <DropdownItem onClick={() => navigate(`/helpdesk/${row.id}`)} data-testid={`${stem}-helpdesk`}>
          Open in Help Desk
        </DropdownItem>
        <DropdownItem
          onClick={() => navigate(`/shadow/${row.id}`)}
          isDisabled={!connected}
          data-testid={`${stem}-shadow`}
          description={connected ? undefined : 'Only a connected session can be shadowed'}
        >
          Shadow session
        </DropdownItem>
        <DropdownItem onClick={() => act('message')} isDisabled={!connected} data-testid={`${stem}-message`}>
          Send message…
        </DropdownItem>
        <Divider component="li" />
        {(Object.keys(SESSION_ACTIONS) as SessionActionKind[]).map((k) => {
          const rdsBlocked = MACHINE_ACTIONS.has(k) && rds;
          return (
            <DropdownItem
              key={k}
              onClick={() => act(k)}
              // A danger item keeps its red when disabled: a blocked one is shown plain, as disabled.
              isDanger={SESSION_ACTIONS[k].danger && !rdsBlocked}
              isDisabled={(k === 'disconnect' && !connected) || rdsBlocked}
              description={rdsBlocked ? 'An RDS host: restart it from its machines' : undefined}
              data-testid={`${stem}-${k}`}
            >
              {SESSION_ACTIONS[k].label}
              {SESSION_ACTIONS[k].loses ? '…' : ''}
            </DropdownItem>
          );
        })}
      </DropdownList>
    </Dropdown>
  );
}
