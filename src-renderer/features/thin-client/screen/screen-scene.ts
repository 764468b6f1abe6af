// The simulated Windows desktop, drawn in logical pixels (LOGICAL_W × LOGICAL_H):
// wallpaper, icons, the apps' windows back to front, the taskbar, the admin's
// message, the cursor. Only the front window gets real text; the windows behind
// it are grey bars (cheap, and the eye does not read them anyway).
import type { AppKind, ScreenState } from './screen-types.ts';
import { LOGICAL_H, LOGICAL_W, TASKBAR_H, layoutWindows, visibleMessage, wrapText, type Point, type Rect } from './screen-plan.ts';

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface SceneInput {
  /** Wall ms: animation phase (video, caret blink). */
  t: number;
  /** Frames drawn so far. */
  frame: number;
  /** The remote cursor (the input as the desktop received it, i.e. after the lag). */
  pointer: Point;
  /** Characters of the typing loop that have reached the desktop. */
  typed: number;
  /** Whether to draw the remote cursor (not while shadowing with no pointer). */
  showCursor: boolean;
}

export const APP_COLORS: Record<AppKind, string> = {
  word: '#2b579a',
  excel: '#217346',
  outlook: '#0f6cbd',
  browser: '#1a73e8',
  pdf: '#b30b00',
  teams: '#5b5fc7',
  video: '#202020',
  explorer: '#c19c00',
  cad: '#6b4f9e',
  other: '#5c5c5c',
};

/** The letter on each app's taskbar button (the way Office icons read at a glance). */
const TASK_GLYPH: Record<AppKind, string> = {
  word: 'W',
  excel: 'X',
  outlook: 'O',
  browser: 'e',
  pdf: 'A',
  teams: 'T',
  video: '▶',
  explorer: 'F',
  cad: 'C',
  other: '·',
};

export const TYPING_LOOP =
  'Monday notes: the 08:00 login storm pushed profile loads past a minute for some of us. ' +
  'IT is moving the profiles to the faster datastore. Please log off at night instead of disconnecting.';

const FONT = '"Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif';
const READING =
  'Quarterly figures are attached. Revenue grew in every region except the north, where the two new branches opened late. ' +
  'The service desk closed 1,284 tickets; most were password resets and printers. Remote work stays at three days a week, ' +
  'and the thin clients in the branch offices will be replaced in spring. Questions to the finance team before Friday.';

export function drawScene(ctx: Ctx, s: ScreenState, inp: SceneInput): void {
  drawWallpaper(ctx);
  for (const { index, rect } of layoutWindows(s.apps.length, s.front)) {
    const app = s.apps[index];
    if (!app) continue;
    drawWindow(ctx, rect, app.name, app.kind, index === s.front, s, inp);
  }
  drawTaskbar(ctx, s);
  const msg = visibleMessage(s.messages);
  if (msg) {
    if (msg.style === 'toast') drawToast(ctx, msg.message.title, msg.message.body, msg.message.from);
    else drawDialog(ctx, msg.message.severity === 'error' ? 'error' : 'warning', msg.message.title, msg.message.body);
  }
  if (inp.showCursor) drawCursor(ctx, inp.pointer);
}

function drawWallpaper(ctx: Ctx): void {
  const g = ctx.createLinearGradient(0, 0, LOGICAL_W, LOGICAL_H);
  g.addColorStop(0, '#0a2a5c');
  g.addColorStop(0.55, '#1565a8');
  g.addColorStop(1, '#5aa7d9');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, LOGICAL_W, LOGICAL_H);
  // Desktop icons down the left edge.
  const icons: [string, string][] = [
    ['Recycle Bin', '#9aa7b4'],
    ['This PC', '#4a90d9'],
    ['Documents', '#e3b341'],
    ['Citrix Files', '#6b4f9e'],
  ];
  ctx.font = `12px ${FONT}`;
  ctx.textAlign = 'center';
  icons.forEach(([label, color], i) => {
    const y = 20 + i * 84;
    ctx.fillStyle = color;
    ctx.fillRect(22, y, 40, 36);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(label, 42, y + 54);
  });
  ctx.textAlign = 'left';
}

function drawWindow(ctx: Ctx, r: Rect, title: string, kind: AppKind, front: boolean, s: ScreenState, inp: SceneInput): void {
  // Shadow, frame, title bar.
  ctx.fillStyle = 'rgba(0,0,0,0.28)';
  ctx.fillRect(r.x + 6, r.y + 8, r.w, r.h);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(r.x, r.y, r.w, r.h);
  ctx.fillStyle = front ? APP_COLORS[kind] : '#8a8f96';
  ctx.fillRect(r.x, r.y, r.w, 32);
  ctx.fillStyle = '#ffffff';
  ctx.font = `14px ${FONT}`;
  ctx.fillText(title, r.x + 12, r.y + 21, r.w - 130);
  // Minimise, maximise, close.
  ctx.fillRect(r.x + r.w - 100, r.y + 16, 12, 2);
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 1.5;
  ctx.strokeRect(r.x + r.w - 66, r.y + 10, 11, 11);
  ctx.beginPath();
  ctx.moveTo(r.x + r.w - 30, r.y + 10);
  ctx.lineTo(r.x + r.w - 19, r.y + 21);
  ctx.moveTo(r.x + r.w - 19, r.y + 10);
  ctx.lineTo(r.x + r.w - 30, r.y + 21);
  ctx.stroke();
  const body: Rect = { x: r.x, y: r.y + 32, w: r.w, h: r.h - 32 };
  if (!front) {
    drawBars(ctx, body, 8);
    return;
  }
  switch (kind) {
    case 'word':
      return drawDocument(ctx, body, s, inp);
    case 'excel':
      return drawSheet(ctx, body, s, inp);
    case 'outlook':
      return drawMail(ctx, body);
    case 'video':
      return drawVideo(ctx, body, inp);
    case 'pdf':
      return drawPdf(ctx, body, inp);
    case 'teams':
      return drawChat(ctx, body, s, inp);
    case 'cad':
      return drawCad(ctx, body, inp);
    case 'browser':
    case 'explorer':
    case 'other':
      return drawBrowser(ctx, body, inp);
  }
}

/** Grey text bars: a window behind the front one. */
function drawBars(ctx: Ctx, r: Rect, rows: number): void {
  ctx.fillStyle = '#d5d9de';
  for (let i = 0; i < rows; i++) {
    const w = (r.w - 40) * (0.55 + 0.4 * (((i * 37) % 10) / 10));
    ctx.fillRect(r.x + 20, r.y + 20 + i * 22, w, 9);
  }
}

function paragraph(ctx: Ctx, text: string, x: number, y: number, w: number, lineH: number, maxLines: number): { x: number; y: number } {
  const lines = wrapText(text, w, (t) => ctx.measureText(t).width).slice(0, maxLines);
  lines.forEach((line, i) => ctx.fillText(line, x, y + i * lineH));
  const last = lines[lines.length - 1] ?? '';
  return { x: x + ctx.measureText(last).width, y: y + (lines.length - 1) * lineH };
}

/** The caret position of the text being typed, for the simulated pointer to rest near. */
export function caretGuess(s: ScreenState): Point {
  const r = layoutWindows(s.apps.length, s.front).find((w) => w.index === s.front)?.rect;
  return r ? { x: r.x + r.w * 0.45, y: r.y + 150 } : { x: LOGICAL_W / 2, y: LOGICAL_H / 2 };
}

function drawDocument(ctx: Ctx, r: Rect, s: ScreenState, inp: SceneInput): void {
  ctx.fillStyle = '#f3f2f1';
  ctx.fillRect(r.x, r.y, r.w, 34);
  ctx.fillStyle = '#605e5c';
  ctx.font = `12px ${FONT}`;
  ctx.fillText('File   Home   Insert   Layout   References   Review   View', r.x + 14, r.y + 21);
  ctx.fillStyle = '#e1dfdd';
  ctx.fillRect(r.x, r.y + 34, r.w, r.h - 34);
  const page: Rect = { x: r.x + r.w * 0.12, y: r.y + 50, w: r.w * 0.76, h: r.h - 50 };
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(page.x, page.y, page.w, page.h);
  ctx.fillStyle = '#1f1f1f';
  ctx.font = `bold 20px ${FONT}`;
  ctx.fillText(`Notes: ${s.user}`, page.x + 50, page.y + 50);
  ctx.font = `15px ${FONT}`;
  const typed = TYPING_LOOP.slice(0, inp.typed);
  const end = paragraph(ctx, typed, page.x + 50, page.y + 90, page.w - 100, 22, 8);
  if (s.activity === 'typing' && Math.floor(inp.t / 530) % 2 === 0) ctx.fillRect(end.x + 1, end.y - 14, 1.5, 18);
  ctx.fillStyle = '#5c5c5c';
  paragraph(ctx, READING, page.x + 50, page.y + 300, page.w - 100, 22, 8);
}

function drawSheet(ctx: Ctx, r: Rect, s: ScreenState, inp: SceneInput): void {
  const cw = 96;
  const rh = 24;
  ctx.font = `13px ${FONT}`;
  ctx.fillStyle = '#f3f2f1';
  ctx.fillRect(r.x, r.y, r.w, rh);
  ctx.fillRect(r.x, r.y, 40, r.h);
  ctx.strokeStyle = '#d4d4d4';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let x = r.x + 40; x < r.x + r.w; x += cw) {
    ctx.moveTo(x, r.y);
    ctx.lineTo(x, r.y + r.h);
  }
  for (let y = r.y + rh; y < r.y + r.h; y += rh) {
    ctx.moveTo(r.x, y);
    ctx.lineTo(r.x + r.w, y);
  }
  ctx.stroke();
  ctx.fillStyle = '#333333';
  const cols = Math.floor((r.w - 40) / cw);
  const rows = Math.floor(r.h / rh) - 1;
  // Figures fill in as the user types them (one cell per ~6 characters).
  const filled = s.activity === 'typing' ? Math.floor(inp.typed / 6) : cols * rows;
  for (let i = 0; i < Math.min(filled, cols * rows); i++) {
    const c = i % cols;
    const row = Math.floor(i / cols);
    const v = ((row * 7919 + c * 104729) % 90000) / 100 + 100;
    ctx.fillText(v.toFixed(2), r.x + 48 + c * cw, r.y + rh * (row + 2) - 7);
  }
  if (s.activity === 'typing') {
    const i = Math.min(filled, cols * rows - 1);
    ctx.strokeStyle = '#217346';
    ctx.lineWidth = 2;
    ctx.strokeRect(r.x + 40 + (i % cols) * cw, r.y + rh * (Math.floor(i / cols) + 1), cw, rh);
  }
}

function drawMail(ctx: Ctx, r: Rect): void {
  ctx.fillStyle = '#f5f5f5';
  ctx.fillRect(r.x, r.y, 300, r.h);
  ctx.font = `13px ${FONT}`;
  const mails = ['Service desk', 'Finance team', 'Payroll', 'IT: thin clients', 'Facilities', 'Team lead', 'Newsletter'];
  mails.forEach((from, i) => {
    const y = r.y + 12 + i * 62;
    if (i === 0) {
      ctx.fillStyle = '#cfe4fa';
      ctx.fillRect(r.x, y - 8, 300, 60);
    }
    ctx.fillStyle = '#1f1f1f';
    ctx.font = `bold 13px ${FONT}`;
    ctx.fillText(from, r.x + 14, y + 10);
    ctx.font = `12px ${FONT}`;
    ctx.fillStyle = '#616161';
    ctx.fillText('Re: Monday morning logins', r.x + 14, y + 30);
  });
  ctx.fillStyle = '#1f1f1f';
  ctx.font = `bold 18px ${FONT}`;
  ctx.fillText('Re: Monday morning logins', r.x + 330, r.y + 40);
  ctx.font = `14px ${FONT}`;
  ctx.fillStyle = '#333333';
  paragraph(ctx, READING, r.x + 330, r.y + 80, r.w - 360, 21, 14);
}

function drawBrowser(ctx: Ctx, r: Rect, inp: SceneInput): void {
  ctx.fillStyle = '#e8eaed';
  ctx.fillRect(r.x, r.y, r.w, 40);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(r.x + 90, r.y + 8, r.w - 180, 24);
  ctx.fillStyle = '#5f6368';
  ctx.font = `13px ${FONT}`;
  ctx.fillText('https://intranet.corp.local/news', r.x + 102, r.y + 25);
  // Reading = scrolling: the page moves up slowly.
  const scroll = (inp.t / 40) % 400;
  ctx.save();
  ctx.beginPath();
  ctx.rect(r.x, r.y + 40, r.w, r.h - 40);
  ctx.clip();
  const top = r.y + 60 - scroll;
  ctx.fillStyle = '#1a73e8';
  ctx.fillRect(r.x + 40, top, r.w - 80, 160);
  ctx.fillStyle = '#ffffff';
  ctx.font = `bold 28px ${FONT}`;
  ctx.fillText('Company news', r.x + 70, top + 90);
  ctx.fillStyle = '#202124';
  ctx.font = `15px ${FONT}`;
  for (let k = 0; k < 3; k++) paragraph(ctx, READING, r.x + 40, top + 200 + k * 190, r.w - 80, 22, 7);
  ctx.restore();
}

function drawPdf(ctx: Ctx, r: Rect, inp: SceneInput): void {
  ctx.fillStyle = '#525659';
  ctx.fillRect(r.x, r.y, r.w, r.h);
  const pageW = Math.min(520, r.w - 80);
  const x = r.x + (r.w - pageW) / 2;
  const scroll = (inp.t / 60) % 300;
  ctx.save();
  ctx.beginPath();
  ctx.rect(r.x, r.y, r.w, r.h);
  ctx.clip();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x, r.y + 20 - scroll, pageW, 900);
  ctx.fillStyle = '#222222';
  ctx.font = `13px ${FONT}`;
  paragraph(ctx, `${READING} ${READING}`, x + 40, r.y + 70 - scroll, pageW - 80, 19, 30);
  ctx.restore();
}

function drawChat(ctx: Ctx, r: Rect, s: ScreenState, inp: SceneInput): void {
  ctx.fillStyle = '#f5f5f5';
  ctx.fillRect(r.x, r.y, r.w, r.h);
  ctx.font = `14px ${FONT}`;
  const lines = ['Is anyone else slow to log on this morning?', 'Took me over a minute, stuck at "Preparing Windows"', 'IT says the profile server is busy'];
  lines.forEach((line, i) => {
    const mine = i % 2 === 1;
    const w = ctx.measureText(line).width + 28;
    const x = mine ? r.x + r.w - w - 30 : r.x + 30;
    ctx.fillStyle = mine ? '#e8ebfa' : '#ffffff';
    ctx.fillRect(x, r.y + 30 + i * 60, w, 40);
    ctx.fillStyle = '#242424';
    ctx.fillText(line, x + 14, r.y + 55 + i * 60);
  });
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(r.x + 20, r.y + r.h - 60, r.w - 40, 40);
  ctx.fillStyle = '#242424';
  const typed = TYPING_LOOP.slice(0, s.activity === 'typing' ? inp.typed % 70 : 0);
  ctx.fillText(typed, r.x + 34, r.y + r.h - 34);
}

function drawVideo(ctx: Ctx, r: Rect, inp: SceneInput): void {
  ctx.fillStyle = '#000000';
  ctx.fillRect(r.x, r.y, r.w, r.h);
  // Moving shapes: the phase follows the frames drawn, so a low frame rate jumps.
  const p = inp.frame / 30;
  const g = ctx.createLinearGradient(r.x, r.y, r.x + r.w, r.y + r.h);
  g.addColorStop(0, `hsl(${(p * 40) % 360} 70% 35%)`);
  g.addColorStop(1, `hsl(${(p * 40 + 140) % 360} 70% 25%)`);
  ctx.fillStyle = g;
  ctx.fillRect(r.x + 20, r.y + 20, r.w - 40, r.h - 80);
  for (let i = 0; i < 5; i++) {
    const cx = r.x + r.w / 2 + Math.cos(p + i * 1.3) * (r.w * 0.3);
    const cy = r.y + r.h / 2 - 30 + Math.sin(p * 1.3 + i) * (r.h * 0.25);
    ctx.fillStyle = `hsl(${(i * 70 + p * 60) % 360} 80% 60%)`;
    ctx.beginPath();
    ctx.arc(cx, cy, 26 + i * 6, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.fillStyle = '#444444';
  ctx.fillRect(r.x + 20, r.y + r.h - 40, r.w - 40, 6);
  ctx.fillStyle = '#e50914';
  ctx.fillRect(r.x + 20, r.y + r.h - 40, (r.w - 40) * ((p / 60) % 1), 6);
}

function drawCad(ctx: Ctx, r: Rect, inp: SceneInput): void {
  ctx.fillStyle = '#1e2430';
  ctx.fillRect(r.x, r.y, r.w, r.h);
  const a = inp.frame / 40;
  const cx = r.x + r.w / 2;
  const cy = r.y + r.h / 2;
  ctx.strokeStyle = '#7fd1ff';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  const pts = [-1, 1].flatMap((x) => [-1, 1].flatMap((y) => [-1, 1].map((z) => [x, y, z] as const)));
  const proj = pts.map(([x, y, z]) => {
    const X = x * Math.cos(a) - z * Math.sin(a);
    const Z = x * Math.sin(a) + z * Math.cos(a);
    return [cx + X * 120 + Z * 30, cy + y * 120 - Z * 20] as const;
  });
  for (let i = 0; i < 8; i++)
    for (let j = i + 1; j < 8; j++) {
      const d = (i ^ j) & 7;
      if (d === 1 || d === 2 || d === 4) {
        ctx.moveTo((proj[i] as readonly number[])[0] as number, (proj[i] as readonly number[])[1] as number);
        ctx.lineTo((proj[j] as readonly number[])[0] as number, (proj[j] as readonly number[])[1] as number);
      }
    }
  ctx.stroke();
}

function drawTaskbar(ctx: Ctx, s: ScreenState): void {
  const y = LOGICAL_H - TASKBAR_H;
  ctx.fillStyle = 'rgba(24,28,34,0.94)';
  ctx.fillRect(0, y, LOGICAL_W, TASKBAR_H);
  // Start button.
  ctx.fillStyle = '#4cc2ff';
  for (let i = 0; i < 4; i++) ctx.fillRect(16 + (i % 2) * 11, y + 11 + Math.floor(i / 2) * 11, 9, 9);
  ctx.fillStyle = '#3a3f47';
  ctx.fillRect(52, y + 8, 200, 28);
  ctx.fillStyle = '#b8bcc2';
  ctx.font = `13px ${FONT}`;
  ctx.fillText('Search', 64, y + 27);
  s.apps.forEach((app, i) => {
    const x = 270 + i * 48;
    ctx.fillStyle = APP_COLORS[app.kind];
    ctx.fillRect(x + 8, y + 8, 28, 26);
    ctx.fillStyle = '#ffffff';
    ctx.font = `bold 14px ${FONT}`;
    ctx.textAlign = 'center';
    ctx.fillText(TASK_GLYPH[app.kind], x + 22, y + 27);
    ctx.textAlign = 'left';
    if (i === s.front) {
      ctx.fillStyle = '#4cc2ff';
      ctx.fillRect(x + 12, y + TASKBAR_H - 4, 20, 3);
    }
  });
  ctx.fillStyle = '#ffffff';
  ctx.font = `13px ${FONT}`;
  ctx.textAlign = 'right';
  ctx.fillText(s.clock, LOGICAL_W - 16, y + 27);
  ctx.fillText(s.desktop, LOGICAL_W - 80, y + 27);
  ctx.textAlign = 'left';
}

function drawToast(ctx: Ctx, title: string, body: string, from?: string): void {
  const w = 380;
  const h = 118;
  const x = LOGICAL_W - w - 14;
  const y = LOGICAL_H - TASKBAR_H - h - 14;
  ctx.fillStyle = 'rgba(0,0,0,0.35)';
  ctx.fillRect(x + 3, y + 4, w, h);
  ctx.fillStyle = '#2b2b2b';
  ctx.fillRect(x, y, w, h);
  ctx.fillStyle = '#4cc2ff';
  ctx.beginPath();
  ctx.arc(x + 28, y + 30, 11, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#2b2b2b';
  ctx.font = `bold 14px ${FONT}`;
  ctx.fillText('i', x + 26, y + 35);
  ctx.fillStyle = '#c8c8c8';
  ctx.font = `12px ${FONT}`;
  ctx.fillText(from ?? 'Message from your administrator', x + 50, y + 26);
  ctx.fillStyle = '#ffffff';
  ctx.font = `bold 15px ${FONT}`;
  ctx.fillText(title, x + 50, y + 50, w - 64);
  ctx.font = `13px ${FONT}`;
  ctx.fillStyle = '#e6e6e6';
  paragraph(ctx, body, x + 50, y + 72, w - 66, 18, 2);
}

function drawDialog(ctx: Ctx, tone: 'warning' | 'error', title: string, body: string): void {
  const w = 480;
  ctx.font = `14px ${FONT}`;
  const lines = wrapText(body, w - 110, (t) => ctx.measureText(t).width).slice(0, 6);
  const h = 130 + lines.length * 20;
  const x = (LOGICAL_W - w) / 2;
  const y = (LOGICAL_H - TASKBAR_H - h) / 2;
  ctx.fillStyle = 'rgba(0,0,0,0.35)';
  ctx.fillRect(x + 6, y + 8, w, h);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x, y, w, h);
  ctx.strokeStyle = '#888888';
  ctx.lineWidth = 1;
  ctx.strokeRect(x, y, w, h);
  ctx.fillStyle = '#1f1f1f';
  ctx.font = `13px ${FONT}`;
  ctx.fillText(title, x + 14, y + 22, w - 60);
  // Icon: red circle with a cross, or a yellow triangle with "!".
  if (tone === 'error') {
    ctx.fillStyle = '#c42b1c';
    ctx.beginPath();
    ctx.arc(x + 44, y + 70, 18, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(x + 37, y + 63);
    ctx.lineTo(x + 51, y + 77);
    ctx.moveTo(x + 51, y + 63);
    ctx.lineTo(x + 37, y + 77);
    ctx.stroke();
  } else {
    ctx.fillStyle = '#f7c600';
    ctx.beginPath();
    ctx.moveTo(x + 44, y + 50);
    ctx.lineTo(x + 64, y + 86);
    ctx.lineTo(x + 24, y + 86);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = '#1f1f1f';
    ctx.font = `bold 18px ${FONT}`;
    ctx.fillText('!', x + 41, y + 82);
  }
  ctx.fillStyle = '#1f1f1f';
  ctx.font = `14px ${FONT}`;
  lines.forEach((line, i) => ctx.fillText(line, x + 80, y + 66 + i * 20));
  ctx.fillStyle = '#f3f3f3';
  ctx.fillRect(x, y + h - 52, w, 52);
  ctx.fillStyle = '#0067c0';
  ctx.fillRect(x + w - 110, y + h - 40, 92, 28);
  ctx.fillStyle = '#ffffff';
  ctx.font = `13px ${FONT}`;
  ctx.fillText('OK', x + w - 72, y + h - 21);
}

function drawCursor(ctx: Ctx, p: Point): void {
  ctx.fillStyle = '#ffffff';
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  ctx.moveTo(p.x, p.y);
  ctx.lineTo(p.x, p.y + 19);
  ctx.lineTo(p.x + 5, p.y + 14);
  ctx.lineTo(p.x + 9, p.y + 22);
  ctx.lineTo(p.x + 12, p.y + 21);
  ctx.lineTo(p.x + 8, p.y + 13);
  ctx.lineTo(p.x + 14, p.y + 13);
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
}
