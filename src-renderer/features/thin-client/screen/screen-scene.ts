// The simulated Windows desktop, drawn in logical pixels (LOGICAL_W × LOGICAL_H):
// wallpaper, icons, the apps' windows back to front, the taskbar, the admin's
// message, the cursor. Only the front window gets real text; the windows behind
// it are grey bars (cheap, and the eye does not read them anyway).
import type { AppKind, ScreenState } from './screen-types.ts';
import { LOGICAL_H, LOGICAL_W, TASKBAR_H, layoutWindows, visibleMessage, wrapText, type Point, type Rect } from './screen-plan.ts';
import { FONT, drawBars, drawBrowser, drawCad, drawChat, drawDocument, drawMail, drawPdf, drawSheet, drawVideo, paragraph } from './screen-apps.ts';

export { TYPING_LOOP, caretGuess } from './screen-apps.ts';

export type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

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
