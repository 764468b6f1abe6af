import { Button, Card, CardBody, CardTitle, Content, FormSelect, FormSelectOption, Label, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ClusterSettings, ClusterStatus, DrsAutomation } from '../../../src-main/contract/cluster-entities.ts';
import { getClient } from '../../client/api.ts';
import { NextRun } from '../../components/NextRun.tsx';
import { VmotionCard } from './VmotionCard.tsx';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { Segmented } from '../../components/Segmented.tsx';
import { formatNumber } from '../../components/format.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { useCan } from '../../state/whoami-store.ts';

const LEVELS = ['1', '2', '3', '4', '5'] as const;
const LEVEL_HINT = [
  'Conservative: only moves that rules or maintenance require',
  'Moves for a large imbalance',
  'Default: moves for a moderate imbalance',
  'Moves for a small imbalance',
  'Aggressive: moves for any improvement',
];
const AUTOMATION: { value: DrsAutomation; label: string; hint: string }[] = [
  { value: 'manual', label: 'Manual', hint: 'DRS recommends; the admin applies' },
  { value: 'partially-automated', label: 'Partially automated', hint: 'Initial placement is automatic; migrations are recommended' },
  { value: 'fully-automated', label: 'Fully automated', hint: 'DRS applies its recommendations itself every 5 minutes' },
];
const PRIORITY_COLOR = ['red', 'orange', 'blue', 'grey', 'grey'] as const;

/** DRS settings, the cluster's imbalance and the recommendations (apply one or all). */
export function DrsTab({ status, settings, onSaved }: { status: ClusterStatus; settings: ClusterSettings; onSaved(): void }) {
  const recs = useApi('drs-recommendations', { clusterId: status.clusterId }, { refreshOn: ['cluster', 'host', 'desktop'], minIntervalMs: 2000 });
  const save = useAction();
  const apply = useAction();
  const setDrs = async (input: { automation?: DrsAutomation; threshold?: number }) => {
    const r = await save.run(() => getClient().call('cluster-set-drs', { clusterId: status.clusterId, ...input }));
    if (r) {
      notifySuccess(`DRS: ${r.drsAutomation.replace('-', ' ')}, threshold ${r.drsThreshold}`);
      onSaved();
      recs.reload();
    }
  };
  const run = async (ids?: string[]) => {
    const t = await apply.run(() => getClient().call('drs-apply', ids ? { clusterId: status.clusterId, ids } : { clusterId: status.clusterId }));
    if (t) {
      notifySuccess(`DRS: ${t.total} migration(s) started (${t.id})`);
      recs.reload();
    }
  };
  const list = recs.data ?? [];
  const canSet = useCan('cluster-set-drs');
  const canApply = useCan('drs-apply');
  const over = status.imbalance > status.imbalanceTarget;
  return (
    <>
      <div className="vdi-cluster-grid">
        <Card isCompact>
          <CardTitle>DRS automation</CardTitle>
          <CardBody>
            <FormSelect
              isDisabled={!canSet}
              value={settings.drsAutomation}
              onChange={(_e, v) => void setDrs({ automation: v as DrsAutomation })}
              aria-label="DRS automation level"
              data-testid="drs-automation"
            >
              {AUTOMATION.map((a) => (
                <FormSelectOption key={a.value} value={a.value} label={a.label} />
              ))}
            </FormSelect>
            <Content component="p" className="vdi-muted" style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }}>
              {AUTOMATION.find((a) => a.value === settings.drsAutomation)?.hint}
            </Content>
          </CardBody>
        </Card>
        <Card isCompact>
          <CardTitle>Migration threshold</CardTitle>
          <CardBody>
            <Segmented
              ariaLabel="DRS migration threshold"
              testId="drs-threshold"
              isDisabled={!canSet}
              value={String(settings.drsThreshold) as (typeof LEVELS)[number]}
              onChange={(v) => void setDrs({ threshold: Number(v) })}
              options={LEVELS.map((l, i) => ({ value: l, label: l, title: LEVEL_HINT[i], testId: `drs-threshold-${l}` }))}
            />
            <Content component="p" className="vdi-muted" style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }}>
              {LEVEL_HINT[settings.drsThreshold - 1]}
            </Content>
          </CardBody>
        </Card>
        <Card isCompact>
          <CardTitle>Cluster balance</CardTitle>
          <CardBody>
            <span className={`vdi-imbalance ${over ? 'vdi-tone-warning' : ''}`} data-testid="drs-imbalance">
              {formatNumber(status.imbalance, 3)}
            </span>{' '}
            <span className="vdi-muted">
              std dev of host CPU load · target ≤ {Number.isFinite(status.imbalanceTarget) ? formatNumber(status.imbalanceTarget, 3) : '— (rules only)'}
            </span>
            <Content component="p" className="vdi-muted" style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }}>
              {over ? 'Load imbalanced' : 'Balanced'} · next DRS run{' '}
              <NextRun anchor={status.nextDrsRunAt} intervalSec={status.drsIntervalSec} testId="drs-next-run" />
            </Content>
          </CardBody>
        </Card>
        <VmotionCard settings={settings} onSaved={onSaved} />
      </div>
      {save.error ? <ApiErrorAlert error={save.error} title="DRS settings were not saved" onClose={save.clearError} /> : null}
      {apply.error ? (
        <ApiErrorAlert error={apply.error} title="The recommendations were not applied" onClose={apply.clearError} testId="drs-apply-error" />
      ) : null}
      <div className="vdi-subhead">
        <Title headingLevel="h2" size="md">
          Recommendations{' '}
          <span className="vdi-count" data-testid="drs-recs-count">
            ({list.length})
          </span>
        </Title>
        {canApply ? (
          <Button
            variant="primary"
            size="sm"
            isDisabled={list.length === 0 || apply.busy}
            isLoading={apply.busy}
            onClick={() => void run()}
            data-testid="drs-apply-all"
          >
            Apply all
          </Button>
        ) : null}
      </div>
      {recs.error ? <ApiErrorAlert error={recs.error} title="Could not load the recommendations" onRetry={recs.reload} /> : null}
      {list.length === 0 ? (
        <p className="vdi-muted" data-testid="drs-no-recs">
          No recommendation: the cluster is within its threshold and every rule is met.
        </p>
      ) : (
        <Table variant="compact" aria-label="DRS recommendations" gridBreakPoint="" className="vdi-bordered vdi-table" data-testid="drs-recs-table">
          <Thead>
            <Tr>
              <Th width={15} modifier="nowrap" info={{ tooltip: '1 = mandatory (a rule); 2–5 = from a large to a slight improvement' }}>
                Priority
              </Th>
              <Th>Recommendation</Th>
              <Th className="vdi-num" info={{ tooltip: 'Imbalance (std dev of host CPU load) before → after this move' }}>
                Expected gain
              </Th>
              <Th screenReaderText="Apply" />
            </Tr>
          </Thead>
          <Tbody>
            {list.map((r) => (
              <Tr key={r.id} data-testid={`drs-rec-${r.desktopName}-row`}>
                <Td>
                  <Label isCompact color={PRIORITY_COLOR[r.priority - 1] ?? 'grey'}>
                    {r.priority}
                  </Label>
                </Td>
                <Td>
                  <strong>
                    Migrate {r.desktopName} from {r.fromHostName} to {r.toHostName}
                  </strong>
                  <div className="vdi-muted">{r.reason}</div>
                </Td>
                <Td className="vdi-num">
                  {formatNumber(r.imbalanceBefore, 3)} → {formatNumber(r.imbalanceAfter, 3)}
                </Td>
                <Td isActionCell>
                  {canApply ? (
                    <Button variant="secondary" size="sm" onClick={() => void run([r.id])} isDisabled={apply.busy} data-testid={`drs-apply-${r.desktopName}`}>
                      Apply
                    </Button>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </>
  );
}
