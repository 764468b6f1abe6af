import type { LogonBreakdown, LogonPhase, SessionDetail } from '../../contract/session-entities.ts';
import { HorizonError, badRequest } from './errors.ts';
import { dec, fromInternalSessionId } from './ids.ts';
import type { Lab } from './lab.ts';
import { ok, type Route } from './route.ts';
import { ms } from './view.ts';

// Help Desk of one session: the logon timing tree (v1/v2 wrap it in logon_segment_data, v3 answers
// the bare JSON string), display protocol performance (Blast or PCoIP), and the last 15 simulated
// minutes of performance. `pod_id` is for global sessions (Cloud Pod Architecture): 409 here.

/** Which query parameter names the session: the REST id (v1) or internal_session_id (v2, v3). */
type Key = 'session_id' | 'internal_session_id';

async function detail(lab: Lab, url: URL, key: Key): Promise<SessionDetail> {
  if (url.searchParams.has('pod_id'))
    throw new HorizonError(409, 'federation.cpa.not.initialized', 'CPA is not initialized for this pod: pod_id applies to global sessions only');
  const value = url.searchParams.get(key);
  if (!value) throw badRequest('rest.invalid.field', `${key} is required`);
  const id = key === 'session_id' ? dec('session', value) : fromInternalSessionId(value);
  const r = id ? await lab.reply('session-get', { id }) : null;
  if (!r?.ok) throw new HorizonError(404, 'inventory.session.not.found', `No session with ${key} ${value}`);
  return r.result;
}

/**
 * The logon timing tree, durations in ms. Node names are Horizon's breakdown names; only `v1.d`
 * (the total) is confirmed by scripts that read it. Logon scripts have no node of their own in
 * Horizon: they stay in clientLogon's time; machinePowerOn only when the VM had to start.
 */
export function logonTree(l: LogonBreakdown): string {
  const s = (p: LogonPhase) => Math.round((l.phases.find((x) => x.phase === p)?.seconds ?? 0) * 1000);
  const vmStart = s('vm-start');
  const broker = s('brokering') + vmStart + s('protocol');
  const clientLogon = s('gpo') + s('logon-scripts') + s('profile-load') + s('interactive');
  const total = l.totalSeconds !== null ? Math.round(l.totalSeconds * 1000) : broker + s('authentication') + clientLogon;
  const tree = {
    v1: {
      d: total,
      b: {
        broker: {
          d: broker,
          b: {
            machineSelection: { d: vmStart, ...(vmStart > 0 ? { b: { machinePowerOn: { d: vmStart } } } : {}) },
            machinePrepare: { d: s('protocol'), b: { agentPrepare: { d: s('protocol'), b: { protocolStartup: { d: s('protocol') } } } } },
          },
        },
        agent: {
          d: s('authentication') + clientLogon,
          b: {
            clientConnectWait: { d: s('authentication') },
            clientLogon: { d: clientLogon, b: { userGpo: { d: s('gpo') }, userProfile: { d: s('profile-load') }, shellLoad: { d: s('interactive') } } },
          },
        },
      },
    },
  };
  return JSON.stringify(tree);
}

function logon(d: SessionDetail): string {
  // Measured on the first connection only; not there (yet) while the user is still logging on.
  if (!d.logon || d.logon.finishedAt === null)
    throw new HorizonError(404, 'helpdesk.logon.timing.not.found', 'No logon timing for this session (still logging on, or it predates the lab)');
  return logonTree(d.logon);
}

function protocolData(d: SessionDetail, v3: boolean): Record<string, unknown> {
  const n = d.now;
  if (!n) throw new HorizonError(404, 'helpdesk.performance.not.found', 'No display protocol data: the session is not connected');
  const p = d.session.protocol;
  if (p === 'blast') {
    const blast = {
      session_round_trip_time: Math.round(n.rttMs),
      imaging_frames_per_second: Math.round(n.fps),
      imaging_encoder_type: n.encoder,
      session_packet_loss_uplink: Math.round(n.lossPct),
    };
    return v3 ? { blast_performance_data_v2: blast } : { blast_performance_data: blast };
  }
  if (p === 'pcoip') {
    return {
      pcoip_performance_data: {
        network_round_trip_latency: Math.round(n.rttMs),
        network_tx_bandwidth: Math.round(n.bandwidthKbps),
        network_rx_packet_loss: Math.round(n.lossPct),
        network_tx_packet_loss: Math.round(n.lossPct),
        imaging_encoded_frames: Math.round(n.fps),
        imaging_active_minimum_quality: Math.round(n.quality * 100),
        general_duration_seconds: Math.max(0, Math.round((ms(d.screen.simTime) - ms(d.startedAt)) / 1000)),
      },
    };
  }
  return {}; // RDP and HDX: Horizon reports PCoIP and Blast only
}

export const helpdeskRoutes: Route[] = [
  {
    method: 'GET',
    path: '/helpdesk/v1/logon-timing/logon-segment',
    operationId: 'getLogonSegmentInfo',
    handle: async (c) => ok({ logon_segment_data: logon(await detail(c.lab, c.url, 'session_id')) }),
  },
  {
    method: 'GET',
    path: '/helpdesk/v2/logon-timing/logon-segment',
    operationId: 'getLogonSegmentInfoV2',
    handle: async (c) => ok({ logon_segment_data: logon(await detail(c.lab, c.url, 'internal_session_id')) }),
  },
  {
    method: 'GET',
    path: '/helpdesk/v3/logon-timing/logon-segment',
    operationId: 'getLogonSegmentInfoV3',
    // v3 answers the JSON string itself.
    handle: async (c) => ok(logon(await detail(c.lab, c.url, 'internal_session_id'))),
  },
  {
    method: 'GET',
    path: '/helpdesk/v1/performance/display-protocol',
    operationId: 'getDisplayProtocolPerformanceInfo',
    handle: async (c) => ok(protocolData(await detail(c.lab, c.url, 'session_id'), false)),
  },
  {
    method: 'GET',
    path: '/helpdesk/v3/performance/display-protocol',
    operationId: 'getDisplayProtocolPerformanceInfoV3',
    handle: async (c) => ok(protocolData(await detail(c.lab, c.url, 'internal_session_id'), true)),
  },
  {
    method: 'GET',
    path: '/helpdesk/v2/performance/historical-data',
    operationId: 'listHistoricalPerformanceInfoV2',
    handle: async (c) => {
      const d = await detail(c.lab, c.url, 'internal_session_id');
      // The last 15 simulated minutes, one point a minute.
      return ok(d.series.slice(-15).map((p) => ({ timestamp: p.ts * 1000, cpu: p.cpuPct, memory: p.memPct, latency: Math.round(p.rttMs) })));
    },
  },
];
