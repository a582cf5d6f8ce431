import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../router';
import { barWidth, formatAverage, formatCount, formatPercent, lastMonth, periodLabel, periodQuery, timelinessSegments } from './dashboard';

describe('the period', () => {
  it('opens on the last whole month, across a new year too', () => {
    expect(periodQuery(lastMonth('2026-11-30'))).toBe('period=2026-10');
    expect(lastMonth('2027-01-05')).toMatchObject({ kind: 'month', year: 2026, month: 12, quarter: 4 });
  });

  it('asks for a month, a quarter, a year or a range as the API names them', () => {
    const base = { year: 2026, month: 3, quarter: 4, from: '2026-11-01', to: '2026-11-15' };
    expect(periodQuery({ ...base, kind: 'month' })).toBe('period=2026-03');
    expect(periodQuery({ ...base, kind: 'quarter' })).toBe('period=2026-Q4');
    expect(periodQuery({ ...base, kind: 'year' })).toBe('period=2026');
    expect(periodQuery({ ...base, kind: 'range' })).toBe('from=2026-11-01&to=2026-11-15');
  });

  it('reads as people say it, dates dd/mm/yyyy in either language', () => {
    expect(periodLabel('2026-11', 'vi')).toBe('Tháng 11/2026');
    expect(periodLabel('2026-11', 'en')).toBe('Month 11/2026');
    expect(periodLabel('2026-Q4', 'vi')).toBe('Quý 4/2026');
    expect(periodLabel('2026-Q4', 'en')).toBe('Q4 2026');
    expect(periodLabel('2026', 'vi')).toBe('Năm 2026');
    expect(periodLabel('2026-11-01..2026-11-15', 'en')).toBe('01/11/2026 – 15/11/2026');
  });
});

describe('numbers', () => {
  it('writes shares with one decimal, a comma in Vietnamese, and a dash for a share of nothing', () => {
    expect(formatPercent(75, 'vi')).toBe('75,0 %');
    expect(formatPercent(33.3, 'en')).toBe('33.3%');
    expect(formatPercent(null, 'vi')).toBe('–');
    expect(formatCount(12500, 'vi')).toBe('12.500');
    expect(formatCount(12500, 'en')).toBe('12,500');
  });

  it('writes the overall satisfaction with two decimals, and a dash where there were not enough ratings', () => {
    expect(formatAverage(3.67, 'vi')).toBe('3,67');
    expect(formatAverage(5, 'en')).toBe('5.00');
    expect(formatAverage(null, 'vi')).toBe('–');
  });
});

describe('the bars', () => {
  it('scales a share to the bar, within it', () => {
    expect(barWidth(50, 200)).toBe(100);
    expect(barWidth(null, 200)).toBe(0);
    expect(barWidth(120, 200)).toBe(200);
    expect(barWidth(-5, 200)).toBe(0);
  });

  it('puts early, on time and late side by side, ending exactly at the bar end, skipping empty parts', () => {
    const segments = timelinessSegments(1, 1, 1, 300);
    expect(segments.map((s) => s.key)).toEqual(['early', 'on_time', 'late']);
    expect(segments[0]).toEqual({ key: 'early', x: 0, width: 100 });
    expect(segments[2].x + segments[2].width).toBe(300);
    expect(timelinessSegments(0, 3, 1, 100)).toEqual([
      { key: 'on_time', x: 0, width: 75 },
      { key: 'late', x: 75, width: 25 },
    ]);
    expect(timelinessSegments(0, 0, 0, 100)).toEqual([]);
  });
});

describe('the route', () => {
  it('is #/thong-ke, public', () => {
    expect(parseRoute(href.dashboard)).toEqual({ name: 'dashboard' });
    expect(parseRoute('#/thong-ke/')).toEqual({ name: 'dashboard' });
  });
});
