// Sessions, the connection broker, Help Desk and thin-client connections: this domain's part of the method map and push topics
// (spread into `methods` and `topics` in methods.ts).
import { z } from 'zod';
import { method, topic } from './define.ts';
import { PROTOCOLS } from './entities.ts';
import {
  CLIENT_DEVICES,
  CONNECT_FAILURE_REASONS,
  MESSAGE_SEVERITIES,
  NETWORK_PROFILES,
  SESSION_STATES,
  type ConnectFailure,
  type HelpDeskUser,
  type ScreenModel,
  type SessionActionResult,
  type SessionConnectResult,
  type SessionDetail,
  type SessionLive,
  type SessionMessage,
  type SessionRow,
  type SessionSummary,
} from './session-entities.ts';

const id = z.string().min(1).max(64);
/** Sessions to act on: one, or many from a bulk selection in the table. */
const ids = z.array(id).min(1).max(10000);

/** Custom network figures: no negative latency, loss is a percentage, a session needs some bandwidth. */
const CUSTOM_NETWORK = z.strictObject({
  rttMs: z.number().min(0).max(5000),
  lossPct: z.number().min(0).max(100),
  bandwidthKbps: z.number().min(8).max(10_000_000),
});

export const sessionMethods = {
  'session-list': method<SessionRow[]>()({
    description:
      'Sessions (not logged off) with user, pool, desktop, host, client, protocol, network, state and live figures (RTT, FPS, bandwidth, loss), filtered by pool, user, host, desktop, state, a search text, problems only or a list of session ids (a table applying a sessions-changed push fetches only the sessions it names); with afterId and limit, one page in session-id order (the table loads a big list in pages).',
    input: z.strictObject({
      /** Only these sessions; the ones that ended are simply not in the answer. */
      ids: z.array(id).max(2000).optional(),
      poolId: id.optional(),
      userId: id.optional(),
      hostId: id.optional(),
      desktopId: id.optional(),
      state: z.enum(SESSION_STATES).optional(),
      search: z.string().max(200).optional(),
      /** Slow logon (> 60 s), poor round trip (> 200 ms), packet loss (> 2 %) or low frame rate. */
      problemsOnly: z.boolean().optional(),
      limit: z.number().int().min(1).max(20000).optional(),
      /** Only sessions whose id sorts after this one, in id order ('' starts at the first): with limit, one page of the list. */
      afterId: z.string().max(64).optional(),
    }),
    mutates: false,
    permission: 'read',
  }),
  'session-live': method<SessionLive>()({
    description: 'Live state and figures (RTT, FPS, bandwidth, loss) of the current sessions, column by column: cheap enough to poll every second.',
    input: z.strictObject({ ids: z.array(id).max(20000).optional() }),
    mutates: false,
    permission: 'read',
  }),
  'session-summary': method<SessionSummary>()({
    description: 'Sessions at a glance: counts by state, logon durations (average, p95, over 60 s), failed connections in the last hour by reason.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'session-failures': method<ConnectFailure[]>()({
    description:
      'Recent failed connections with their reasons (not entitled, pool disabled, no desktop, power-on failed, agent unreachable, protocol timeout), newest first.',
    input: z.strictObject({
      reason: z.enum(CONNECT_FAILURE_REASONS).optional(),
      userId: id.optional(),
      poolId: id.optional(),
      limit: z.number().int().min(1).max(5000).optional(),
    }),
    mutates: false,
    permission: 'read',
  }),
  'session-get': method<SessionDetail>()({
    description:
      'Help Desk for one session: logon phase breakdown, metrics now and over the last hour, the desktop, its host and datastore health, recent events, messages, and the user’s screen.',
    input: z.strictObject({ id }),
    mutates: false,
    permission: 'read',
  }),
  'session-screen': method<ScreenModel>()({
    description: 'What the user’s thin client shows now: apps, window in front, activity, frame rate, image quality, input lag, encoder, messages, state.',
    input: z.strictObject({ id }),
    mutates: false,
    permission: 'read',
  }),
  'helpdesk-user': method<HelpDeskUser>()({
    description: 'Help Desk for one user: entitled pools, assigned desktops, current and recent sessions, recent failed connections with reasons.',
    input: z.strictObject({ userId: id }),
    mutates: false,
    permission: 'read',
  }),
  'session-connect': method<SessionConnectResult>()({
    description:
      'Connect as a user (the thin client): through the broker to a desktop of an entitled pool, with client device, protocol and network. A disconnected session is reconnected (same desktop, no logon phases).',
    input: z
      .strictObject({
        userId: id,
        /** Which entitled pool; default: the broker's choice (the pool matching the user's workload first). */
        poolId: id.optional(),
        clientDevice: z.enum(CLIENT_DEVICES),
        /** Default: the pool's protocol. */
        protocol: z.enum(PROTOCOLS).optional(),
        network: z.enum(NETWORK_PROFILES),
        custom: CUSTOM_NETWORK.optional(),
      })
      .refine((v) => v.network !== 'custom' || v.custom !== undefined, { message: 'a custom network needs its figures', path: ['custom'] })
      .refine((v) => v.network === 'custom' || v.custom === undefined, { message: 'figures are only for a custom network', path: ['custom'] }),
    mutates: true,
    permission: 'simulate',
  }),
  'session-send-message': method<SessionActionResult & { messages: SessionMessage[] }>()({
    description: 'Send a message (info, warning or error) to one or many sessions; the users see it on their screen.',
    input: z.strictObject({
      ids,
      severity: z.enum(MESSAGE_SEVERITIES),
      title: z.string().trim().min(1).max(120),
      body: z.string().max(2000).default(''),
    }),
    mutates: true,
    permission: 'helpdesk',
  }),
  'session-disconnect': method<SessionActionResult>()({
    description:
      'Disconnect sessions: the session and its desktop stay; the user can reconnect (the pool’s logoff-after-disconnect timer starts). fromClient: the user closed the client (Connect as user), not an administrator.',
    input: z.strictObject({ ids, fromClient: z.boolean().optional() }),
    mutates: true,
    permission: 'helpdesk',
  }),
  'session-restart-desktop': method<SessionActionResult>()({
    description:
      'Restart the desktops of sessions gracefully: the users are logged off, the guest OS restarts (busy for its boot time). Single-session desktops only: a session on an RDS host is refused (restart the host with desktop-power).',
    input: z.strictObject({ ids }),
    mutates: true,
    permission: 'helpdesk',
  }),
  'session-reset-desktop': method<SessionActionResult>()({
    description:
      'Reset the VMs of sessions (hard power cycle): the sessions are lost without logoff, the VMs boot again. Single-session desktops only: a session on an RDS host is refused (reset the host with desktop-power).',
    input: z.strictObject({ ids }),
    mutates: true,
    permission: 'helpdesk',
  }),
  'session-logoff': method<SessionActionResult>()({
    description: 'Log sessions off (unsaved work is lost); the desktop is refreshed or deleted as its pool says.',
    input: z.strictObject({ ids }),
    mutates: true,
    permission: 'helpdesk',
  }),
};

export const sessionTopics = {
  'sessions-changed': topic<{ simTime: string; started: number; ended: number; changed: number; ids: string[]; complete: boolean }>(
    'Sessions started, changed state or ended (coalesced: at most once per batch of simulated time); ids: up to 500 of them (a thin-client view refreshes when its own is there); complete: ids names every one (else a list must reload whole).',
  ),
  'session-message': topic<SessionMessage>('An admin sent a message to a session (the thin-client view shows it at once).'),
};
