// Pure photo-quality math, shared by the compression worker and its tests: no DOM, no canvas.
// Inputs are RGBA bytes as `ImageData.data` holds them, or one grey byte per pixel.

export type PhotoWarning = 'too_dark' | 'too_blurry' | 'too_small';

/** Long edge of the photo sent to the server (it keeps 1600 px; a little more survives its resize). */
export const UPLOAD_LONG_EDGE = 2000;
/** Long edge of the grey copy the checks run on: cheap, and blur is judged at a fixed scale. */
export const ANALYSIS_LONG_EDGE = 512;
/** Below this mean luma (0–255) a page photo is too dark to read reliably. */
export const DARK_LUMA = 60;
/** Below this variance of the Laplacian (on the 512-px grey copy) text edges are smeared.
 *  A sharp page of text scores in the hundreds or more; a shaken or out-of-focus one in the tens. */
export const BLURRY_VARIANCE = 40;
/** A photo whose long edge is under this cannot hold an A4 page's body text legibly. */
export const SMALL_LONG_EDGE = 1000;

export interface Size {
  width: number;
  height: number;
}

/** Scale (width, height) down so that the long edge is at most `longEdge`; never up. */
export function fitLongEdge(width: number, height: number, longEdge: number): Size {
  const scale = Math.min(1, longEdge / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** Rec. 601 luma of every pixel of RGBA data, 0–255, in integer arithmetic. */
export function toGrey(rgba: Uint8ClampedArray): Uint8ClampedArray {
  const grey = new Uint8ClampedArray(rgba.length >> 2);
  for (let i = 0, j = 0; j < grey.length; i += 4, j++) {
    grey[j] = (77 * rgba[i] + 150 * rgba[i + 1] + 29 * rgba[i + 2] + 128) >> 8;
  }
  return grey;
}

/** Mean of grey values, 0–255; 0 for an empty image. */
export function meanLuma(grey: Uint8ClampedArray): number {
  if (grey.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < grey.length; i++) sum += grey[i];
  return sum / grey.length;
}

/** Variance of the 4-neighbour Laplacian over the interior pixels: high for crisp edges, low for blur. */
export function laplacianVariance(grey: Uint8ClampedArray, width: number, height: number): number {
  if (width < 3 || height < 3 || grey.length < width * height) return 0;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const i = row + x;
      const v = grey[i - width] + grey[i + width] + grey[i - 1] + grey[i + 1] - 4 * grey[i];
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

export interface Measures {
  /** The photo's own size, after orientation. */
  width: number;
  height: number;
  luma: number;
  sharpness: number;
}

/** The warnings to show before upload; the citizen may still send the photo. */
export function photoWarnings(m: Measures): PhotoWarning[] {
  const warnings: PhotoWarning[] = [];
  if (m.luma < DARK_LUMA) warnings.push('too_dark');
  if (m.sharpness < BLURRY_VARIANCE) warnings.push('too_blurry');
  if (Math.max(m.width, m.height) < SMALL_LONG_EDGE) warnings.push('too_small');
  return warnings;
}

/** Measure grey analysis pixels and decide; `size` is the full photo's size. */
export function assess(rgba: Uint8ClampedArray, analysis: Size, size: Size): Measures & { warnings: PhotoWarning[] } {
  const grey = toGrey(rgba);
  const measures = {
    width: size.width,
    height: size.height,
    luma: meanLuma(grey),
    sharpness: laplacianVariance(grey, analysis.width, analysis.height),
  };
  return { ...measures, warnings: photoWarnings(measures) };
}
