// The application icons for every packaging target, from resources/icons/icon.svg:
//   resources/icons/<n>x<n>.png   Linux (electron-builder takes the folder), n = 16 … 1024
//   resources/icon.png            1024 px, the default electron-builder looks for
//   resources/icon.ico            Windows: 16, 24, 32, 48, 64, 128, 256 (PNG-compressed entries)
//   resources/icon.icns           macOS: 16 … 1024 including the @2x sizes (PNG entries)
// Rasterised by Chromium (Playwright; CHROMIUM_PATH or /usr/bin/chromium), packed here: no other
// image tool needed. Run after editing the SVG: `node scripts/make-icons.mjs`; the results are
// committed, so packaging never needs a browser.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const RES = fileURLToPath(new URL('../resources/', import.meta.url));
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS element types holding PNG data, by pixel size (32 and 64 are the @2x of 16 and 32, etc.). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** A Windows .ico whose entries are PNG images (Vista and later read them; 256 is written as 0). */
export function packIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  const dir = Buffer.alloc(16 * pngs.length);
  let offset = 6 + dir.length;
  pngs.forEach(({ size, data }, i) => {
    const e = i * 16;
    dir.writeUInt8(size >= 256 ? 0 : size, e);
    dir.writeUInt8(size >= 256 ? 0 : size, e + 1);
    dir.writeUInt8(0, e + 2); // no palette
    dir.writeUInt8(0, e + 3);
    dir.writeUInt16LE(1, e + 4); // colour planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(data.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, dir, ...pngs.map((p) => p.data)]);
}

/** A macOS .icns: 'icns' + total length, then (type, length, PNG) elements. */
export function packIcns(entries) {
  const parts = entries.map(({ type, data }) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(8 + data.length, 4);
    return Buffer.concat([h, data]);
  });
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'ascii');
  h.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([h, body]);
}

async function render(svg) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    const out = new Map();
    for (const size of SIZES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
      );
      out.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    return out;
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const svg = readFileSync(join(RES, 'icons', 'icon.svg'), 'utf8');
  const png = await render(svg);
  mkdirSync(join(RES, 'icons'), { recursive: true });
  for (const [size, data] of png) writeFileSync(join(RES, 'icons', `${size}x${size}.png`), data);
  writeFileSync(join(RES, 'icon.png'), png.get(1024));
  writeFileSync(join(RES, 'icon.ico'), packIco(ICO_SIZES.map((size) => ({ size, data: png.get(size) }))));
  writeFileSync(join(RES, 'icon.icns'), packIcns(ICNS_TYPES.map(([type, size]) => ({ type, data: png.get(size) }))));
  console.log(`Wrote ${SIZES.length} PNG sizes, icon.png, icon.ico and icon.icns under resources/`);
}
