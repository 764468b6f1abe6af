import { useMemo, useState } from 'react';
import { Alert, Button, Content, Flex, Label, TreeView, type TreeViewDataItem } from '@patternfly/react-core';
import CameraIcon from '@patternfly/react-icons/dist/esm/icons/camera-icon';
import MapMarkerIcon from '@patternfly/react-icons/dist/esm/icons/map-marker-alt-icon';
import type { Desktop, Snapshot, SnapshotTree } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { formatSimTime } from '../../components/format.ts';
import { SnapshotImpactModal, type ImpactRequest } from './SnapshotImpactModal.tsx';
import { SnapshotTakeModal } from './SnapshotTakeModal.tsx';
import { SnapshotTaskProgress } from './SnapshotTaskProgress.tsx';
import { gbText, slug } from './snapshot-text.ts';
import { useCan } from '../../state/whoami-store.ts';

const HERE = 'you-are-here';

/** The snapshot tree as TreeView data, with the "you are here" node under the current snapshot. */
function treeData(tree: SnapshotTree, desktop: Desktop, onRevert: ((s: Snapshot) => void) | null): TreeViewDataItem[] {
  const here: TreeViewDataItem = {
    id: HERE,
    name: (
      <span data-testid="snapshot-you-are-here">
        <Label isCompact color="blue" icon={<MapMarkerIcon />}>
          You are here
        </Label>{' '}
        <span className="vdi-muted">
          {desktop.state}, {desktop.powerState === 'poweredOn' ? 'running' : desktop.powerState === 'poweredOff' ? 'powered off' : 'suspended'}
          {tree.snapshots.length ? ` · ${gbText(tree.runningDeltaGb)} written since` : ''}
        </span>
      </span>
    ),
  };
  const node = (s: Snapshot): TreeViewDataItem => {
    const children = tree.snapshots.filter((c) => c.parentId === s.id).map(node);
    if (tree.currentId === s.id) children.push(here);
    return {
      id: s.id,
      name: (
        <span data-testid={`snapshot-node-${slug(s.name)}`}>
          <strong>{s.name}</strong>{' '}
          <span className="vdi-muted">
            {formatSimTime(s.createdAt)} · {s.includeMemory ? `memory ${gbText(s.memoryGb)}` : s.quiesced ? 'disk, quiesced' : 'disk only'} · delta{' '}
            {gbText(s.deltaGb)}
          </span>
        </span>
      ),
      defaultExpanded: true,
      children: children.length ? children : undefined,
      // A role that may not revert sees the tree without the action (the host refuses it anyway).
      action: onRevert && (
        <Button
          variant="link"
          size="sm"
          isInline
          onClick={() => onRevert(s)}
          data-testid={`snapshot-revert-${slug(s.name)}`}
          aria-label={`Revert to ${s.name}`}
        >
          Revert
        </Button>
      ),
    };
  };
  const roots = tree.snapshots.filter((s) => s.parentId === null).map(node);
  return tree.currentId === null ? [...roots, here] : roots;
}

/**
 * The desktop's Snapshots tab: the tree (PatternFly TreeView) with "you are here", take, revert in
 * two clicks (Revert on the node, then confirm in the impact dialog that names whom it affects),
 * delete, delete all, consolidate, the running task's progress, and a training "bad update".
 */
export function SnapshotsTab({ desktop }: { desktop: Desktop }) {
  const { data: tree, error, reload } = useApi('snapshot-list', { desktopId: desktop.id }, { refreshOn: ['desktop', 'datastore'], minIntervalMs: 1000 });
  const [taking, setTaking] = useState(false);
  const [impact, setImpact] = useState<ImpactRequest | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const action = useAction();
  const canTake = useCan('snapshot-take');
  const canDeleteAll = useCan('snapshot-delete-all');
  const canConsolidate = useCan('snapshot-consolidate');
  const canRevert = useCan('snapshot-revert');
  const canDelete = useCan('snapshot-delete');
  const canFail = useCan('desktop-simulate-failure');

  const data = useMemo(
    () => (tree ? treeData(tree, desktop, canRevert ? (s) => setImpact({ kind: 'revert', snapshotId: s.id, desktopId: desktop.id }) : null) : []),
    [tree, desktop, canRevert],
  );
  const selected = tree?.snapshots.find((s) => s.id === selectedId) ?? null;
  const active = data
    .flatMap(function flat(n): TreeViewDataItem[] {
      return [n, ...(n.children ?? []).flatMap(flat)];
    })
    .filter((n) => n.id === selectedId);

  const consolidate = async () => {
    const t = await action.run(() => getClient().call('snapshot-consolidate', { desktopId: desktop.id }));
    if (t) {
      notifySuccess(`Consolidating the disks of ${desktop.name}: Recent Tasks shows its progress`);
    }
  };
  const [confirmBad, setConfirmBad] = useState(false);
  const badUpdate = async () => {
    const d = await action.run(() => getClient().call('desktop-simulate-failure', { id: desktop.id, kind: 'bad-update' }));
    if (d) {
      setConfirmBad(false);
      notifySuccess(`${d.name}: a bad update was simulated (${d.state})`);
    }
  };

  if (error) return <ApiErrorAlert error={error} title="Could not load the snapshots" onRetry={reload} />;
  if (!tree) return <CenteredSpinner label="Loading the snapshot tree" />;
  return (
    <div data-testid="snapshots-tab">
      {confirmBad ? (
        <ConfirmDialog
          title={`Simulate a bad update on ${desktop.name}?`}
          body={
            <p>
              Training: the guest stops answering (AGENT_UNREACHABLE). Users on it lose their desktop until you revert to a snapshot taken before, or restart
              it.
            </p>
          }
          impact={[
            { count: 1, noun: 'desktop' },
            { count: desktop.sessionCount, noun: 'session', loses: true },
            { count: tree?.snapshots.length ?? 0, noun: 'snapshot to revert to', plural: 'snapshots to revert to' },
          ]}
          confirmLabel="Break the desktop"
          danger
          busy={action.busy}
          error={action.error}
          onConfirm={() => void badUpdate()}
          onClose={() => setConfirmBad(false)}
          testId="bad-update-confirm"
        />
      ) : null}
      {taking ? <SnapshotTakeModal desktop={desktop} onClose={() => setTaking(false)} /> : null}
      {impact ? <SnapshotImpactModal request={impact} onClose={() => setImpact(null)} onStarted={() => reload()} /> : null}
      {action.error ? (
        <ApiErrorAlert error={action.error} title="The operation was refused" onClose={action.clearError} testId="snapshot-action-error" />
      ) : null}
      <Flex gap={{ default: 'gapSm' }} style={{ marginBottom: 'var(--pf-t--global--spacer--sm)' }}>
        {canTake ? (
          <Button variant="primary" size="sm" icon={<CameraIcon />} onClick={() => setTaking(true)} data-testid="snapshot-take-button">
            Take snapshot
          </Button>
        ) : null}
        {canDeleteAll ? (
          <Button
            variant="secondary"
            size="sm"
            isDisabled={tree.snapshots.length === 0}
            onClick={() => setImpact({ kind: 'delete-all', desktopId: desktop.id })}
            data-testid="snapshot-delete-all-button"
          >
            Delete all
          </Button>
        ) : null}
        {tree.orphanGb > 0 && canConsolidate ? (
          <Button variant="warning" size="sm" onClick={() => void consolidate()} isDisabled={action.busy} data-testid="snapshot-consolidate-button">
            Consolidate
          </Button>
        ) : null}
      </Flex>
      <Content component="small" className="vdi-muted" data-testid="snapshot-summary">
        {tree.snapshots.length === 0
          ? 'No snapshots. Take one before a risky change; revert to it if the change goes wrong.'
          : `${tree.snapshots.length} snapshot${tree.snapshots.length === 1 ? '' : 's'} · chain depth ${tree.chainDepth} · ${gbText(tree.totalGb)} on the datastore`}
      </Content>
      {tree.warnings.length ? (
        <Alert variant="warning" isInline isPlain title="Snapshot chain needs attention" className="vdi-alert" data-testid="snapshot-warnings">
          {tree.warnings.join('; ')}
        </Alert>
      ) : null}
      <SnapshotTaskProgress desktopId={desktop.id} />
      <TreeView
        data={data}
        aria-label={`Snapshot tree of ${desktop.name}`}
        hasGuides
        activeItems={active}
        onSelect={(_e, item) => setSelectedId(item.id && item.id !== HERE ? item.id : null)}
        data-testid="snapshot-tree"
      />
      {selected ? (
        <div className="vdi-snapshot-selected" data-testid="snapshot-selected">
          <Content component="p">
            <strong>{selected.name}</strong> {selected.description ? `— ${selected.description}` : ''}
            <br />
            <span className="vdi-muted">
              Taken {formatSimTime(selected.createdAt)} UTC with the desktop {selected.machineState}, {selected.powerState}; level {selected.depth} of the
              chain.
            </span>
          </Content>
          <Flex gap={{ default: 'gapSm' }}>
            {canRevert ? (
              <Button
                variant="warning"
                size="sm"
                onClick={() => setImpact({ kind: 'revert', snapshotId: selected.id, desktopId: desktop.id })}
                data-testid="snapshot-selected-revert"
              >
                Revert to this snapshot
              </Button>
            ) : null}
            {canDelete ? (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => setImpact({ kind: 'delete', snapshotId: selected.id, removeChildren: false })}
                data-testid="snapshot-selected-delete"
              >
                Delete
              </Button>
            ) : null}
            {canDelete && tree.snapshots.some((s) => s.parentId === selected.id) ? (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => setImpact({ kind: 'delete', snapshotId: selected.id, removeChildren: true })}
                data-testid="snapshot-selected-delete-children"
              >
                Delete with children
              </Button>
            ) : null}
          </Flex>
        </div>
      ) : null}
      {canFail ? (
        <div className="vdi-training-actions">
          <Content component="small" className="vdi-muted">
            Training:{' '}
            <Button variant="link" isInline isDanger onClick={() => setConfirmBad(true)} isDisabled={action.busy} data-testid="desktop-simulate-bad-update">
              simulate a bad update
            </Button>{' '}
            (the guest stops answering; revert to a snapshot taken before to fix it)
          </Content>
        </div>
      ) : null}
    </div>
  );
}
