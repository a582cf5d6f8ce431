import { describe, expect, it } from 'vitest';
import { setLang } from '../../i18n';
import { calendarLines, dayWithWeekday, weekdayOf } from './days';
import './messages';

describe('admin calendar days', () => {
  it('names the weekday in Vietnamese, the date dd/mm/yyyy', () => {
    setLang('vi');
    expect(weekdayOf('2033-10-20')).toBe(4);
    expect(dayWithWeekday('2033-10-20')).toBe('Thứ Năm, 20/10/2033');
    expect(dayWithWeekday('2033-10-23')).toBe('Chủ nhật, 23/10/2033');
    setLang('en');
    expect(dayWithWeekday('2033-10-22')).toBe('Saturday, 22/10/2033');
    setLang('vi');
  });

  it('merges holidays and adjustments by day, the holiday first', () => {
    const lines = calendarLines(
      [{ day: '2033-09-02', name: 'Quốc khánh', name_en: 'National Day' }, { day: '2033-01-01', name: 'Tết Dương lịch', name_en: "New Year's Day" }],
      [{ day: '2033-09-02', kind: 'working_day', note: 'Làm bù' }, { day: '2033-05-07', kind: 'day_off', note: '' }],
    );
    expect(lines.map((l) => `${l.day}:${l.source}`)).toEqual([
      '2033-01-01:holiday', '2033-05-07:adjustment', '2033-09-02:holiday', '2033-09-02:adjustment',
    ]);
  });
});
