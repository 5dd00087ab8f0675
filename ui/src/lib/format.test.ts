import { describe, expect, it } from 'vitest';
import { formatDate, formatExifTime, formatNumber, formatTime, isToday, numberForInput, todayDmy, toNumber } from './format';

describe('formatNumber', () => {
  it('groups thousands with "." in Vietnamese and "," in English', () => {
    expect(formatNumber(1200, 'vi')).toBe('1.200');
    expect(formatNumber(1200, 'en')).toBe('1,200');
    expect(formatNumber(10000000, 'vi')).toBe('10.000.000');
    expect(formatNumber(999, 'vi')).toBe('999');
    expect(formatNumber(0, 'en')).toBe('0');
  });

  it('writes a decimal comma in Vietnamese', () => {
    expect(formatNumber(10.5, 'vi', 2)).toBe('10,5');
    expect(formatNumber(1234.25, 'en', 2)).toBe('1,234.25');
    expect(formatNumber(12, 'vi', 2)).toBe('12');
  });

  it('accepts bigints (ts-rs u64)', () => {
    expect(formatNumber(1200n, 'vi')).toBe('1.200');
    expect(toNumber(5n)).toBe(5);
    expect(toNumber(7)).toBe(7);
  });
});

describe('dates', () => {
  it('shows field dates as dd/mm/yyyy', () => {
    expect(formatDate('2025-03-14')).toBe('14/03/2025');
    expect(formatDate(null)).toBe('');
  });

  it('shows timestamps as a dd/mm/yyyy date', () => {
    expect(formatDate('2025-02-13T03:40:00Z')).toMatch(/^1[34]\/02\/2025$/);
  });

  it('defaults form dates to today as dd/mm/yyyy', () => {
    expect(todayDmy(new Date(2026, 0, 5))).toBe('05/01/2026');
  });
});

describe('numberForInput', () => {
  it('uses a decimal comma so 1.125 m is not read as 1125', () => {
    expect(numberForInput(1.125)).toBe('1,125');
    expect(numberForInput(12)).toBe('12');
    expect(numberForInput(null)).toBe('');
  });
});

describe('times', () => {
  it('shows the local time of a timestamp as HH:MM', () => {
    const at = new Date(2025, 6, 9, 14, 5, 30);
    expect(formatTime(at.toISOString())).toBe('14:05');
    expect(formatTime(new Date(2025, 6, 9, 7, 0).toISOString())).toBe('07:00');
    expect(formatTime(null)).toBe('');
    expect(formatTime('not a time')).toBe('');
  });

  it('tells whether a timestamp is today', () => {
    const now = new Date(2025, 6, 9, 18, 0);
    expect(isToday(new Date(2025, 6, 9, 0, 10).toISOString(), now)).toBe(true);
    expect(isToday(new Date(2025, 6, 8, 23, 50).toISOString(), now)).toBe(false);
  });
});

describe('EXIF time', () => {
  it('shows the camera’s time as dd/mm/yyyy HH:MM, and anything else as written', () => {
    expect(formatExifTime('2026:11:20 09:15:02')).toBe('20/11/2026 09:15');
    expect(formatExifTime('2025-07-09 14:02:18')).toBe('09/07/2025 14:02');
    expect(formatExifTime('    :  :     :  :  ')).toBe(':  :     :  :');
    expect(formatExifTime(null)).toBe('');
  });
});
