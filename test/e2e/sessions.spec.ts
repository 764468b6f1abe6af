import { expect, test, type ConsoleServer } from './fixtures.ts';
import type { Pool, User } from '../../src-main/contract/index.ts';
import { HelpDeskPage } from './pages/HelpDeskPage.ts';
import { SessionsPage, loginStem } from './pages/SessionsPage.ts';
import { ThinClientPage } from './pages/ThinClientPage.ts';
import { WallPage } from './pages/WallPage.ts';

// The sessions console, Help Desk and the thin-client view against the worker's lab (small, seed 1).
// Simulated time moves only by clock-step through the API, so nothing here waits on wall time.
// Every test leaves the clock paused.

/** A pool with room for another session now (earlier specs may have run the clock into the morning peak). */
function hasRoom(p: Pool | undefined): boolean {
  if (!p || !p.enabled || p.drainMode) return false;
  if (p.sessionType === 'multi-session') return p.sessionCount + 2 <= p.machineCount * p.maxSessionsPerHost;
  return (p.stateCounts.AVAILABLE ?? 0) >= 1;
}

/**
 * Users who can connect now and have no session; `skip` are already used by this file. Best: every
 * entitled pool has room (the broker picks among them by workload, not by what is free); else any.
 */
async function freeUsers(server: ConsoleServer, n: number, skip: Set<string>): Promise<User[]> {
  // The small lab has few spare desktops and the clock is paused: let the pools' spare policy
  // power some on (a policy pass each simulated minute, a boot ≈ 25 s) when none is free.
  for (let attempt = 0; ; attempt++) {
    const found = await findFreeUsers(server, n, skip);
    if (found.length === n || attempt === 3) {
      if (found.length < n) throw new Error(`only ${found.length} of ${n} users can connect in this lab now`);
      for (const u of found) skip.add(u.id);
      return found;
    }
    await server.api.call('clock-step', { seconds: 180 });
  }
}

async function findFreeUsers(server: ConsoleServer, n: number, skip: Set<string>): Promise<User[]> {
  const pools = new Map((await server.api.call('pool-list', {})).map((p) => [p.id, p]));
  const { rows } = await server.api.call('user-list', { limit: 400 });
  const best: User[] = [];
  const fallback: User[] = [];
  for (const u of rows) {
    if (skip.has(u.id)) continue;
    const h = await server.api.call('helpdesk-user', { userId: u.id });
    if (h.current.length > 0) continue;
    const entitled = h.pools.filter((p) => p.enabled).map((p) => pools.get(p.id));
    if (entitled.length > 0 && entitled.every(hasRoom)) best.push(u);
    else if (entitled.some(hasRoom)) fallback.push(u);
    if (best.length === n) break;
  }
  return [...best, ...fallback].slice(0, n);
}

async function userWithoutEntitlement(server: ConsoleServer): Promise<User> {
  const { rows } = await server.api.call('user-list', { limit: 200 });
  for (const u of rows) if ((await server.api.call('helpdesk-user', { userId: u.id })).pools.length === 0) return u;
  throw new Error('the lab has no user without an entitlement');
}

/** Connects a user through the API and steps the clock through the logon: returns the session id. */
async function connectedSession(server: ConsoleServer, user: User): Promise<string> {
  const r = await server.api.call('session-connect', { userId: user.id, clientDevice: 'thin-client', network: 'lan' });
  await server.api.call('clock-step', { seconds: 120 });
  expect((await server.api.call('session-screen', { id: r.sessionId })).state).toMatch(/^(active|idle)$/);
  return r.sessionId;
}

/**
 * A running session with a measured logon for a test to act on: a fresh connection when a user
 * can connect, else (later in the full run the morning has everyone logged on) one of the
 * population's sessions that this file has not used yet.
 */
async function someSession(server: ConsoleServer, used: Set<string>): Promise<{ user: User; sessionId: string }> {
  const [user] = await freeUsers(server, 1, used).catch(() => [undefined]);
  if (user) return { user, sessionId: await connectedSession(server, user) };
  const rows = await server.api.call('session-list', {});
  const perUser = new Map<string, number>();
  for (const r of rows) perUser.set(r.userId, (perUser.get(r.userId) ?? 0) + 1);
  const row = rows.find((r) => (r.state === 'active' || r.state === 'idle') && r.logonSeconds !== null && !used.has(r.userId) && perUser.get(r.userId) === 1);
  if (!row) throw new Error('no free user and no running session to use');
  used.add(row.userId);
  const { rows: found } = await server.api.call('user-list', { search: row.userName.split('\\')[1] ?? row.userName, limit: 5 });
  const u = found.find((x) => x.id === row.userId);
  if (!u) throw new Error(`user ${row.userName} not found`);
  return { user: u, sessionId: row.id };
}

test.describe('sessions and the thin-client view', () => {
  const used = new Set<string>();
  // Earlier specs may leave the clock running; these steps it by hand.
  test.beforeEach(async ({ server }) => {
    await server.api.call('clock-set', { speed: 'paused' });
  });
  test.afterEach(async ({ server }) => {
    await server.api.call('clock-set', { speed: 'paused' });
  });

  test('connect as a user: the logon phase by phase, then the live desktop; disconnect and reconnect to the same session', async ({ page, server }) => {
    const user = (await freeUsers(server, 1, used))[0]!;
    const client = new ThinClientPage(page, server);
    await client.openConnect();
    await client.pickUser(user.login);
    await client.choose({ device: 'zero-client', protocol: 'pcoip', network: 'branch-wan' });
    await client.connectButton.click();

    // The broker has the request: the client shows its progress, the clock is paused so it waits in brokering.
    await expect(client.clientTitle).toContainText('Connecting to');
    await expect(client.phase('brokering')).toHaveAttribute('data-status', 'running');
    await expect(client.phase('profile-load')).toHaveAttribute('data-status', 'pending');
    await expect(page.getByTestId('connect-paused-hint')).toBeVisible();
    const sessionId = await client.sessionId();
    expect(sessionId).toMatch(/^sess-/);

    // Simulated time passes: every phase is done with its time, and the desktop is drawn.
    await server.api.call('clock-step', { seconds: 120 });
    await client.expectDrawing();
    const screen = await server.api.call('session-screen', { id: sessionId! });
    await expect(client.desktopName).toHaveText(screen.desktopName);
    await expect(client.metric('rtt')).toHaveText(`${Math.round(screen.rttMs)} ms`);
    await expect(client.metric('encoder')).toHaveText(screen.encoder);
    await expect(client.screen.locator('canvas')).toHaveAttribute('aria-label', new RegExp(`^${screen.userDisplayName} on ${screen.desktopName}`));
    expect(screen.protocol).toBe('pcoip');

    // Disconnect from the client: the session stays, the client says so.
    await client.disconnectButton.click();
    await expect(client.clientTitle).toHaveText(`Disconnected from ${screen.desktopName}`);
    expect((await server.api.call('session-get', { id: sessionId! })).session.state).toBe('disconnected');

    // Reconnect: the same session on the same desktop, without a new logon.
    await client.reconnectButton.click();
    await server.api.call('clock-step', { seconds: 30 });
    await client.expectDrawing();
    await expect(client.desktopName).toHaveText(screen.desktopName);
    await expect(page.getByTestId('connect-reconnected')).toContainText(`Reconnected to the same session on ${screen.desktopName}`);
    expect(await client.sessionId()).toBe(sessionId);
    const after = await server.api.call('session-get', { id: sessionId! });
    expect(after.reconnects).toBe(1);
    expect(after.session.desktopName).toBe(screen.desktopName);
  });

  test('log the user off from the sessions table (confirmation names them) and the thin client shows it', async ({ page, server, context }) => {
    const { user, sessionId } = await someSession(server, used);
    const client = new ThinClientPage(page, server);
    await client.openConnect(`?user=${user.id}&session=${sessionId}`);
    await client.expectDrawing();

    const admin = new SessionsPage(await context.newPage(), server);
    await admin.open();
    await admin.search.fill(user.login.split('\\')[1]!);
    await expect(admin.state(user.login)).toHaveText(/Active|Idle/);
    // A change made elsewhere (the API, another console) reaches the row and the user's screen without a reload.
    await server.api.call('session-disconnect', { ids: [sessionId] });
    await expect(admin.state(user.login)).toHaveText('Disconnected');
    await expect(client.clientTitle).toContainText('Disconnected from');
    await admin.rowAction(user.login, 'logoff');
    await expect(admin.confirmModal).toContainText(user.displayName);
    await expect(admin.confirmModal).toContainText('Unsaved work');
    await admin.confirm();

    // The user's screen reacts: the client's own "logged off" screen, with the reason.
    await expect(client.clientTitle).toHaveText('You have been logged off');
    await expect(client.clientScreen).toContainText('Your administrator logged you off');
    await expect(page.getByTestId('connect-again')).toBeVisible();
    // The table drops the session (session-list lists current sessions only).
    await expect(admin.row(user.login)).toHaveCount(0);
    await admin.page.close();
  });

  test('the table follows sessions starting and ending by deltas, without reloading the list; scrolled rows show their own session', async ({
    page,
    server,
  }) => {
    const admin = new SessionsPage(page, server);
    let deltas = 0;
    let reloads = 0;
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        const text = String(f.payload);
        if (!text.includes('"session-list"')) return;
        if (text.includes('"ids"')) deltas++;
        else reloads++;
      }),
    );
    await admin.open();
    await expect.poll(async () => admin.shownCount()).toBe((await server.api.call('session-list', {})).length);
    const reloadsAtOpen = reloads;

    // A session that ends goes and one that starts appears: the host's push names them, the table fetches just those.
    const { user, sessionId } = await someSession(server, used);
    await admin.search.fill(loginStem(user.login));
    await expect(admin.row(user.login)).toBeVisible();
    await server.api.call('session-logoff', { ids: [sessionId] });
    await expect(admin.row(user.login)).toHaveCount(0);
    // The same user connects again once a desktop of their pool is free (theirs is refreshed after the log-off).
    let again: string | undefined;
    for (let i = 0; i < 6 && !again; i++) {
      await server.api.call('clock-step', { seconds: 60 });
      again = await server.api.call('session-connect', { userId: user.id, clientDevice: 'thin-client', network: 'lan' }).then(
        (r) => r.sessionId,
        () => undefined,
      );
    }
    expect(again, `${user.login} could not connect again`).toBeDefined();
    await server.api.call('clock-step', { seconds: 120 });
    await expect(admin.row(user.login)).toBeVisible();
    await expect(admin.state(user.login)).toHaveText(/Active|Idle/);
    expect(deltas).toBeGreaterThan(0);
    expect(reloads).toBe(reloadsAtOpen);

    // Scrolled to the end, the rows (reused DOM slots) show the last sessions by name, each with its own live state.
    await admin.search.fill('');
    const all = await server.api.call('session-list', {});
    await expect.poll(async () => admin.shownCount()).toBe(all.length);
    await admin.table.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    const last = [...all].sort((a, b) => byName.compare(a.userDisplayName, b.userDisplayName)).at(-1)!;
    const lastRow = admin.table.locator(`tbody tr[data-index="${all.length - 1}"]`);
    await expect(lastRow).toContainText(last.userDisplayName);
    const lastStem = (await lastRow.getAttribute('data-testid'))!.replace(/^session-|-row$/g, '');
    const live = await server.api.call('session-live', { ids: all.filter((r) => r.userName.endsWith(`\\${lastStem}`)).map((r) => r.id) });
    await expect(lastRow.locator(`[data-testid="session-${lastStem}-state"]`)).toHaveAttribute('data-state', new RegExp(`^(${live.state.join('|')})$`));
    // Tooltips are set on hover (not rendered, so recycled rows restyle less): the host cell shows the full name.
    const lastDesktop = await lastRow.locator(`[data-testid="session-${lastStem}-desktop"]`).innerText();
    const lastSession = all.find((r) => r.desktopName === lastDesktop && r.userName.endsWith(`\\${lastStem}`));
    // The Host column found by its header (columns can be added, moved or hidden).
    const hostIndex = await page
      .getByTestId('sessions-table')
      .locator('thead th')
      .evaluateAll((ths) => ths.findIndex((th) => /^Host\b/.test(th.textContent?.trim() ?? '')));
    expect(hostIndex).toBeGreaterThan(0);
    const host = lastRow.locator('td').nth(hostIndex).locator('span');
    await host.hover();
    await expect(host).toHaveAttribute('title', lastSession!.hostName!);
  });

  test('a message sent from the sessions table shows on the user’s screen', async ({ page, server, context }) => {
    const { user, sessionId } = await someSession(server, used);
    const client = new ThinClientPage(page, server);
    await client.openConnect(`?user=${user.id}&session=${sessionId}`);
    await client.expectDrawing();
    await expect(client.message).toHaveText('');

    const admin = new SessionsPage(await context.newPage(), server);
    await admin.open();
    await admin.search.fill(user.login.split('\\')[1]!);
    await admin.select(user.login);
    await expect(admin.page.getByTestId('sessions-selected')).toHaveText('1 session selected');
    await admin.bulk('message').click();
    await expect(admin.messageModal).toContainText(user.displayName);
    await admin.sendMessage('warning', 'Restart tonight', 'Please save your work: desktops restart at 22:00.');

    await expect(client.message).toHaveText('Restart tonight: Please save your work: desktops restart at 22:00.');
    await expect(client.message).toHaveAttribute('data-severity', 'warning');
    // The user closes the dialog by clicking on it.
    await client.live.click();
    await expect(client.message).toHaveText('');
    await admin.page.close();
  });

  test('Help Desk: find the user, see the logon phase chart with the slow phase and why, and the session metrics', async ({ page, server }) => {
    const { user, sessionId } = await someSession(server, used);
    await server.api.call('clock-step', { seconds: 120 }); // a few metric samples
    const detail = await server.api.call('session-get', { id: sessionId });
    const logon = detail.logon!;
    const slowest = [...logon.phases].sort((a, b) => b.seconds - a.seconds)[0]!;

    const hd = new HelpDeskPage(page, server);
    await hd.open();
    await hd.findUser(user.login);
    await expect(page).toHaveURL(new RegExp(`#/helpdesk/${sessionId}$`));
    await expect(hd.logonChart).toBeVisible();
    for (const p of logon.phases.filter((x) => x.seconds > 0)) await expect(hd.segment(p.phase)).toBeVisible();
    await expect(hd.why).toContainText(`took ${slowest.seconds < 10 ? slowest.seconds.toFixed(1) : Math.round(slowest.seconds)} s`);
    await expect(hd.state).toHaveText(detail.session.state === 'idle' ? 'Idle' : 'Active');
    await expect(hd.chart('session-rtt')).toHaveAttribute('data-points', String(detail.series.length));
    expect(detail.series.length).toBeGreaterThan(0);
    await expect(page.getByTestId('helpdesk-host')).toContainText(detail.host!.name);
  });

  test('shadow from the sessions table: the same screen, read-only, with a banner', async ({ page, server }) => {
    const { user, sessionId } = await someSession(server, used);
    const admin = new SessionsPage(page, server);
    await admin.open();
    await admin.search.fill(user.login.split('\\')[1]!);
    await admin.rowAction(user.login, 'shadow');
    await expect(page).toHaveURL(new RegExp(`#/shadow/${sessionId}$`));
    const shadow = new ThinClientPage(page, server);
    await expect(page.getByTestId('shadow-consent')).toContainText('request on their screen');
    await shadow.consentToShadow();
    const asked = await server.api.call('session-get', { id: sessionId });
    expect(asked.messages.at(-1)?.title).toBe('Your administrator asks to view your screen');
    await expect(shadow.shadowBanner).toContainText(`Shadowing ${user.displayName}`);
    await expect(shadow.shadowBanner).toContainText('view only');
    await shadow.expectDrawing();
    await expect(shadow.screen.locator('canvas')).toHaveCSS('cursor', 'not-allowed');
  });

  test('a bad connect gets a clear message in the view, and nothing changes', async ({ page, server }) => {
    const outsider = await userWithoutEntitlement(server);
    const before = (await server.api.call('session-list', {})).length;
    const client = new ThinClientPage(page, server);
    await client.openConnect();

    // No user: said before anything is sent.
    await client.connectButton.click();
    await expect(client.problems).toContainText('Choose the user to connect as.');

    // Impossible network figures: said next to the field, and nothing is sent.
    await client.pickUser(outsider.login);
    await client.choose({ network: 'custom' });
    await client.setCustom('-20', '140', '2');
    await expect(page.getByTestId('connect-custom-rttMs-error')).toContainText('cannot be negative');
    await expect(page.getByTestId('connect-custom-lossPct-error')).toContainText('between 0 and 100');
    await expect(page.getByTestId('connect-custom-bandwidthKbps-error')).toContainText('between 8 and');
    await client.connectButton.click();
    await expect(client.problems).toContainText('Round trip must be between');

    // A user with no entitlement: the broker's structured refusal, in words, in the view.
    await client.choose({ network: 'lan' });
    await client.connectButton.click();
    await expect(client.error).toContainText('not entitled');
    await expect(client.error).toContainText('conflict');
    expect(await client.sessionId()).toBeNull();
    expect((await server.api.call('session-list', {})).length).toBe(before);
  });

  test('a 2 × 3 wall connects users: each tile shows its logon then the desktop, or the broker’s refusal in words; 3 × 3 adds three tiles', async ({
    page,
    server,
  }) => {
    const wall = new WallPage(page, server);
    await wall.open();
    await expect(wall.tiles).toHaveCount(6);
    await wall.connectNow.click();
    // Early in the day all six connect; late in a full run the small lab may be full: then a tile says why.
    const settled = async () => {
      const ids = await wall.sessions();
      let refused = 0;
      for (let i = 0; i < 6; i++) if (!ids[i] && (await page.getByTestId(`wall-tile-${i}-error`).count()) > 0) refused++;
      return ids.filter(Boolean).length + refused;
    };
    await expect.poll(settled, { timeout: 30_000 }).toBe(6);
    const ids = await wall.sessions();
    const filled = ids.map((id, i) => (id ? i : -1)).filter((i) => i >= 0);
    expect(filled.length).toBeGreaterThan(0);
    for (let i = 0; i < 6; i++) {
      if (ids[i]) await expect(wall.tileState(i)).toHaveText(/Connecting|Active|Idle/);
      else await expect(page.getByTestId(`wall-tile-${i}-error`)).toContainText(/cannot connect|No more users to try/);
    }
    expect(new Set(ids.filter(Boolean)).size).toBe(filled.length);
    for (const id of ids.filter(Boolean)) used.add((await server.api.call('session-get', { id })).session.userId);

    await server.api.call('clock-step', { seconds: 120 });
    for (const i of filled) {
      await expect(wall.tileLive(i)).toBeVisible();
      await expect(wall.tileState(i)).toHaveText(/Active|Idle/);
    }
    // The tiles live in the URL: a reload shows the same sessions.
    await page.reload();
    await expect.poll(() => wall.sessions()).toEqual(ids);

    await wall.layout('3x3');
    await expect(wall.tiles).toHaveCount(9);
    expect((await wall.sessions()).slice(0, 6)).toEqual(ids);
    await expect(wall.connectNow).toHaveText(`Connect ${9 - filled.length} users now`);
  });
});
