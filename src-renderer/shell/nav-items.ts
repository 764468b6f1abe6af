import type { MethodName } from '../../src-main/contract/index.ts';

/** The sidebar, in order. Only screens that work are listed. */
export interface NavEntry {
  id: string;
  label: string;
  path: string;
  /** The method the page is for: the entry is hidden from a role that may not call it. */
  method?: MethodName;
  /** Other path prefixes that light this entry up (detail pages). */
  matches: string[];
  /** A page an account scoped to a tenant can use (it shows only the tenant's objects); the others show the whole estate. */
  tenantPage?: true;
}

export interface NavSection {
  id: string;
  label: string;
  items: NavEntry[];
}

export const NAV: (NavEntry | NavSection)[] = [
  { id: 'dashboard', label: 'Dashboard', path: '/dashboard', matches: ['/dashboard'] },
  { id: 'performance', label: 'Performance', path: '/performance', matches: ['/performance'] },
  { id: 'trends', label: 'Trends & reports', path: '/trends', matches: ['/trends'], method: 'trend-report' },
  {
    id: 'inventory',
    label: 'Inventory',
    items: [
      { id: 'sites', label: 'Sites', path: '/sites', matches: ['/sites'] },
      // Protection groups, recovery plans and global entitlements span the sites: beside them, not a top-level entry.
      { id: 'dr', label: 'Disaster recovery', path: '/dr', matches: ['/dr'] },
      { id: 'hosts', label: 'Clusters & hosts', path: '/hosts', matches: ['/hosts'] },
      { id: 'clusters', label: 'Cluster operations', path: '/clusters', matches: ['/clusters'] },
      { id: 'desktops', label: 'Desktops', path: '/desktops', matches: ['/desktops'], tenantPage: true },
      { id: 'datastores', label: 'Datastores', path: '/datastores', matches: ['/datastores'] },
      { id: 'networks', label: 'Networks', path: '/networks', matches: ['/networks'] },
      { id: 'tenants', label: 'Tenants', path: '/tenants', matches: ['/tenants'], method: 'tenant-list', tenantPage: true },
    ],
  },
  { id: 'pools', label: 'Desktop pools', path: '/pools', matches: ['/pools'], tenantPage: true },
  {
    id: 'sessions-section',
    label: 'Sessions',
    items: [
      { id: 'sessions', label: 'Sessions', path: '/sessions', matches: ['/sessions', '/shadow'], tenantPage: true },
      { id: 'helpdesk', label: 'Help Desk', path: '/helpdesk', matches: ['/helpdesk'] },
      { id: 'connect', label: 'Connect as user', path: '/connect', matches: ['/connect'], method: 'session-connect' },
      { id: 'wall', label: 'Thin-client wall', path: '/wall', matches: ['/wall'] },
    ],
  },
  { id: 'images', label: 'Golden images', path: '/images', matches: ['/images'], tenantPage: true },
  { id: 'users', label: 'Users & groups', path: '/users', matches: ['/users'], tenantPage: true },
  { id: 'alarms', label: 'Alarms', path: '/alarms', matches: ['/alarms'] },
  { id: 'events', label: 'Events', path: '/events', matches: ['/events'] },
  { id: 'capacity', label: 'Capacity planning', path: '/capacity', matches: ['/capacity'] },
  { id: 'checkpoints', label: 'Lab checkpoints', path: '/checkpoints', matches: ['/checkpoints'] },
  {
    id: 'training',
    label: 'Training',
    items: [
      { id: 'scenarios', label: 'Scenarios', path: '/scenarios', matches: ['/scenarios'] },
      { id: 'faults', label: 'Fault injection', path: '/faults', matches: ['/faults'] },
      { id: 'replay', label: 'Replay', path: '/replay', matches: ['/replay'] },
    ],
  },
  { id: 'http-api', label: 'HTTP API', path: '/http-api', matches: ['/http-api'] },
  {
    id: 'administration',
    label: 'Administration',
    items: [
      { id: 'accounts', label: 'Admin accounts', path: '/accounts', matches: ['/accounts'], method: 'account-list' },
      { id: 'audit', label: 'Audit trail', path: '/audit', matches: ['/audit'], method: 'audit-list' },
    ],
  },
];

export function isSection(e: NavEntry | NavSection): e is NavSection {
  return 'items' in e;
}

/** The first path segments of the pages a tenant-scoped account is offered (issue 19): the entries marked `tenantPage`. */
export const TENANT_PAGES: ReadonlySet<string> = new Set(
  NAV.flatMap((e) => (isSection(e) ? e.items : [e]))
    .filter((e) => e.tenantPage)
    .map((e) => e.path.split('/')[1] ?? ''),
);

export function entryActive(e: NavEntry, path: string): boolean {
  return e.matches.some((m) => path === m || path.startsWith(`${m}/`));
}
