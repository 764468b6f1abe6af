import { useEffect, useState } from 'react';
import { Button, Card, CardBody, CardTitle, Content, FormGroup, FormHelperText, HelperText, HelperTextItem, TextInput } from '@patternfly/react-core';
import type { RetentionLevel } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useCan } from '../../state/whoami-store.ts';

const FIELD = { 300: 'fiveMinuteDays', 3600: 'hourlyDays', 86400: 'dailyDays' } as const;
const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

/**
 * How long each rollup level is kept (simulated days). Administrators edit it; other roles see it.
 * The host prunes at once what a shorter retention no longer keeps.
 */
export function RetentionCard({ onSaved }: { onSaved(): void }) {
  const levels = useApi('trend-retention-get', {});
  const canSet = useCan('trend-retention-set');
  const action = useAction();
  const [draft, setDraft] = useState<Record<number, string>>({});
  useEffect(() => {
    if (levels.data) setDraft(Object.fromEntries(levels.data.map((l) => [l.resolution, String(l.days)])));
  }, [levels.data]);
  const invalid = (l: RetentionLevel) => {
    const v = Number(draft[l.resolution]);
    return !Number.isInteger(v) || v < l.min || v > l.max;
  };
  const changed = levels.data?.filter((l) => draft[l.resolution] !== String(l.days)) ?? [];
  const save = async () => {
    const input = Object.fromEntries(changed.map((l) => [FIELD[l.resolution], Number(draft[l.resolution])]));
    const r = await action.run(() => getClient().call('trend-retention-set', input));
    if (!r) return;
    notifySuccess('Trends retention saved');
    levels.reload();
    onSaved();
  };
  return (
    <Card isCompact data-testid="trend-retention">
      <CardTitle>Retention per rollup level</CardTitle>
      <CardBody>
        <Content component="p" className="vdi-muted">
          Raw samples (20 s) are kept for the last hour; each rollup level is kept for the days below (simulated time). A shorter retention deletes older
          buckets at once.
        </Content>
        {action.error ? <ApiErrorAlert error={action.error} onClose={action.clearError} /> : null}
        <div className="vdi-trend-retention">
          {levels.data?.map((l) => (
            <FormGroup key={l.resolution} label={`${l.label} rollups (days)`} fieldId={`trend-retention-${l.resolution}`}>
              <TextInput
                id={`trend-retention-${l.resolution}`}
                type="number"
                min={l.min}
                max={l.max}
                value={draft[l.resolution] ?? ''}
                isDisabled={!canSet}
                validated={invalid(l) ? 'error' : 'default'}
                onChange={(_e, v) => setDraft((d) => ({ ...d, [l.resolution]: v }))}
                data-testid={`trend-retention-${l.resolution}`}
              />
              <FormHelperText>
                <HelperText>
                  <HelperTextItem variant={invalid(l) ? 'error' : 'default'}>
                    {invalid(l) ? `${l.min}–${l.max} days` : `${l.rows.toLocaleString('en-US')} rows, from ${day(l.oldest)}`}
                  </HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>
          ))}
          {canSet ? (
            <Button
              variant="secondary"
              onClick={() => void save()}
              isDisabled={changed.length === 0 || (levels.data ?? []).some(invalid)}
              isLoading={action.busy}
              data-testid="trend-retention-save"
            >
              Save retention
            </Button>
          ) : null}
        </div>
      </CardBody>
    </Card>
  );
}
