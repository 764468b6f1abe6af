#!/usr/bin/env node
// Dev-only (not run by npm test or CI): starts `vdi-console serve`, calls every route of the
// Horizon subset, and validates each answer against the schema of that path and status in the
// Horizon Server REST API 2512 reference (OpenAPI 3.0.1, Omnissa, CC BY 4.0) with Ajv. Objects are
// closed first (additionalProperties: false), so an invented or misspelt field fails. Error bodies
// are checked against the envelope the lab sends; statuses must be ones the operation lists (or
// 404/405 for what is not routed). The tests in the repo use the project's own expectations; this
// script is how those were checked against the spec.
//
//   node scripts/horizon/check-schemas.mjs [--lab small|default] [--spec path/to/horizon-server-rest-2512.json]
import Ajv from 'ajv';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const specPath = arg('spec', resolve(repo, '..', '..', 'shared', 'reference', 'horizon-rest', 'horizon-server-rest-2512.json'));
const spec = JSON.parse(readFileSync(specPath, 'utf8'));

// ---- schemas: the spec's components, closed and stripped of what JSON Schema does not know ----
function close(node) {
  if (Array.isArray(node)) return node.map(close);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'discriminator' || k === 'xml') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, close(s)])) : close(v);
  }
  if (out.$ref) out.$ref = out.$ref.replace('#/components/', 'horizon#/components/');
  if (out.properties && out.additionalProperties === undefined && !out.allOf) out.additionalProperties = false;
  return out;
}
const ajv = new Ajv({ strict: false, allErrors: true });
for (const f of ['int32', 'int64', 'double', 'float', 'byte', 'date-time', 'uuid', 'password', 'binary']) ajv.addFormat(f, true);
ajv.addSchema({ $id: 'horizon', components: close(spec.components) });
const compiled = new Map();
function schemaFor(template, method, status) {
  const op = spec.paths[template]?.[method.toLowerCase()];
  const r = op?.responses?.[String(status)];
  if (!r) return { listed: false };
  const content = r.content && Object.values(r.content)[0];
  if (!content?.schema) return { listed: true, validate: null };
  const key = `${method} ${template} ${status}`;
  if (!compiled.has(key)) compiled.set(key, ajv.compile(close(content.schema)));
  return { listed: true, validate: compiled.get(key) };
}

const ERROR_ENVELOPE = ajv.compile({
  type: 'object',
  required: ['status', 'timestamp', 'error_key', 'error_message', 'errors'],
  additionalProperties: false,
  properties: {
    status: { type: 'string' },
    timestamp: { type: 'integer' },
    error_key: { type: 'string' },
    error_message: { type: 'string' },
    errors: { type: 'array', minItems: 1, items: { $ref: 'horizon#/components/schemas/APIError' } },
  },
});

function hasNull(v) {
  if (v === null) return true;
  if (Array.isArray(v)) return v.some(hasNull);
  if (typeof v === 'object') return Object.values(v).some(hasNull);
  return false;
}

// ---- a serve process ----
const dataDir = mkdtempSync(join(tmpdir(), 'vdi-horizon-check-'));
const child = spawn(
  process.execPath,
  [join(repo, 'bin', 'vdi-console.mjs'), 'serve', '--data', dataDir, '--lab', arg('lab', 'small'), '--seed', '1', '--port', '0'],
  {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise((ok, fail) => {
  createInterface({ input: child.stdout }).once('line', (line) => {
    const m = /^VDI console ready: (\S+)$/.exec(line.trim());
    if (m) ok(m[1]);
    else fail(new Error(line));
  });
  child.once('exit', (code) => fail(new Error(`serve exited ${code}`)));
});
const base = new URL(url).origin;
const consoleToken = new URL(url).searchParams.get('token');
let failures = 0;
let checked = 0;

async function api(method, input = {}) {
  const r = await fetch(`${base}/api/v1/${method}`, { method: 'POST', headers: { authorization: `Bearer ${consoleToken}` }, body: JSON.stringify(input) });
  const body = await r.json();
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

let access = '';
async function call(method, template, path, body, expectStatus) {
  const r = await fetch(`${base}/rest${path}`, {
    method,
    headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  const json = text ? JSON.parse(text) : undefined;
  checked++;
  const problems = [];
  const { listed, validate } = schemaFor(template, method, r.status);
  if (!listed && r.status !== 404 && r.status !== 405) problems.push(`status ${r.status} is not listed for ${method} ${template}`);
  if (expectStatus !== undefined && r.status !== expectStatus) problems.push(`expected ${expectStatus}, got ${r.status}`);
  if (r.status >= 400) {
    if (!ERROR_ENVELOPE(json)) problems.push(`error body: ${ajv.errorsText(ERROR_ENVELOPE.errors)}`);
  } else if (validate && !validate(json)) {
    problems.push(ajv.errorsText(validate.errors?.slice(0, 5), { separator: '; ' }));
  }
  if (json !== undefined && hasNull(json)) problems.push('a null value (the lab omits instead)');
  if (problems.length) {
    failures++;
    console.log(`FAIL ${method} ${path} → ${r.status}: ${problems.join(' | ')}`);
  } else console.log(`ok   ${method} ${path} → ${r.status}`);
  // Items a bulk action refused (their shape is checked above; what they say is worth reading).
  if (Array.isArray(json))
    for (const item of json)
      if (item?.status_code && item.status_code !== 200)
        console.log(`     item ${item.id}: ${item.status_code} ${JSON.stringify(item.errors ?? item.details)}`);
  return { status: r.status, json, headers: r.headers };
}

try {
  const login = await fetch(`${base}/rest/login`, {
    method: 'POST',
    body: JSON.stringify({ username: 'administrator', password: consoleToken, domain: 'CORP' }),
  });
  const tokens = await login.json();
  access = tokens.access_token;
  await call('POST', '/refresh', '/refresh', { refresh_token: tokens.refresh_token });
  await api('clock-step', { seconds: 2 * 3600 }); // the morning: sessions in every pool
  await api('desktop-simulate-failure', { id: 'vm-3', kind: 'bad-update' });

  // Lists and their first item by id.
  const pools = (await call('GET', '/inventory/v12/desktop-pools', '/inventory/v12/desktop-pools')).json;
  await call('GET', '/inventory/v1/desktop-pools', '/inventory/v1/desktop-pools');
  for (const p of pools) {
    await call('GET', '/inventory/v12/desktop-pools/{id}', `/inventory/v12/desktop-pools/${p.id}`);
    await call('GET', '/inventory/v1/desktop-pools/{id}', `/inventory/v1/desktop-pools/${p.id}`);
    await call('GET', '/entitlements/v1/desktop-pools/{id}', `/entitlements/v1/desktop-pools/${p.id}`);
    await call('GET', '/inventory/v1/desktop-pools/{id}/tasks', `/inventory/v1/desktop-pools/${p.id}/tasks`);
  }
  for (const v of ['v1', 'v10']) {
    const machines = (await call('GET', `/inventory/${v}/machines`, `/inventory/${v}/machines`)).json;
    await call('GET', `/inventory/${v}/machines`, `/inventory/${v}/machines?page=1&size=5&sort_by=name&order_by=DESC`);
    await call(
      'GET',
      `/inventory/${v}/machines`,
      `/inventory/${v}/machines?filter=${encodeURIComponent(JSON.stringify({ type: 'Equals', name: 'state', value: 'AVAILABLE' }))}`,
    );
    for (const m of machines.slice(0, 5)) await call('GET', `/inventory/${v}/machines/{id}`, `/inventory/${v}/machines/${m.id}`);
    const sessions = (
      await call('GET', v === 'v1' ? '/inventory/v1/sessions' : '/inventory/v7/sessions', v === 'v1' ? '/inventory/v1/sessions' : '/inventory/v7/sessions')
    ).json;
    for (const s of sessions.slice(0, 5)) {
      const t = v === 'v1' ? '/inventory/v1/sessions/{id}' : '/inventory/v7/sessions/{id}';
      await call('GET', t, t.replace('{id}', s.id));
    }
  }
  const farms = (await call('GET', '/inventory/v9/farms', '/inventory/v9/farms')).json;
  await call('GET', '/inventory/v1/farms', '/inventory/v1/farms');
  for (const f of farms) {
    await call('GET', '/inventory/v9/farms/{id}', `/inventory/v9/farms/${f.id}`);
    await call('GET', '/inventory/v1/farms/{id}', `/inventory/v1/farms/${f.id}`);
  }
  for (const v of ['v1', 'v6']) {
    const rds = (await call('GET', `/inventory/${v}/rds-servers`, `/inventory/${v}/rds-servers`)).json;
    for (const r of rds.slice(0, 3)) await call('GET', `/inventory/${v}/rds-servers/{id}`, `/inventory/${v}/rds-servers/${r.id}`);
  }
  // The intermediate versions (the current objects narrowed to each version's fields).
  for (const [family, first, last] of [
    ['desktop-pools', 2, 11],
    ['machines', 2, 9],
    ['sessions', 2, 6],
    ['farms', 2, 8],
    ['rds-servers', 2, 5],
  ]) {
    for (let n = first; n <= last; n++) {
      const list = (await call('GET', `/inventory/v${n}/${family}`, `/inventory/v${n}/${family}?page=1&size=4`)).json;
      if (spec.paths[`/inventory/v${n}/${family}/{id}`] && list[0])
        await call('GET', `/inventory/v${n}/${family}/{id}`, `/inventory/v${n}/${family}/${list[0].id}`);
    }
  }
  await call('GET', '/entitlements/v1/desktop-pools', '/entitlements/v1/desktop-pools?page=1&size=3');
  const poolIds = pools
    .filter((p) => p.type !== 'RDS')
    .map((p) => `ids=${p.id}`)
    .join('&');
  await call('GET', '/monitor/v1/desktop-pools/metrics', `/monitor/v1/desktop-pools/metrics?${poolIds}`);
  await call('GET', '/monitor/v3/desktop-pools/metrics', '/monitor/v3/desktop-pools/metrics');
  await call('GET', '/monitor/v1/sessions/metrics', '/monitor/v1/sessions/metrics');
  await call('GET', '/monitor/v1/machines/count-metrics', '/monitor/v1/machines/count-metrics');
  await call('GET', '/monitor/v2/machines/count-metrics', '/monitor/v2/machines/count-metrics');
  await call('GET', '/monitor/v1/rds-servers/count-metrics', '/monitor/v1/rds-servers/count-metrics');
  await call('GET', '/monitor/v1/health-metrics', '/monitor/v1/health-metrics');
  await call('GET', '/monitor/v1/system-metrics', '/monitor/v1/system-metrics');
  await call('GET', '/monitor/v2/system-metrics', '/monitor/v2/system-metrics');
  const datastores = (await call('GET', '/external/v1/datastores', '/external/v1/datastores')).json;
  for (const d of datastores) await call('GET', '/monitor/v1/datastores/usage-metrics', `/monitor/v1/datastores/usage-metrics?datastore_id=${d.id}`);
  await call('GET', '/external/v1/hosts-or-clusters', '/external/v1/hosts-or-clusters');
  const baseVms = (await call('GET', '/external/v3/base-vms', '/external/v3/base-vms')).json;
  await call('GET', '/external/v3/base-snapshots', `/external/v3/base-snapshots?base_vm_id=${baseVms[0].id}`);
  const principals = (await call('GET', '/external/v1/ad-users-or-groups', '/external/v1/ad-users-or-groups?page=1&size=20')).json;
  await call('GET', '/external/v4/ad-users-or-groups', '/external/v4/ad-users-or-groups?group_only=true');
  for (const p of [principals[0], principals.find((x) => x.group)].filter(Boolean)) {
    await call('GET', '/external/v1/ad-users-or-groups/{id}', `/external/v1/ad-users-or-groups/${p.id}`);
    await call('GET', '/external/v4/ad-users-or-groups/{id}', `/external/v4/ad-users-or-groups/${p.id}`);
  }
  await call('GET', '/external/v1/audit-events', '/external/v1/audit-events?page=1&size=50');
  await call('GET', '/external/v2/audit-events', '/external/v2/audit-events?page=1&size=50&sort_by=time&order_by=DESC');

  // Help Desk on live sessions (Blast, PCoIP, RDP) and one that is still logging on.
  const sessions = (await call('GET', '/inventory/v7/sessions', '/inventory/v7/sessions')).json;
  for (const s of sessions.slice(0, 8)) {
    await call('GET', '/helpdesk/v1/logon-timing/logon-segment', `/helpdesk/v1/logon-timing/logon-segment?session_id=${s.id}`);
    await call(
      'GET',
      '/helpdesk/v2/logon-timing/logon-segment',
      `/helpdesk/v2/logon-timing/logon-segment?internal_session_id=${encodeURIComponent(s.internal_session_id)}`,
    );
    await call(
      'GET',
      '/helpdesk/v3/logon-timing/logon-segment',
      `/helpdesk/v3/logon-timing/logon-segment?internal_session_id=${encodeURIComponent(s.internal_session_id)}`,
    );
    await call('GET', '/helpdesk/v1/performance/display-protocol', `/helpdesk/v1/performance/display-protocol?session_id=${s.id}`);
    await call(
      'GET',
      '/helpdesk/v3/performance/display-protocol',
      `/helpdesk/v3/performance/display-protocol?internal_session_id=${encodeURIComponent(s.internal_session_id)}`,
    );
    await call(
      'GET',
      '/helpdesk/v2/performance/historical-data',
      `/helpdesk/v2/performance/historical-data?internal_session_id=${encodeURIComponent(s.internal_session_id)}`,
    );
  }

  // Actions (the answers' shapes; behaviour is the contract tests' job).
  const machines = (await call('GET', '/inventory/v10/machines', '/inventory/v10/machines')).json;
  const avail = machines.filter((m) => m.state === 'AVAILABLE' && !m.session_id);
  await call('POST', '/inventory/v1/machines/action/enter-maintenance', '/inventory/v1/machines/action/enter-maintenance', [avail[0].id, 'nope']);
  await call('POST', '/inventory/v1/machines/action/exit-maintenance', '/inventory/v1/machines/action/exit-maintenance', [avail[0].id]);
  await call('POST', '/inventory/v1/machines/action/reset', '/inventory/v1/machines/action/reset', [avail[1].id]);
  await call('POST', '/inventory/v1/machines/action/restart', '/inventory/v1/machines/action/restart', { machine_ids: [avail[2].id], force_operation: true });
  await call('POST', '/inventory/v1/machines/action/recover', '/inventory/v1/machines/action/recover', [machines.find((m) => m.name === 'KW-003').id]);
  await call('POST', '/inventory/v1/machines/action/rebuild', '/inventory/v1/machines/action/rebuild', [avail[3].id]);
  const rdsServers = (await call('GET', '/inventory/v6/rds-servers', '/inventory/v6/rds-servers')).json;
  await call('POST', '/inventory/v1/rds-servers/action/recover', '/inventory/v1/rds-servers/action/recover', [rdsServers[0].id]);
  await call('POST', '/inventory/v1/sessions/action/send-message', '/inventory/v1/sessions/action/send-message', {
    message: 'Schema check',
    message_type: 'INFO',
    session_ids: sessions.slice(0, 2).map((s) => s.id),
  });
  await call('POST', '/inventory/v1/sessions/action/disconnect', '/inventory/v1/sessions/action/disconnect', [sessions[0].id]);
  await call('POST', '/inventory/v1/sessions/action/logoff', '/inventory/v1/sessions/action/logoff?forced=true', [sessions[1].id]);
  await call('POST', '/inventory/v1/desktop-pools/action/disable', '/inventory/v1/desktop-pools/action/disable', [pools[0].id]);
  await call('POST', '/inventory/v1/desktop-pools/action/enable', '/inventory/v1/desktop-pools/action/enable', [pools[0].id]);
  await call('POST', '/inventory/v1/desktop-pools/action/check-name-availability', '/inventory/v1/desktop-pools/action/check-name-availability', { name: 'X' });
  const users = principals.filter((p) => !p.group);
  await call('POST', '/entitlements/v1/desktop-pools', '/entitlements/v1/desktop-pools', [{ id: pools[0].id, ad_user_or_group_ids: [users[0].id] }]);
  await call('DELETE', '/entitlements/v1/desktop-pools', '/entitlements/v1/desktop-pools', [{ id: pools[0].id, ad_user_or_group_ids: [users[0].id] }]);
  const kw = pools.find((p) => p.source === 'INSTANT_CLONE' && p.type === 'AUTOMATED');
  const snaps = (await call('GET', '/external/v3/base-snapshots', `/external/v3/base-snapshots?base_vm_id=${kw.provisioning_settings.parent_vm_id}`)).json;
  await call('POST', '/inventory/v3/desktop-pools/{id}/action/schedule-push-image', `/inventory/v3/desktop-pools/${kw.id}/action/schedule-push-image`, {
    logoff_policy: 'WAIT_FOR_LOGOFF',
    snapshot_id: snaps.find((x) => x.id !== kw.provisioning_settings.base_snapshot_id).id,
    start_time: Date.now() + 365 * 86400_000,
  });
  const tasks = (await call('GET', '/inventory/v1/desktop-pools/{id}/tasks', `/inventory/v1/desktop-pools/${kw.id}/tasks`)).json;
  if (tasks[0]) await call('GET', '/inventory/v1/desktop-pools/{id}/tasks/{taskId}', `/inventory/v1/desktop-pools/${kw.id}/tasks/${tasks[0].id}`);
  await call('GET', '/inventory/v12/desktop-pools/{id}', `/inventory/v12/desktop-pools/${kw.id}`);
  await call('GET', '/inventory/v10/machines', '/inventory/v10/machines?page=1&size=3');
  await call(
    'POST',
    '/inventory/v1/desktop-pools/{id}/action/cancel-scheduled-push-image',
    `/inventory/v1/desktop-pools/${kw.id}/action/cancel-scheduled-push-image`,
  );

  // Errors.
  await call('GET', '/inventory/v1/machines/{id}', '/inventory/v1/machines/00000002-0000-4000-8000-999999999999', undefined, 404);
  await call('GET', '/inventory/v1/machines', '/inventory/v1/machines?page=1&size=1001', undefined, 400);
  await call(
    'GET',
    '/inventory/v1/machines',
    `/inventory/v1/machines?filter=${encodeURIComponent('{"type":"Equals","name":"nme","value":"x"}')}`,
    undefined,
    400,
  );
  await call('GET', '/inventory/v1/global-sessions', '/inventory/v1/global-sessions', undefined, 409);
  await call('POST', '/logout', '/logout', { refresh_token: tokens.refresh_token });
  await call('GET', '/inventory/v1/machines', '/inventory/v1/machines', undefined, 401);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`\n${checked} answers checked against the 2512 schemas, ${failures} failed`);
process.exitCode = failures ? 1 : 0;
