import { describe, expect, it } from 'vitest';
import { frameSize } from './frames';
import { trackingCodeIn } from './qrDecode';

/** "RA123456785VN" as a version 1-M QR code (made with segno, as the manifest's are), one string a row. */
const QR_OF_A_CODE = [
  '#######..#.#..#######',
  '#.....#.###...#.....#',
  '#.###.#...#...#.###.#',
  '#.###.#..####.#.###.#',
  '#.###.#.##.##.#.###.#',
  '#.....#..#.#..#.....#',
  '#######.#.#.#.#######',
  '.........##..........',
  '#.#.#.#...#.#...#..#.',
  '#.#..#.#.###.#.###...',
  '#.....##...#..#.#.#..',
  '#....#.##.####..#..#.',
  '...######..#..#.####.',
  '........###..###..##.',
  '#######.....##.##..#.',
  '#.....#...#..##..#.##',
  '#.###.#.#.#.#.#....##',
  '#.###.#...##.#..##.#.',
  '#.###.#.##.#..#.#...#',
  '#.....#..#####..#.###',
  '#######.#.##..###.#.#',
];

/** The QR drawn as a camera frame would hold it: RGBA, `scale` pixels a module, a 4-module quiet zone. */
function drawn(rows: string[], scale = 6): { pixels: Uint8ClampedArray; width: number; height: number } {
  const side = (rows.length + 8) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  rows.forEach((row, y) =>
    [...row].forEach((module, x) => {
      if (module !== '#') return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const at = (((y + 4) * scale + dy) * side + (x + 4) * scale + dx) * 4;
          pixels.fill(0, at, at + 3);
        }
    }),
  );
  return { pixels, width: side, height: side };
}

describe('the fallback QR decoder', () => {
  it('reads the tracking code off a drawn QR', () => {
    const { pixels, width, height } = drawn(QR_OF_A_CODE);
    expect(trackingCodeIn(pixels, width, height)).toBe('RA123456785VN');
  });

  it('finds nothing in a blank frame', () => {
    expect(trackingCodeIn(new Uint8ClampedArray(64 * 48 * 4).fill(255), 64, 48)).toBeNull();
  });

  it('scales frames down to a modest size, keeping their proportions', () => {
    expect(frameSize(1920, 1080)).toEqual({ width: 640, height: 360 });
    expect(frameSize(720, 1280)).toEqual({ width: 360, height: 640 });
    expect(frameSize(320, 240)).toEqual({ width: 320, height: 240 });
    expect(frameSize(0, 0)).toEqual({ width: 0, height: 0 });
  });
});
