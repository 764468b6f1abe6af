import type { ReactNode } from 'react';
import { Button, Content, Label, List, ListItem, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant } from '@patternfly/react-core';
import type { ApiError } from '../../src-main/contract/index.ts';
import { ApiErrorAlert } from './ApiErrorAlert.tsx';
import { formatInt, plural } from './format.ts';

/** One figure of the blast radius: "14 sessions", "12 users", "3 machines keep v3". */
export interface Impact {
  count: number;
  /** Singular noun ("session"); `plural` when adding an s is wrong. */
  noun: string;
  plural?: string;
  /** Marks the figure that loses work (shown in the warning colour). */
  loses?: boolean;
}

/** The outcome of a bulk action for one object. */
export interface ObjectResult {
  id: string;
  name: string;
  ok: boolean;
  message: string;
}

/** How many affected objects are named before "and N more". */
const NAMES_MAX = 8;

/**
 * The one confirmation for destructive or disruptive actions. Before: what will happen, the blast
 * radius as counts (sessions, users, machines) and the first objects by name; the confirm button
 * repeats the action and its count. After a bulk action: one line per object, done or refused and
 * why, so nothing fails silently.
 *
 * | phase    | shows                                        | buttons             |
 * |----------|----------------------------------------------|---------------------|
 * | confirm  | body, impact counts, names, extra inputs     | action (N), Cancel  |
 * | running  | the same, action busy                        | disabled            |
 * | refused  | the API error above the same content         | action again, Cancel|
 * | results  | per-object results (bulk actions)            | Close               |
 */
export function ConfirmDialog({
  title,
  body,
  impact = [],
  names = [],
  confirmLabel,
  danger = false,
  busy = false,
  error,
  results,
  isConfirmDisabled = false,
  onConfirm,
  onClose,
  children,
  testId = 'confirm-dialog',
}: {
  title: string;
  body?: ReactNode;
  impact?: readonly Impact[];
  names?: readonly string[];
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: ApiError | undefined;
  results?: readonly ObjectResult[] | null;
  isConfirmDisabled?: boolean;
  onConfirm(): void;
  onClose(): void;
  children?: ReactNode;
  testId?: string;
}) {
  const done = results ? results.filter((r) => r.ok).length : 0;
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={busy ? undefined : onClose} aria-labelledby={`${testId}-title`} data-testid={testId}>
      <ModalHeader title={title} labelId={`${testId}-title`} titleIconVariant={danger ? 'warning' : undefined} />
      <ModalBody>
        {error ? <ApiErrorAlert error={error} title={`${confirmLabel} was refused`} testId={`${testId}-error`} /> : null}
        {results ? (
          <>
            <Content component="p" data-testid={`${testId}-summary`}>
              {formatInt(done)} of {formatInt(results.length)} done{results.length - done ? `, ${formatInt(results.length - done)} refused` : ''}.
            </Content>
            <List isPlain className="vdi-confirm-list vdi-confirm-results" data-testid={`${testId}-results`}>
              {results.map((r) => (
                <ListItem key={r.id} data-testid={`${testId}-result-${r.name}`} data-ok={r.ok ? '1' : '0'}>
                  <Label isCompact color={r.ok ? 'green' : 'red'}>
                    {r.ok ? 'done' : 'refused'}
                  </Label>{' '}
                  <strong>{r.name}</strong> <span className="vdi-muted">{r.message}</span>
                </ListItem>
              ))}
            </List>
          </>
        ) : (
          <>
            {body ? <div className="vdi-confirm-body">{body}</div> : null}
            {impact.length ? (
              <p className="vdi-confirm-impact" data-testid={`${testId}-impact`}>
                {impact.map((i, n) => (
                  <span key={n} className={i.loses && i.count > 0 ? 'vdi-tone-warning' : undefined}>
                    {n ? ' · ' : ''}
                    <strong>{plural(i.count, i.noun, i.plural)}</strong>
                  </span>
                ))}
              </p>
            ) : null}
            {names.length ? (
              <List isPlain className="vdi-confirm-list" data-testid={`${testId}-names`}>
                {names.slice(0, NAMES_MAX).map((n) => (
                  <ListItem key={n}>{n}</ListItem>
                ))}
                {names.length > NAMES_MAX ? <ListItem className="vdi-muted">and {formatInt(names.length - NAMES_MAX)} more</ListItem> : null}
              </List>
            ) : null}
            {children}
          </>
        )}
      </ModalBody>
      <ModalFooter>
        {results ? (
          <Button variant="primary" onClick={onClose} data-testid={`${testId}-close`}>
            Close
          </Button>
        ) : (
          <>
            <Button
              variant={danger ? 'danger' : 'primary'}
              onClick={onConfirm}
              isLoading={busy}
              isDisabled={busy || isConfirmDisabled}
              data-testid={`${testId}-submit`}
            >
              {confirmLabel}
            </Button>
            <Button variant="link" onClick={onClose} isDisabled={busy} data-testid={`${testId}-cancel`}>
              Cancel
            </Button>
          </>
        )}
      </ModalFooter>
    </Modal>
  );
}
