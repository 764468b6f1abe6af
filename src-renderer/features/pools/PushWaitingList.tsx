import { ExpandableSection, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import type { PoolImageStatus, PushWaitReason } from '../../../src-main/contract/index.ts';
import { href } from '../../router/hash-router.ts';
import { formatInt, plural } from '../../components/format.ts';

export const REASON_TEXT: Record<PushWaitReason, { label: string; color: 'orange' | 'blue' | 'purple' | 'grey' | 'red' }> = {
  'in-use': { label: 'in use: at logoff', color: 'orange' },
  recomposing: { label: 'recomposing now', color: 'blue' },
  queued: { label: 'queued for a clone slot', color: 'purple' },
  maintenance: { label: 'in maintenance mode', color: 'grey' },
  stranded: { label: 'not on the pool version', color: 'red' },
};

/** "12 in use (14 sessions of 14 users) · 3 recomposing · 2 queued · 1 in maintenance". */
export function waitingSummary(s: PoolImageStatus): string {
  const by = (r: PushWaitReason) => s.waiting.filter((w) => w.reason === r).length;
  const parts: string[] = [];
  if (s.summary.inUse) parts.push(`${formatInt(s.summary.inUse)} in use (${plural(s.summary.sessions, 'session')} of ${plural(s.summary.users, 'user')})`);
  if (by('recomposing')) parts.push(`${formatInt(by('recomposing'))} recomposing`);
  if (by('queued')) parts.push(`${formatInt(by('queued'))} queued`);
  if (by('maintenance')) parts.push(`${formatInt(by('maintenance'))} in maintenance`);
  if (by('stranded')) parts.push(`${formatInt(by('stranded'))} on another version`);
  return parts.join(' · ');
}

const SHOWN_MAX = 200;

/** The machines a push waits for, why, and who is on them (user names open Help Desk). */
export function PushWaitingList({ status }: { status: PoolImageStatus }) {
  const [open, setOpen] = useState(false);
  if (status.waiting.length === 0) return null;
  return (
    <ExpandableSection
      toggleText={open ? 'Hide the machines' : `Show the ${plural(status.waiting.length, 'machine')} not yet on v${status.version ?? '?'}`}
      onToggle={(_e, v) => setOpen(v)}
      isExpanded={open}
      data-testid="push-waiting-toggle"
    >
      <div className="vdi-push-waiting">
        <Table variant="compact" aria-label="Machines not yet on the target version" data-testid="push-waiting-table" gridBreakPoint="" isStickyHeader>
          <Thead>
            <Tr>
              <Th width={20}>Machine</Th>
              <Th width={15}>Runs</Th>
              <Th width={30}>Waiting because</Th>
              <Th>Users</Th>
            </Tr>
          </Thead>
          <Tbody>
            {status.waiting.slice(0, SHOWN_MAX).map((w) => (
              <Tr key={w.desktopId} data-testid={`push-waiting-${w.desktopName}`} data-reason={w.reason}>
                <Td dataLabel="Machine" className="vdi-nowrap">
                  <a href={href(`/desktops?selected=${w.desktopId}`)}>{w.desktopName}</a>
                </Td>
                <Td dataLabel="Runs">{w.version !== null ? `v${w.version}` : '—'}</Td>
                <Td dataLabel="Waiting because">
                  <Label isCompact color={REASON_TEXT[w.reason].color}>
                    {REASON_TEXT[w.reason].label}
                  </Label>
                </Td>
                <Td dataLabel="Users">
                  {w.sessions.length
                    ? w.sessions.map((s, i) => (
                        <span key={s.id}>
                          {i ? ', ' : ''}
                          <a href={href(`/helpdesk/${s.id}`)} title={`Help Desk: ${s.userName} (${s.state})`}>
                            {s.userName}
                          </a>
                        </span>
                      ))
                    : '—'}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </div>
      {status.waiting.length > SHOWN_MAX ? <p className="vdi-muted vdi-small">and {formatInt(status.waiting.length - SHOWN_MAX)} more</p> : null}
    </ExpandableSection>
  );
}
