import type { ReactNode } from 'react';
import { Button, Card, CardBody, CardHeader, CardTitle } from '@patternfly/react-core';
import { Table, Tbody, Thead, Tr } from '@patternfly/react-table';
import { NothingHere } from './States.tsx';

export interface TableCardAction {
  label: string;
  onClick: () => void;
  testId: string;
  isDisabled?: boolean;
}

/**
 * A titled card holding one compact table, with an optional header button and an empty state
 * in place of the table when there are no rows: the shape of the list cards on overview pages.
 */
export function TableCard<T>({
  title,
  action,
  rows,
  empty,
  ariaLabel,
  testId,
  head,
  row,
}: {
  title: string;
  /** Shown only when given: callers leave it out for roles that cannot act. */
  action?: TableCardAction | null;
  rows: readonly T[];
  empty: { title: string; body: ReactNode };
  ariaLabel: string;
  testId?: string;
  /** The header cells (`Th`s). */
  head: ReactNode;
  /** One `Tr` per row. */
  row: (item: T, index: number) => ReactNode;
}) {
  return (
    <Card isCompact>
      <CardHeader
        actions={
          action
            ? {
                actions: (
                  <Button size="sm" onClick={action.onClick} data-testid={action.testId} isDisabled={action.isDisabled}>
                    {action.label}
                  </Button>
                ),
              }
            : undefined
        }
      >
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardBody>
        {rows.length === 0 ? (
          <NothingHere title={empty.title} body={empty.body} />
        ) : (
          <Table aria-label={ariaLabel} variant="compact" data-testid={testId}>
            <Thead>
              <Tr>{head}</Tr>
            </Thead>
            <Tbody>{rows.map(row)}</Tbody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}
