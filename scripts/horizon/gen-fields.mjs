#!/usr/bin/env node
// Dev-only (not run by npm test or CI): regenerates src-main/host/rest/horizon-fields.ts and its parts
// in horizon-fields/ from the Horizon Server REST API 2512 reference (OpenAPI 3.0.1, Omnissa,
// CC BY 4.0) in ../shared/reference/.
// It keeps facts only: which fields of the response types we serve accept which filter types
// ("Supported Filters") and which can be sorted by. No prose is copied.
//
//   node scripts/horizon/gen-fields.mjs [path/to/horizon-server-rest-2512.json]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const specPath = process.argv[2] ?? resolve(repo, '..', '..', 'shared', 'reference', 'horizon-rest', 'horizon-server-rest-2512.json');
const spec = JSON.parse(readFileSync(specPath, 'utf8'));
const schemas = spec.components.schemas;

/** The response types of the filtered or sorted list operations we route (host/rest/routes). */
const TYPES = [
  'DesktopPoolInfoV12',
  'MachineInfo',
  'MachineInfoV10',
  'SessionInfo',
  'SessionInfoV7',
  'FarmInfoV9',
  'RDSServerInfo',
  'RDSServerInfoV6',
  'EntitlementInfo',
  'ADUserOrGroupSummary',
  'AuditEventSummary',
  'AuditEventSummaryV2',
  'BaseVMInfoV3',
  'VirtualMachineInfo',
  'BaseSnapshotInfoV3',
];
const FILTERS = { Equals: 'E', NotEquals: 'N', Contains: 'C', StartsWith: 'S', EndsWith: 'X', Between: 'B' };

function deref(s) {
  while (s && s.$ref) s = schemas[s.$ref.split('/').pop()];
  if (s && s.allOf) return s.allOf.map(deref).reduce((a, b) => ({ ...a, ...b, properties: { ...(a.properties ?? {}), ...(b.properties ?? {}) } }), {});
  return s;
}

function flags(desc) {
  let out = '';
  const m = /Supported Filters?\s*:?(.*?)(?:<br>|\n|$)/is.exec(desc ?? '');
  // Spelt 'Equals', Equals or EqualsFilter, quoted or not.
  if (m) for (const [name, code] of Object.entries(FILTERS)) if (new RegExp(`\\b${name}(Filter)?\\b`).test(m[1])) out += code;
  if (/can be used for sorting/i.test(desc ?? '')) out += '*';
  return out;
}

function walk(schema, prefix, out, depth) {
  const s = deref(schema);
  if (!s || depth > 4) return;
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const f = flags(prop.description ?? deref(prop)?.description);
    if (f) out[path] = f;
    const inner = deref(prop);
    if (inner?.type === 'object' || inner?.properties) walk(inner, path, out, depth + 1);
  }
}

const table = {};
for (const t of TYPES) {
  const out = {};
  walk(schemas[t], '', out, 0);
  table[t] = out;
}

// The versions between v1 and the current one (v2 desktop pools … v11, machines v2 … v9, …): the lab
// serves them by projecting its objects onto each version's fields. Per version: the tree of the
// fields the lab fills (nested objects as sub-trees, leaves as 1), as a compact JSON string.
const FAMILIES = { DesktopPoolInfo: 12, MachineInfo: 10, SessionInfo: 7, FarmInfo: 9, RDSServerInfo: 6 };
/** Top-level fields the lab's objects can carry (host/rest/*-objects): the shapes keep only these. */
const FILLED = {
  DesktopPoolInfo:
    'id name display_name enabled type source session_type num_machines num_sessions user_group_count entra_sso_enabled farm_id user_assignment automatic_user_assignment enable_provisioning naming_method pattern_naming_settings provisioning_settings storage_settings provisioning_status_data session_settings display_protocol_settings vcenter_id settings',
  MachineInfo:
    'id name dns_name desktop_pool_id state type operating_system operating_system_architecture agent_version user_ids desktop_pool_name desktop_pool_type desktop_pool_source desktop_pool_user_assignment agent_ipv4_address user_names session_id session_user_id session_user_name session_protocol managed_machine_data',
  SessionInfo:
    'id user_id desktop_pool_id machine_id farm_id rds_server_id session_type session_state session_protocol agent_version start_time disconnected_time idle_duration client_data brokered_remotely resourced_remotely unauthenticated internal_session_id user_name domain_name groups desktop_pool_or_farm_name desktop_pool_or_farm_type desktop_pool_or_farm_source machine_or_rds_server_name machine_or_rds_server_dns',
  FarmInfo:
    'id name display_name enabled type source desktop_pool_id desktop_pool_name max_session_type max_sessions_per_rds_server max_number_of_rds_servers automated_farm_settings session_settings display_protocol_settings entra_sso_enabled settings',
  RDSServerInfo:
    'id name dns_name farm_id state enabled session_count max_sessions_count max_sessions_count_configured max_sessions_type max_sessions_type_configured agent_version operating_system base_vm_id base_vm_snapshot_id operation operation_state farm_name farm_type farm_source desktop_pool_name',
};
function shape(schema, depth, keep) {
  const s = deref(schema);
  const out = {};
  for (const [name, prop] of Object.entries(s?.properties ?? {})) {
    if (keep && !keep.has(name)) continue;
    const inner = deref(prop.type === 'array' ? prop.items : prop);
    out[name] = depth < 5 && inner?.properties ? shape(inner, depth + 1, null) : 1;
  }
  return out;
}
const shapes = {};
for (const [base, current] of Object.entries(FAMILIES)) {
  const keep = new Set(FILLED[base].split(' '));
  for (let v = 2; v < current; v++) {
    const name = `${base}V${v}`;
    if (schemas[name]) shapes[name] = JSON.stringify(shape(schemas[name], 0, keep));
  }
}

// Operations a pod without Cloud Pod Architecture answers with 409 "CPA not initialized" (the lab is one such pod).
const cpa = [];
for (const [path, ops] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    if (/CPA not initiali/i.test(op?.responses?.['409']?.description ?? '')) cpa.push(`${method.toUpperCase()} ${path}`);
  }
}
cpa.sort();

// Written in parts by resource (each file stays short and reviewable), with horizon-fields.ts
// joining them into the three tables the routes import, in the order above.
const PARTS = [
  { file: 'pools', about: 'desktop pools and farms', types: /^(DesktopPoolInfo|FarmInfo)/ },
  { file: 'machines', about: 'machines and RDS servers', types: /^(MachineInfo|RDSServerInfo)/ },
  { file: 'sessions', about: 'sessions', types: /^SessionInfo/ },
  { file: 'other', about: 'entitlements, directory, audit events, base VMs and snapshots', types: /./ },
];
const partOf = (type) => PARTS.find((p) => p.types.test(type));
const pick = (obj, part) => Object.fromEntries(Object.entries(obj).filter(([k]) => partOf(k) === part));
const HEADER = [
  '// Generated by scripts/horizon/gen-fields.mjs from the Horizon Server REST API 2512 reference',
  '// (OpenAPI 3.0.1, Omnissa, CC BY 4.0): facts only. Do not edit; regenerate.',
];
const dir = join(repo, 'src-main', 'host', 'rest', 'horizon-fields');
mkdirSync(dir, { recursive: true });
const written = [];
for (const part of PARTS) {
  const lines = [
    ...HEADER,
    `// The ${part.about}: see ../horizon-fields.ts for what the tables mean.`,
    `export const FIELDS = ${JSON.stringify(pick(table, part), null, 2)} satisfies Record<string, Record<string, string>>;`,
    '',
    `export const SHAPES = ${JSON.stringify(pick(shapes, part), null, 2)} satisfies Record<string, string>;`,
    '',
  ];
  if (part.file === 'other') {
    lines.push('/** Operations that need Cloud Pod Architecture ("METHOD /path/{param}"): a pod without it answers 409. */');
    lines.push(`export const CPA_OPERATIONS: readonly string[] = ${JSON.stringify(cpa, null, 2)};`, '');
  }
  const target = join(dir, `${part.file}.ts`);
  writeFileSync(target, lines.join('\n'));
  written.push(target);
}
const parts = PARTS.map((p) => p.file);
const ordered = (obj) => Object.keys(obj).map((k) => `  ${k}: ${partOf(k).file}.${obj === table ? 'FIELDS' : 'SHAPES'}.${k},`);
const index = [
  ...HEADER,
  '// Per response type: field path → filter types it supports (E Equals, N NotEquals, C Contains,',
  '// S StartsWith, X EndsWith, B Between) and * when it can be sorted by. The facts are in',
  `// horizon-fields/ by resource (${parts.join(', ')}); this file joins them.`,
  ...PARTS.map((p) => `import * as ${p.file} from './horizon-fields/${p.file}.ts';`),
  '',
  'export const HORIZON_FIELDS: Record<string, Record<string, string>> = {',
  ...ordered(table),
  '};',
  '',
  '/** Intermediate versions of the inventory types: the tree of the fields the lab fills (JSON; sub-trees for objects, 1 for leaves). */',
  'export const HORIZON_SHAPES: Record<string, string> = {',
  ...ordered(shapes),
  '};',
  '',
  '/** Operations that need Cloud Pod Architecture ("METHOD /path/{param}"): a pod without it answers 409. */',
  'export const CPA_OPERATIONS: readonly string[] = other.CPA_OPERATIONS;',
  '',
];
const target = join(repo, 'src-main', 'host', 'rest', 'horizon-fields.ts');
writeFileSync(target, index.join('\n'));
written.push(target);
execFileSync(join(repo, 'node_modules', '.bin', 'prettier'), ['--write', ...written], { stdio: 'ignore' });
console.log(
  Object.entries(table)
    .map(([k, v]) => `${k}: ${Object.keys(v).length}`)
    .join('\n'),
);
