import {
  collidesWithDatabaseWindows,
  frequentHours,
  lastRecoveryPointMaxAgeHours,
  lockMinimum,
  longestSnapshotGapHours,
  steadyStateSnapshots,
} from '../../lib/core/backup-schedule';

const DB_DEFAULTS = { backupWindow: '01:00-01:30', maintenanceWindow: 'sun:02:00-sun:03:00' };

describe('BKP-2 frequent snapshot hours avoid the database windows', () => {
  test('defaults: every 4 h at 07, 11, 15, 19, 23 plus the daily 03:00, never within 2 h before 01:00 or in the Sunday window', () => {
    expect(frequentHours({ frequentIntervalHours: 4, dailyStartHourUtc: 3 }, DB_DEFAULTS)).toEqual([7, 11, 15, 19, 23]);
  });

  test('hourly skips the hours whose job could run into 01:00-01:30 or sun 02:00-03:00, and the daily hour', () => {
    const hours = frequentHours({ frequentIntervalHours: 1, dailyStartHourUtc: 3 }, DB_DEFAULTS);
    expect(hours).not.toEqual(expect.arrayContaining([0, 1, 2, 3]));
    expect(hours).toHaveLength(20);
  });

  test.each([1, 2, 3, 4] as const)('no hour chosen for every %i h collides with a window', (interval) => {
    for (const h of frequentHours({ frequentIntervalHours: interval, dailyStartHourUtc: 3 }, DB_DEFAULTS)) {
      expect(collidesWithDatabaseWindows(h, DB_DEFAULTS)).toBe(false);
    }
  });

  test('a job at 23:00 on Sunday that would run into a Monday window collides', () => {
    expect(
      collidesWithDatabaseWindows(23, { backupWindow: '12:00-12:30', maintenanceWindow: 'mon:00:30-mon:01:00' }),
    ).toBe(true);
    expect(
      collidesWithDatabaseWindows(22, { backupWindow: '12:00-12:30', maintenanceWindow: 'mon:00:30-mon:01:00' }),
    ).toBe(false);
  });

  test('the longest gap between snapshots with the defaults is 4 h', () => {
    expect(longestSnapshotGapHours([7, 11, 15, 19, 23], 3)).toBe(4);
  });

  test('BKP-5 a recovery point is overdue after the longest gap plus the 2 h completion window: 6 h with the defaults', () => {
    expect(lastRecoveryPointMaxAgeHours([7, 11, 15, 19, 23], 3)).toBe(6);
  });
});

describe('BKP-6 snapshot quota', () => {
  test('the defaults hold 95 snapshots per region (5 frequent x 1 d + 90 daily)', () => {
    expect(
      steadyStateSnapshots({ frequentIntervalHours: 4, frequentRetentionDays: 1, dailyRetentionDays: 90 }, 5),
    ).toEqual({ primary: 95, backupRegion: 95 });
  });

  test('BKP-7 the air-gapped copies live outside the account: one snapshot is reserved in the primary region only', () => {
    expect(
      steadyStateSnapshots(
        { frequentIntervalHours: 4, frequentRetentionDays: 1, dailyRetentionDays: 90, airGappedCopy: true },
        5,
      ),
    ).toEqual({ primary: 96, backupRegion: 95 });
  });

  test('without the scheduled count, the nominal 24 / interval runs a day are an upper bound', () => {
    expect(
      steadyStateSnapshots({ frequentIntervalHours: 1, frequentRetentionDays: 1, dailyRetentionDays: 90 }),
    ).toEqual({ primary: 114, backupRegion: 114 });
  });
});

describe('BKP-6 lock minimum', () => {
  test.each([
    [1, 90, 1],
    [35, 35, 34],
    [90, 90, 89],
    [1, 2, 1],
  ])('points kept %i d under a %i d maximum get a minimum of %i d', (shortest, max, min) => {
    expect(lockMinimum(shortest, max)).toBe(min);
  });
});
