// The committed application icons (scripts/make-icons.mjs from resources/icons/icon.svg): every
// packaging target finds the sizes it needs, and each entry is the PNG it says it is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RES = fileURLToPath(new URL('../../resources/', import.meta.url));
const PNG_SIGNATURE = '89504e470d0a1a0a';

function pngSize(b: Buffer): { w: number; h: number } {
  expect(b.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}

describe('application icons', () => {
  it('Linux: one PNG per size in resources/icons, each as large as its name says', () => {
    for (const n of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(readFileSync(join(RES, 'icons', `${n}x${n}.png`)))).toEqual({ w: n, h: n });
    }
    expect(pngSize(readFileSync(join(RES, 'icon.png')))).toEqual({ w: 1024, h: 1024 });
  });

  it('Windows: icon.ico holds 16 to 256 px entries, each a PNG of its declared size', () => {
    const ico = readFileSync(join(RES, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1); // icon, not cursor
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + i * 16;
      const declared = ico.readUInt8(e) || 256;
      const length = ico.readUInt32LE(e + 8);
      const offset = ico.readUInt32LE(e + 12);
      expect(pngSize(ico.subarray(offset, offset + length))).toEqual({ w: declared, h: declared });
      sizes.push(declared);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('macOS: icon.icns lengths add up and carry 16 to 1024 px PNGs, including the @2x types', () => {
    const icns = readFileSync(join(RES, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types = new Map<string, number>();
    for (let at = 8; at < icns.length;) {
      const type = icns.subarray(at, at + 4).toString('ascii');
      const length = icns.readUInt32BE(at + 4);
      types.set(type, pngSize(icns.subarray(at + 8, at + length)).w);
      at += length;
    }
    expect(Object.fromEntries(types)).toEqual({
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    });
  });
});
