// Formatting shared by every view. The simulated clock is shown in UTC, the way
// the lab defines it, so two people looking at one lab see the same times.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "Mon 5 Jan 2026 07:00" (UTC). */
export function formatSimTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** "5 Jan 2026 07:00:12" (UTC), for tables where seconds matter. */
export function formatSimTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** "5 Jan 2026" (UTC). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const intFmt = new Intl.NumberFormat('en-US');
export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : intFmt.format(Math.round(n));
}

export function formatNumber(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** GB below 1 TB, TB (one decimal) above. */
export function formatGb(gb: number): string {
  if (Math.abs(gb) >= 1024) return `${formatNumber(gb / 1024, 1)} TB`;
  return `${formatInt(gb)} GB`;
}

export function formatPct(part: number, whole: number): string {
  if (!whole) return '0%';
  return `${Math.round((part / whole) * 100)}%`;
}

export function pct(part: number, whole: number): number {
  if (!whole) return 0;
  return Math.min(100, Math.max(0, (part / whole) * 100));
}

/** "instant-clone" → "Instant clone". */
export function humanize(s: string): string {
  const spaced = s
    .replace(/[-_]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function yesNo(b: boolean): string {
  return b ? 'Yes' : 'No';
}

/** "1 session", "3 sessions". */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${formatInt(n)} ${n === 1 ? word : pluralWord}`;
}

/** "Mon 5 Jan 2026 07:00:12" (UTC) from epoch ms: the masthead clock. */
export function formatSimClock(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** "850 kbit/s", "2.4 Mbit/s", "12 Mbit/s". */
export function formatKbps(kbps: number): string {
  if (!Number.isFinite(kbps)) return '—';
  if (kbps >= 1000) return `${(kbps / 1000).toFixed(kbps >= 10_000 ? 0 : 1)} Mbit/s`;
  return `${Math.round(kbps)} kbit/s`;
}

/** "45 s", "3 min 05 s", "2 h 04 min", "3 d 2 h". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** Seconds between two ISO instants (0 when either is missing or the order is wrong). */
export function secondsBetween(fromIso: string | null | undefined, toIso: string | null | undefined): number | null {
  if (!fromIso || !toIso) return null;
  const d = (Date.parse(toIso) - Date.parse(fromIso)) / 1000;
  return Number.isFinite(d) ? Math.max(0, d) : null;
}

/**
 * A real (wall-clock) instant, in the viewer's own time zone and marked as real, for the few
 * stamps that are not simulated (when a checkpoint was saved, when a capacity run started), so
 * they are never mistaken for lab time: "24 Nov 2026, 10:00 (real time)".
 */
export function formatRealTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })} (real time)`;
}

/** The first run after `nowMs` of something that runs every `intervalMs` from `anchorMs` (a DRS pass), never in the past. */
export function nextRunAfter(anchorMs: number, intervalMs: number, nowMs: number): number {
  if (!(intervalMs > 0) || nowMs < anchorMs) return anchorMs;
  return anchorMs + (Math.floor((nowMs - anchorMs) / intervalMs) + 1) * intervalMs;
}
