import { Button, Card, CardBody } from '@patternfly/react-core';
import { MACHINE_STATES, type ApiError, type DesktopRow, type Pool } from '../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { StackedBar } from '../../components/StackedBar.tsx';
import { NothingHere, TableSkeleton } from '../../components/States.tsx';
import { VirtualTable } from '../../components/VirtualTable.tsx';
import { MACHINE_STATE_META } from '../../components/machine-states.ts';
import { desktopColumns } from '../desktops/index.ts';

const COLUMNS = desktopColumns(['pool']);

/** The pool's machines: state counts on top, then all of them in a virtualized table. */
export function PoolMachines({
  pool,
  rows,
  error,
  reload,
  selected,
  onSelect,
  onAdd,
}: {
  pool: Pool;
  rows: DesktopRow[] | undefined;
  error: ApiError | undefined;
  reload(): void;
  selected: string | null;
  onSelect(id: string): void;
  /** Opens "Add machines" (manual pools: nothing else creates their machines). */
  onAdd(): void;
}) {
  const segments = MACHINE_STATES.map((s) => ({
    key: s,
    label: s,
    value: pool.stateCounts[s] ?? 0,
    color: MACHINE_STATE_META[s].bar,
    testId: `pool-state-${s}`,
    to: `/desktops?pool=${encodeURIComponent(pool.name)}&state=${s}`,
  }));
  return (
    <>
      <Card isCompact className="vdi-alert">
        <CardBody>
          <StackedBar segments={segments} total={pool.machineCount} ariaLabel="Machines by state" showZero={false} />
        </CardBody>
      </Card>
      {error ? <ApiErrorAlert error={error} title="Could not load the machines" onRetry={reload} /> : null}
      {rows ? (
        <VirtualTable
          rows={rows}
          columns={COLUMNS}
          rowKey={(r) => r.id}
          rowTestId={(r) => `desktop-${r.name}-row`}
          onRowClick={(r) => onSelect(r.id)}
          activeKey={selected}
          initialSort={{ key: 'name', direction: 'asc' }}
          ariaLabel="Machines of the pool"
          testId="pool-machines-table"
          fitContent
          empty={
            pool.kind === 'manual' ? (
              <NothingHere
                title="No machines in this pool"
                body={
                  <>
                    A manual pool provisions nothing: add existing machines to it.{' '}
                    <Button variant="link" isInline onClick={onAdd} data-testid="pool-machines-add">
                      Add machines
                    </Button>
                  </>
                }
              />
            ) : (
              <NothingHere title="No machines in this pool" body="Provisioning creates machines up to the pool's minimum." />
            )
          }
        />
      ) : error ? null : (
        <TableSkeleton />
      )}
    </>
  );
}
