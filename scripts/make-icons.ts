/**
 * Draws the Teams app icons pixel by pixel with pngjs and writes them into appPackage/:
 *   - color.png   192x192, full colour: a white shield with a magnifier, on the accent colour background.
 *   - outline.png  32x32, the same shield as a white outline on a transparent background. Every pixel is
 *                  either pure white (any alpha) or fully transparent, as Teams requires.
 *
 * Run once after changing the artwork: `npx tsx scripts/make-icons.ts`. The PNGs are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

/** Keep in sync with `accentColor` in appPackage/manifest.json. */
export const ACCENT_COLOR = '#5C2D91';

type Rgb = readonly [number, number, number];

interface ShieldShape {
  cx: number;
  top: number;
  /** Where the straight sides end and the curved taper towards the tip starts. */
  shoulder: number;
  bottom: number;
  halfWidth: number;
}

const SUPERSAMPLE = 4;

function hexToRgb(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #RRGGBB colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

/** Inside test in normalised coordinates (0..1, y down): straight sides, then w*(1-t^2) down to a point. */
function insideShield(u: number, v: number, s: ShieldShape): boolean {
  if (v < s.top || v > s.bottom) return false;
  const dx = Math.abs(u - s.cx);
  if (v <= s.shoulder) return dx <= s.halfWidth;
  const t = (v - s.shoulder) / (s.bottom - s.shoulder);
  return dx <= s.halfWidth * (1 - t * t);
}

/** Morphological erosion: inside the shield and at least `by` away from its edge (checked on a circle). */
function insideErodedShield(u: number, v: number, s: ShieldShape, by: number): boolean {
  if (!insideShield(u, v, s)) return false;
  for (let k = 0; k < 24; k++) {
    const a = (k / 24) * 2 * Math.PI;
    if (!insideShield(u + by * Math.cos(a), v + by * Math.sin(a), s)) return false;
  }
  return true;
}

function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

interface Magnifier {
  cx: number;
  cy: number;
  radius: number;
  ring: number;
  handleLength: number;
  handle: number;
}

function onMagnifier(u: number, v: number, m: Magnifier): boolean {
  if (Math.abs(Math.hypot(u - m.cx, v - m.cy) - m.radius) <= m.ring / 2) return true;
  const d = Math.SQRT1_2;
  const ax = m.cx + d * m.radius;
  const ay = m.cy + d * m.radius;
  return distToSegment(u, v, ax, ay, ax + d * m.handleLength, ay + d * m.handleLength) <= m.handle / 2;
}

/** Renders with SUPERSAMPLE^2 samples per pixel; `sample` returns straight (non-premultiplied) RGBA 0..255. */
function render(size: number, sample: (u: number, v: number) => [number, number, number, number]): PNG {
  const png = new PNG({ width: size, height: size });
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const [cr, cg, cb, ca] = sample((x + (sx + 0.5) / SUPERSAMPLE) / size, (y + (sy + 0.5) / SUPERSAMPLE) / size);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (y * size + x) * 4;
      if (a === 0) {
        png.data[i] = png.data[i + 1] = png.data[i + 2] = png.data[i + 3] = 0;
      } else {
        png.data[i] = Math.round(r / a);
        png.data[i + 1] = Math.round(g / a);
        png.data[i + 2] = Math.round(b / a);
        png.data[i + 3] = Math.round(a / n);
      }
    }
  }
  return png;
}

export function makeColorIcon(accent: string = ACCENT_COLOR): Buffer {
  const bg = hexToRgb(accent);
  const shield: ShieldShape = { cx: 0.5, top: 0.17, shoulder: 0.47, bottom: 0.85, halfWidth: 0.29 };
  const lens: Magnifier = { cx: 0.47, cy: 0.43, radius: 0.105, ring: 0.045, handleLength: 0.115, handle: 0.05 };
  const png = render(192, (u, v) => {
    if (insideShield(u, v, shield)) {
      return onMagnifier(u, v, lens) ? [bg[0], bg[1], bg[2], 255] : [255, 255, 255, 255];
    }
    return [bg[0], bg[1], bg[2], 255];
  });
  return PNG.sync.write(png, { colorType: 6 });
}

export function makeOutlineIcon(): Buffer {
  const outer: ShieldShape = { cx: 0.5, top: 0.09, shoulder: 0.42, bottom: 0.93, halfWidth: 0.36 };
  const lens: Magnifier = { cx: 0.46, cy: 0.4, radius: 0.11, ring: 0.07, handleLength: 0.1, handle: 0.08 };
  const png = render(32, (u, v) => {
    const stroke = insideShield(u, v, outer) && !insideErodedShield(u, v, outer, 0.07);
    return stroke || onMagnifier(u, v, lens) ? [255, 255, 255, 255] : [0, 0, 0, 0];
  });
  // Belt and braces: anything not fully transparent is pure white.
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i + 3] === 0) png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
    else png.data[i] = png.data[i + 1] = png.data[i + 2] = 255;
  }
  return PNG.sync.write(png, { colorType: 6 });
}

function main(): void {
  const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'appPackage');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'color.png'), makeColorIcon());
  writeFileSync(join(outDir, 'outline.png'), makeOutlineIcon());
  console.log(`wrote ${join(outDir, 'color.png')} (192x192) and ${join(outDir, 'outline.png')} (32x32)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
