// The front window's content per kind of app (Word, Excel, Outlook, a browser, a PDF, Teams, a
// video, CAD), drawn in logical pixels. Only the window in front gets real text.
import type { ScreenState } from './screen-types.ts';
import { layoutWindows, wrapText, LOGICAL_H, LOGICAL_W, type Point, type Rect } from './screen-plan.ts';
import type { Ctx, SceneInput } from './screen-scene.ts';

export const FONT = '"Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif';

export const TYPING_LOOP =
  'Monday notes: the 08:00 login storm pushed profile loads past a minute for some of us. ' +
  'IT is moving the profiles to the faster datastore. Please log off at night instead of disconnecting.';

const READING =
  'Quarterly figures are attached. Revenue grew in every region except the north, where the two new branches opened late. ' +
  'The service desk closed 1,284 tickets; most were password resets and printers. Remote work stays at three days a week, ' +
  'and the thin clients in the branch offices will be replaced in spring. Questions to the finance team before Friday.';

/** Grey text bars: a window behind the front one. */
export function drawBars(ctx: Ctx, r: Rect, rows: number): void {
  ctx.fillStyle = '#d5d9de';
  for (let i = 0; i < rows; i++) {
    const w = (r.w - 40) * (0.55 + 0.4 * (((i * 37) % 10) / 10));
    ctx.fillRect(r.x + 20, r.y + 20 + i * 22, w, 9);
  }
}

export function paragraph(ctx: Ctx, text: string, x: number, y: number, w: number, lineH: number, maxLines: number): { x: number; y: number } {
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

export function drawDocument(ctx: Ctx, r: Rect, s: ScreenState, inp: SceneInput): void {
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

export function drawSheet(ctx: Ctx, r: Rect, s: ScreenState, inp: SceneInput): void {
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

export function drawMail(ctx: Ctx, r: Rect): void {
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

export function drawBrowser(ctx: Ctx, r: Rect, inp: SceneInput): void {
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

export function drawPdf(ctx: Ctx, r: Rect, inp: SceneInput): void {
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

export function drawChat(ctx: Ctx, r: Rect, s: ScreenState, inp: SceneInput): void {
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

export function drawVideo(ctx: Ctx, r: Rect, inp: SceneInput): void {
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

export function drawCad(ctx: Ctx, r: Rect, inp: SceneInput): void {
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
