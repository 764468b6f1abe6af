import { useMemo } from 'react';
import { Button, Label, PageSection, SearchInput, Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import { useUrlFilter } from '../../state/use-url-filter.ts';
import { CsvExportButton, useColumnChooser } from '../../components/table-tools.tsx';
import PlusIcon from '@patternfly/react-icons/dist/esm/icons/plus-icon';
import type { AlarmCounts, GoldenImage, Pool } from '../../../src-main/contract/index.ts';
import { AlarmCountLabel, alarmRank, useAlarmCounts } from '../alarms/index.ts';
import { useApi } from '../../state/use-api.ts';
import { navigate, useRoute } from '../../router/hash-router.ts';
import { PoolWizard } from './wizard/PoolWizard.tsx';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { EnabledLabel } from '../../components/StatusLabels.tsx';
import { NoMatches, NothingHere, TableSkeleton } from '../../components/States.tsx';
import { Can } from '../../components/Can.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable, type Column } from '../../components/VirtualTable.tsx';
import { formatInt, humanize } from '../../components/format.ts';
import { imageParts, imageText, KIND_NAMES } from './pool-text.ts';

function columns(images: Map<string, GoldenImage>, alarms: AlarmCounts | undefined, tenantOf: Map<string, string>): Column<Pool>[] {
  // Issue 19: in labs with tenants the pool's tenant leads its second line (a column of its own squeezed the Image
  // column to nothing at 1440 px); the search box matches it too.
  return [
    {
      key: 'name',
      title: 'Pool',
      width: '13.5rem',
      sortValue: (p) => p.name,
      render: (p) => (
        <div className="vdi-two-line">
          <span className="vdi-link-cell">{p.name}</span>
          <span className="vdi-muted" title={p.displayName} data-testid={tenantOf.has(p.id) ? `pool-tenant-${p.id}` : undefined}>
            {tenantOf.has(p.id) ? (
              <>
                <strong>{tenantOf.get(p.id)}</strong> · {p.displayName}
              </>
            ) : (
              p.displayName
            )}
          </span>
        </div>
      ),
    },
    {
      key: 'alarms',
      title: 'Alarms',
      width: '5.5rem',
      info: 'Active alarms of the pool (no desktop available, failed connections, slow logons)',
      sortValue: (p) => alarmRank(alarms, 'pool', p.id),
      render: (p) => <AlarmCountLabel counts={alarms} kind="pool" id={p.id} name={p.name} />,
    },
    {
      key: 'kind',
      title: 'Type',
      width: '12.5rem',
      info: 'Clone type, user assignment and sessions per machine',
      sortValue: (p) => `${p.kind} ${p.assignment} ${p.sessionType}`,
      render: (p) => (
        <div className="vdi-two-line">
          <span>{KIND_NAMES[p.kind]}</span>
          <span className="vdi-muted">
            {humanize(p.assignment)} · {p.sessionType === 'single-session' ? 'single-session' : `multi-session ≤ ${p.maxSessionsPerHost}`}
          </span>
        </div>
      ),
    },
    {
      key: 'image',
      title: 'Image',
      sortValue: (p) => imageText(p, images),
      render: (p) => {
        const { name, version } = imageParts(p, images);
        return (
          <div className="vdi-two-line" title={imageText(p, images)}>
            <span>{name}</span>
            {version && <span className="vdi-muted">{version}</span>}
          </div>
        );
      },
    },
    {
      key: 'machines',
      title: 'Machines',
      width: '6.5rem',
      numeric: true,
      info: 'Machines in the pool / maximum',
      sortValue: (p) => p.machineCount,
      render: (p) => (
        <span>
          {formatInt(p.machineCount)} <span className="vdi-muted">/ {formatInt(p.maxMachines)}</span>
        </span>
      ),
    },
    { key: 'sessions', title: 'Sessions', width: '6rem', numeric: true, sortValue: (p) => p.sessionCount, render: (p) => formatInt(p.sessionCount) },
    {
      key: 'problems',
      title: 'Problems',
      width: '6rem',
      numeric: true,
      info: 'Problem machines: PROVISIONING_ERROR, AGENT_UNREACHABLE, ERROR, ALREADY_USED',
      sortValue: (p) => p.problemCount,
      render: (p) =>
        p.problemCount > 0 ? (
          <Label isCompact color="red" data-testid={`pool-${p.name}-problems`}>
            {formatInt(p.problemCount)}
          </Label>
        ) : (
          <span className="vdi-muted">0</span>
        ),
    },
    {
      key: 'enabled',
      title: 'Status',
      width: '6.5rem',
      sortValue: (p) => (p.enabled ? 1 : 0),
      csv: (p) => (p.enabled ? 'enabled' : 'disabled'),
      render: (p) => (
        <span data-testid={`pool-${p.name}-enabled`}>
          <EnabledLabel enabled={p.enabled} />
        </span>
      ),
    },
    {
      key: 'provisioning',
      title: 'Provisioning',
      width: '7.5rem',
      sortValue: (p) => (p.provisioningEnabled ? 1 : 0),
      csv: (p) => (p.provisioningEnabled ? 'enabled' : 'disabled'),
      render: (p) => <EnabledLabel enabled={p.provisioningEnabled} />,
    },
  ];
}

const FIELDS = { search: { key: 'q' } };
const NO_FILTER = { search: '' };
const DEFAULT_SORT = { key: 'name', direction: 'asc' as const };

export function PoolsView() {
  const { data, error, reload } = useApi('pool-list', {}, { refreshOn: ['pool', 'desktop'] });
  const imagesApi = useApi('image-list', {}, { refreshOn: ['image'] });
  const images = useMemo(() => new Map((imagesApi.data ?? []).map((i) => [i.id, i])), [imagesApi.data]);
  const alarms = useAlarmCounts();
  const tenantsApi = useApi('tenant-list', {}, { refreshOn: ['pool'] });
  const tenantOf = useMemo(() => new Map((tenantsApi.data ?? []).flatMap((t) => t.pools.map((p) => [p.id, t.name] as const))), [tenantsApi.data]);
  const cols = useMemo(() => columns(images, alarms, tenantOf), [images, alarms, tenantOf]);
  const f = useUrlFilter<{ search: string }>({ path: '/pools', empty: NO_FILTER, fields: FIELDS, defaultSort: DEFAULT_SORT });
  const q = f.effective.search.trim().toLowerCase();
  const shown = useMemo(
    () =>
      (data ?? []).filter(
        (p) =>
          !q ||
          p.name.toLowerCase().includes(q) ||
          p.displayName.toLowerCase().includes(q) ||
          imageText(p, images).toLowerCase().includes(q) ||
          (tenantOf.get(p.id) ?? '').toLowerCase().includes(q) ||
          p.kind.includes(q),
      ),
    [data, q, images, tenantOf],
  );
  const { visible, chooser } = useColumnChooser(cols, 'pools-table');
  const route = useRoute();
  const creating = route.query.get('create') === '1';
  const fromId = route.query.get('from');
  const from = fromId ? data?.find((p) => p.id === fromId) : undefined;
  return (
    <>
      <ViewHeader
        title="Desktop pools"
        description="Horizon desktop pools (Citrix: machine catalog + delivery group · AVD: host pool). Select a pool for its settings, machines and entitlements."
        actions={
          <Can method="pool-create">
            <Button variant="primary" icon={<PlusIcon />} onClick={() => navigate('/pools?create=1')} data-testid="pool-create-button">
              Create pool
            </Button>
          </Can>
        }
      />
      {creating && (!fromId || from) ? <PoolWizard key={fromId ?? 'new'} from={from} onClose={() => navigate('/pools', { replace: true })} /> : null}
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        <Toolbar className="vdi-toolbar" clearAllFilters={f.clear}>
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput
                placeholder="Search ID, name, image or type"
                value={f.searchText}
                onChange={(_e, v) => f.setSearchText(v)}
                onClear={() => f.setSearchText('')}
                aria-label="Search desktop pools"
                data-testid="pools-search"
                style={{ width: '18rem' }}
              />
            </ToolbarItem>
            <ToolbarGroup align={{ default: 'alignEnd' }} alignItems="center">
              <ToolbarItem>{chooser}</ToolbarItem>
              <ToolbarItem>
                <CsvExportButton rows={shown} columns={visible} sort={f.sort} fileName="desktop-pools" testId="pools-export" />
              </ToolbarItem>
              <ToolbarItem alignSelf="center">
                <span className="vdi-count" data-testid="pools-count">
                  <strong>{formatInt(shown.length)}</strong> of {formatInt(data?.length ?? 0)} pools
                </span>
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
        {error ? <ApiErrorAlert error={error} title="Could not load the desktop pools" onRetry={reload} /> : null}
        {data ? (
          <VirtualTable
            rows={shown}
            columns={visible}
            rowKey={(p) => p.id}
            rowTestId={(p) => `pool-${p.name}-row`}
            onRowClick={(p) => navigate(`/pools/${p.id}`)}
            sort={f.sort}
            onSortChange={f.setSort}
            ariaLabel="Desktop pools"
            testId="pools-table"
            fitContent
            rowHeight={52}
            empty={
              data.length === 0 ? (
                <NothingHere title="No desktop pools" body="This lab has no pools yet." />
              ) : (
                <NoMatches
                  what="desktop pools"
                  action={
                    <Button variant="link" onClick={f.clear}>
                      Clear the search
                    </Button>
                  }
                />
              )
            }
          />
        ) : error ? null : (
          <TableSkeleton />
        )}
      </PageSection>
    </>
  );
}
