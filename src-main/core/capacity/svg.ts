// Small inline-SVG line charts for the printable report: no script, no external
// assets, readable on paper. Pure string building.

export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number | null }[];
  dashed?: boolean;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Horizontal reference lines (VSIbase, threshold). */
  hLines?: { y: number; label: string; color: string }[];
  /** Vertical markers (VSImax). */
  vLines?: { x: number; label: string; color: string }[];
  yMax?: number;
  width?: number;
  height?: number;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** 1, 2, 5 × 10^n steps for about `n` ticks. */
function niceStep(range: number, n: number): number {
  const raw = range / Math.max(1, n);
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

export function lineChart(spec: ChartSpec): string {
  const W = spec.width ?? 720;
  const H = spec.height ?? 300;
  const m = { l: 60, r: 16, t: 46, b: 44 }; // the title and the legend share the top band
  const xs = spec.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = spec.series.flatMap((s) => s.points.flatMap((p) => (p.y === null ? [] : [p.y])));
  const xMax = Math.max(1, ...xs);
  const yTop = spec.yMax ?? Math.max(1, ...ys, ...(spec.hLines ?? []).map((l) => l.y)) * 1.08;
  const X = (x: number) => m.l + (x / xMax) * (W - m.l - m.r);
  const Y = (y: number) => H - m.b - (Math.min(y, yTop) / yTop) * (H - m.t - m.b);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(spec.title)}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<text x="${m.l}" y="18" font-size="13" font-weight="bold">${esc(spec.title)}</text>`);
  const ys1 = niceStep(yTop, 5);
  for (let y = 0; y <= yTop + 1e-9; y += ys1) {
    out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${Y(y).toFixed(1)}" y2="${Y(y).toFixed(1)}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${m.l - 6}" y="${(Y(y) + 4).toFixed(1)}" text-anchor="end">${Math.round(y * 100) / 100}</text>`);
  }
  const xs1 = niceStep(xMax, 8);
  for (let x = 0; x <= xMax + 1e-9; x += xs1) {
    out.push(`<line x1="${X(x).toFixed(1)}" x2="${X(x).toFixed(1)}" y1="${H - m.b}" y2="${H - m.b + 4}" stroke="#666"/>`);
    out.push(`<text x="${X(x).toFixed(1)}" y="${H - m.b + 16}" text-anchor="middle">${Math.round(x)}</text>`);
  }
  out.push(
    `<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#666"/><line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${H - m.b}" stroke="#666"/>`,
  );
  out.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 6}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  for (const l of spec.hLines ?? []) {
    out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${Y(l.y).toFixed(1)}" y2="${Y(l.y).toFixed(1)}" stroke="${l.color}" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${W - m.r - 4}" y="${(Y(l.y) - 4).toFixed(1)}" text-anchor="end" fill="${l.color}">${esc(l.label)}</text>`);
  }
  for (const l of spec.vLines ?? []) {
    out.push(`<line x1="${X(l.x).toFixed(1)}" x2="${X(l.x).toFixed(1)}" y1="${m.t}" y2="${H - m.b}" stroke="${l.color}" stroke-width="1.5"/>`);
    out.push(`<text x="${(X(l.x) + 4).toFixed(1)}" y="${m.t + 12}" fill="${l.color}">${esc(l.label)}</text>`);
  }
  for (const s of spec.series) {
    let d = '';
    let pen = false;
    for (const p of s.points) {
      if (p.y === null) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${X(p.x).toFixed(1)} ${Y(p.y).toFixed(1)}`;
      pen = true;
    }
    if (d) out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="3 3"' : ''}/>`);
  }
  // Legend on its own line under the title, left to right.
  let lx = m.l;
  for (const s of spec.series) {
    out.push(
      `<line x1="${lx.toFixed(1)}" x2="${(lx + 14).toFixed(1)}" y1="32" y2="32" stroke="${s.color}" stroke-width="2"/><text x="${(lx + 18).toFixed(1)}" y="36">${esc(s.name)}</text>`,
    );
    lx += 18 + s.name.length * 6.2 + 14;
  }
  out.push('</svg>');
  return out.join('');
}
