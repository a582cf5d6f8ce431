import { describe, expect, it } from 'vitest';
import {
  BLURRY_VARIANCE,
  DARK_LUMA,
  assess,
  fitLongEdge,
  laplacianVariance,
  meanLuma,
  photoWarnings,
  toGrey,
} from './quality';

const W = 128;
const H = 96;

/** RGBA pixels from a grey function. */
function rgba(width: number, height: number, grey: (x: number, y: number) => number): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = data[i + 1] = data[i + 2] = grey(x, y);
      data[i + 3] = 255;
    }
  }
  return data;
}

/** Dark strokes on white paper: a stand-in for lines of text. */
const text = (x: number, y: number) => (y % 12 < 3 && x % 7 < 4 ? 20 : 240);

/** The page through a (2r+1)² box blur. */
function blurred(grey: Uint8ClampedArray, width: number, height: number, r: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(grey.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const yy = Math.min(height - 1, Math.max(0, y + dy));
          const xx = Math.min(width - 1, Math.max(0, x + dx));
          sum += grey[yy * width + xx];
          n++;
        }
      }
      out[y * width + x] = Math.round(sum / n);
    }
  }
  return out;
}

describe('toGrey and meanLuma', () => {
  it('uses Rec. 601 weights', () => {
    const px = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    expect(Array.from(toGrey(px))).toEqual([77, 149, 29, 255]);
  });

  it('averages brightness, and is 0 for nothing', () => {
    expect(meanLuma(toGrey(rgba(W, H, () => 200)))).toBe(200);
    expect(meanLuma(toGrey(rgba(W, H, (x) => (x < W / 2 ? 0 : 100))))).toBe(50);
    expect(meanLuma(new Uint8ClampedArray())).toBe(0);
  });
});

describe('laplacianVariance', () => {
  it('is zero on a flat image and on a linear ramp', () => {
    expect(laplacianVariance(toGrey(rgba(W, H, () => 128)), W, H)).toBe(0);
    expect(laplacianVariance(toGrey(rgba(W, H, (x) => x)), W, H)).toBe(0);
  });

  it('is high for crisp text, stays above the threshold when slightly soft, falls below when smeared', () => {
    const sharp = toGrey(rgba(W, H, text));
    const slightlySoft = blurred(sharp, W, H, 1);
    // Two 7×7 box passes ≈ a Gaussian of σ 2.8 px on the 512-px copy: ~11 px on the uploaded photo.
    const smeared = blurred(blurred(sharp, W, H, 3), W, H, 3);
    const values = [sharp, slightlySoft, smeared].map((g) => laplacianVariance(g, W, H));
    expect(values[0]).toBeGreaterThan(values[1]);
    expect(values[1]).toBeGreaterThan(BLURRY_VARIANCE * 10);
    expect(values[2]).toBeLessThan(BLURRY_VARIANCE);
  });

  it('refuses to guess on images too small to have an interior', () => {
    expect(laplacianVariance(new Uint8ClampedArray(4), 2, 2)).toBe(0);
  });
});

describe('photoWarnings', () => {
  const fine = { width: 3000, height: 4000, luma: 180, sharpness: 500 };

  it('says nothing about a good photo', () => {
    expect(photoWarnings(fine)).toEqual([]);
  });

  it('warns about dark, blurry and small photos, each on its own', () => {
    expect(photoWarnings({ ...fine, luma: DARK_LUMA - 1 })).toEqual(['too_dark']);
    expect(photoWarnings({ ...fine, sharpness: BLURRY_VARIANCE - 1 })).toEqual(['too_blurry']);
    expect(photoWarnings({ ...fine, width: 640, height: 480 })).toEqual(['too_small']);
    expect(photoWarnings({ width: 320, height: 240, luma: 10, sharpness: 0 })).toEqual([
      'too_dark',
      'too_blurry',
      'too_small',
    ]);
  });

  it('assess measures RGBA pixels end to end', () => {
    const page = assess(rgba(W, H, text), { width: W, height: H }, { width: 3000, height: 4000 });
    expect(page.warnings).toEqual([]);
    const night = assess(rgba(W, H, (x, y) => text(x, y) / 8), { width: W, height: H }, { width: 3000, height: 4000 });
    expect(night.warnings).toContain('too_dark');
  });
});

describe('fitLongEdge', () => {
  it('scales the long edge down, keeping the aspect, and never up', () => {
    expect(fitLongEdge(4000, 3000, 2000)).toEqual({ width: 2000, height: 1500 });
    expect(fitLongEdge(3024, 4032, 2000)).toEqual({ width: 1500, height: 2000 });
    expect(fitLongEdge(800, 600, 2000)).toEqual({ width: 800, height: 600 });
    expect(fitLongEdge(10, 50000, 2000)).toEqual({ width: 1, height: 2000 });
  });
});
