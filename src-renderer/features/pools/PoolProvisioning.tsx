import { Card, CardBody, CardTitle, Flex, Label, Progress, ProgressMeasureLocation, ProgressVariant } from '@patternfly/react-core';
import type { MachineState, Pool } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { href } from '../../router/hash-router.ts';
import { MACHINE_STATE_META } from '../../components/machine-states.ts';

/** States of a machine that finished provisioning and can take (or has) a user. */
const READY: readonly MachineState[] = ['AVAILABLE', 'CONNECTED', 'DISCONNECTED', 'ALREADY_USED', 'MAINTENANCE'];
const SHOWN: readonly MachineState[] = ['PROVISIONING', 'CUSTOMIZING', 'AVAILABLE', 'PROVISIONING_ERROR'];

/** Why the first failed machine failed (a full datastore, most often), in words. */
function FirstProblem({ poolId }: { poolId: string }) {
  const list = useApi('desktop-list', { poolId, state: 'PROVISIONING_ERROR', limit: 1 }, { refreshOn: ['desktop'], minIntervalMs: 3000 });
  const first = list.data?.rows[0];
  const one = useApi('desktop-get', { id: first?.id ?? '-' }, { enabled: Boolean(first), refreshOn: ['desktop'], minIntervalMs: 3000 });
  if (!first || !one.data) return null;
  return (
    <p className="vdi-tone-danger vdi-small" data-testid="pool-provisioning-problem">
      {first.name}: {one.data.problem ?? 'provisioning failed'}
    </p>
  );
}

/** "N of M machines ready" and the machines still on their way, live (lab-changed pushes refetch the pool). */
export function PoolProvisioning({ pool }: { pool: Pool }) {
  const count = (s: MachineState) => pool.stateCounts[s] ?? 0;
  const ready = READY.reduce((n, s) => n + count(s), 0);
  const total = pool.machineCount;
  const errors = count('PROVISIONING_ERROR');
  const busy = count('PROVISIONING') + count('CUSTOMIZING') + count('WAIT_FOR_AGENT');
  const pct = total ? Math.round((ready / total) * 100) : 0;
  return (
    <Card isCompact className="vdi-alert" data-testid="pool-provisioning">
      <CardTitle>
        Provisioning{' '}
        {busy > 0 ? (
          <Label isCompact color="purple">
            in progress
          </Label>
        ) : null}
      </CardTitle>
      <CardBody>
        <Progress
          value={pct}
          title={`${ready} of ${total} machines ready`}
          label={`${pct}%`}
          measureLocation={ProgressMeasureLocation.outside}
          variant={errors > 0 ? ProgressVariant.danger : total > 0 && ready === total ? ProgressVariant.success : undefined}
          data-testid="pool-ready-progress"
          aria-label="Machines ready"
        />
        <span hidden data-testid="pool-ready-count" data-ready={ready} data-total={total}>
          {ready} of {total} machines ready
        </span>
        <Flex gap={{ default: 'gapSm' }} style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }}>
          {SHOWN.map((s) => (
            <a key={s} href={href(`/desktops?pool=${encodeURIComponent(pool.name)}&state=${s}`)} data-testid={`pool-prov-${s}`} data-count={count(s)}>
              <Label isCompact color={MACHINE_STATE_META[s].color}>
                {s} {count(s)}
              </Label>
            </a>
          ))}
        </Flex>
        {errors > 0 ? <FirstProblem poolId={pool.id} /> : null}
      </CardBody>
    </Card>
  );
}
