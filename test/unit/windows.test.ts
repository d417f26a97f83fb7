import { DAYS, overlaps, windowMinutes } from '../../lib/core/windows';

const DAY = 1440;
const WEEK = 7 * DAY;

describe('windowMinutes: daily and weekly windows as minutes of the week', () => {
  test('a daily window repeats on each of the seven days', () => {
    const w = windowMinutes('01:00-01:30');
    expect(w).toHaveLength(7);
    expect(w[0]).toEqual([60, 90]);
    expect(w[6]).toEqual([6 * DAY + 60, 6 * DAY + 90]);
  });

  test('a daily window across midnight ends the next day', () => {
    expect(windowMinutes('23:30-00:30')[0]).toEqual([23 * 60 + 30, DAY + 30]);
  });

  test('a weekly window is counted from Monday and also shifted one week back (for the Sunday-Monday wrap)', () => {
    const sun = DAYS.indexOf('sun') * DAY;
    expect(windowMinutes('sun:02:00-sun:03:00')).toEqual([
      [sun + 120, sun + 180],
      [sun + 120 - WEEK, sun + 180 - WEEK],
    ]);
  });

  test('a weekly window that ends before it starts wraps into the next week', () => {
    const [[start, end]] = windowMinutes('sun:23:00-mon:01:00');
    expect(end - start).toBe(120);
  });

  test('anything else gives no interval (the schema refuses it with a message)', () => {
    expect(windowMinutes('1:00-2:00')).toEqual([]);
    expect(windowMinutes('')).toEqual([]);
  });
});

describe('overlaps', () => {
  test('touching windows do not overlap; intersecting ones do', () => {
    expect(overlaps([[0, 60]], [[60, 120]])).toBe(false);
    expect(overlaps([[0, 61]], [[60, 120]])).toBe(true);
  });

  test('the backup window 01:00-01:30 and the maintenance window sun:02:00-sun:03:00 are apart', () => {
    expect(overlaps(windowMinutes('01:00-01:30'), windowMinutes('sun:02:00-sun:03:00'))).toBe(false);
    expect(overlaps(windowMinutes('02:30-03:00'), windowMinutes('sun:02:00-sun:03:00'))).toBe(true);
  });

  test('a Monday-morning daily window meets a weekly window wrapping from Sunday night', () => {
    expect(overlaps(windowMinutes('00:15-00:45'), windowMinutes('sun:23:30-mon:00:30'))).toBe(true);
  });
});
