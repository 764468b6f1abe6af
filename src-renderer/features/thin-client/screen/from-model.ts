// The engine's ScreenModel (session-screen) → the canvas's plain ScreenState.
import type { ScreenApp as EngineApp, ScreenModel, SessionMessage } from '../../../../src-main/contract/index.ts';
import type { AppKind, ScreenMessage, ScreenState } from './screen-types.ts';
import { LOGON_PHASES } from '../../../../src-main/contract/session-entities.ts';

const KIND: Record<EngineApp, AppKind> = {
  outlook: 'outlook',
  browser: 'browser',
  word: 'word',
  excel: 'excel',
  edge: 'browser',
  teams: 'teams',
  pdf: 'pdf',
  video: 'video',
  cad: 'cad',
};

/** What the title bar says: the app and a plausible document. */
const TITLE: Record<EngineApp, string> = {
  outlook: 'Inbox - Outlook',
  browser: 'Intranet - Browser',
  word: 'Monday notes.docx - Word',
  excel: 'Budget Q1.xlsx - Excel',
  edge: 'Company news - Microsoft Edge',
  teams: 'Chat | Microsoft Teams',
  pdf: 'Quarterly report.pdf - PDF reader',
  video: 'Training video - Media Player',
  cad: 'Assembly-04 - CAD (3D)',
};

function hhmm(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

export function toScreenMessage(m: SessionMessage): ScreenMessage {
  return { id: m.id, severity: m.severity, title: m.title, body: m.body, from: m.from };
}

/** `dismissed`: message ids the user closed in this view (the engine keeps every message). */
export function toScreenState(m: ScreenModel, dismissed: ReadonlySet<string>): ScreenState {
  const front = m.foreground ? m.apps.findIndex((a) => a.id === m.foreground) : -1;
  return {
    user: m.userDisplayName,
    desktop: m.desktopName,
    apps: m.apps.map((a) => ({ name: TITLE[a.id] ?? a.title, kind: KIND[a.id] ?? 'other' })),
    front,
    activity: m.activity,
    fps: m.fps,
    quality: m.quality,
    inputLagMs: m.inputLagMs,
    rttMs: m.rttMs,
    bandwidthKbps: m.bandwidthKbps,
    lossPct: m.lossPct,
    encoder: m.encoder,
    protocol: m.protocol.toUpperCase(),
    frozen: m.frozen,
    messages: m.messages.filter((x) => !dismissed.has(x.id)).map(toScreenMessage),
    clock: hhmm(m.simTime),
  };
}

/** The logon's last phase: a session that finished it had logged on. */
const LAST_PHASE = LOGON_PHASES[LOGON_PHASES.length - 1];

/** An ended session whose logon stopped short of the desktop: it failed to connect (no phases known: not said). */
export function logonNeverFinished(m: Pick<ScreenModel, 'phases'>): boolean {
  return m.phases.length > 0 && !m.phases.some((ph) => ph.phase === LAST_PHASE && !ph.running);
}
