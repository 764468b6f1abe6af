import { useMemo, useState } from 'react';
import { Button, Card, CardBody, CardTitle, Flex, FlexItem, FormSelect, FormSelectOption, TextInput } from '@patternfly/react-core';
import type { HaPriority } from '../../../src-main/contract/cluster-entities.ts';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { notifySuccess } from '../../state/toast-store.ts';
import { useAction, useApi } from '../../state/use-api.ts';

/** vSphere HA VM overrides: the restart priority of named VMs (high ones restart first; disabled ones stay down). */
export function RestartPriorityCard() {
  const [text, setText] = useState('');
  const [priority, setPriority] = useState<HaPriority>('high');
  const desktops = useApi('desktop-list', { limit: 20000 });
  const byName = useMemo(() => new Map((desktops.data?.rows ?? []).map((d) => [d.name.toUpperCase(), d.id])), [desktops.data]);
  const names = text.split(/[\s,;]+/).filter(Boolean);
  const action = useAction();
  const apply = async () => {
    const r = await action.run(() => getClient().call('vm-set-restart-priority', { desktopIds: names.map((n) => byName.get(n.toUpperCase()) ?? n), priority }));
    if (r) {
      notifySuccess(`HA restart priority ${priority} for ${r.updated} VM(s)`);
      setText('');
    }
  };
  return (
    <Card isCompact>
      <CardTitle>VM restart priority overrides</CardTitle>
      <CardBody>
        <Flex gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
          <FlexItem grow={{ default: 'grow' }}>
            <TextInput value={text} onChange={(_e, v) => setText(v)} placeholder="RDSH-01, RDSH-02" aria-label="Virtual machines" data-testid="ha-prio-vms" />
          </FlexItem>
          <FlexItem>
            <FormSelect value={priority} onChange={(_e, v) => setPriority(v as HaPriority)} aria-label="Restart priority" data-testid="ha-prio-level">
              <FormSelectOption value="high" label="High" />
              <FormSelectOption value="medium" label="Medium" />
              <FormSelectOption value="low" label="Low" />
              <FormSelectOption value="disabled" label="Disabled" />
            </FormSelect>
          </FlexItem>
          <FlexItem>
            <Button
              variant="secondary"
              onClick={() => void apply()}
              isDisabled={names.length === 0 || action.busy}
              isLoading={action.busy}
              data-testid="ha-prio-apply"
            >
              Set
            </Button>
          </FlexItem>
        </Flex>
        <p className="vdi-muted" style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }}>
          HA restarts high-priority VMs first (session hosts, infrastructure), then medium, then low, in batches of 32; disabled VMs stay down.
        </p>
        {action.error ? <ApiErrorAlert error={action.error} title="Priority not set" onClose={action.clearError} /> : null}
      </CardBody>
    </Card>
  );
}
