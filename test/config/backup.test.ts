import {
  collidesWithDatabaseWindows,
  frequentHours,
  longestSnapshotGapHours,
  steadyStateSnapshots,
} from '../../lib/core/backup-schedule';
import { problemsOf } from '../helpers';

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
});

describe('BKP-6 snapshot quota', () => {
  test('the defaults hold 95 snapshots per region (5 frequent x 1 d + 90 daily), under the default quota of 100', () => {
    expect(
      steadyStateSnapshots({ frequentIntervalHours: 4, frequentRetentionDays: 1, dailyRetentionDays: 90 }, 5),
    ).toEqual({ primary: 95, backupRegion: 95 });
    expect(problemsOf(() => undefined)).toEqual([]);
  });

  test('hourly snapshots are refused at the default quota, with the quota code to raise', () => {
    const line = problemsOf((c) => (c.backup = { frequentIntervalHours: 1 })).find((p) => p.startsWith('backup: '));
    expect(line).toMatch(
      /110 manual cluster snapshots in primaryRegion and 110 in backupRegion.*L-9B510759.*at least 110/,
    );
  });

  test('hourly snapshots are accepted once the quota is raised', () => {
    expect(problemsOf((c) => (c.backup = { frequentIntervalHours: 1, snapshotQuota: 110 }))).toEqual([]);
  });
});

// [case, mutation, field path the message must name, words the message must contain]
const BAD: Array<[string, (c: Record<string, any>) => void, string, RegExp]> = [
  [
    'frequent interval over 4 h',
    (c) => (c.backup = { frequentIntervalHours: 6 }),
    'backup.frequentIntervalHours',
    /not an allowed value/,
  ],
  [
    'continuous retention over 35 d',
    (c) => (c.backup = { continuousRetentionDays: 36 }),
    'backup.continuousRetentionDays',
    /35 days, the AWS maximum/,
  ],
  [
    'continuous retention under 7 d',
    (c) => (c.backup = { continuousRetentionDays: 3 }),
    'backup.continuousRetentionDays',
    /at least 7 days/,
  ],
  [
    'daily retention over 90 d',
    (c) => (c.backup = { dailyRetentionDays: 120 }),
    'backup.dailyRetentionDays',
    /destruction after 90 days/,
  ],
  [
    'frequent kept longer than daily',
    (c) => (c.backup = { frequentRetentionDays: 30, dailyRetentionDays: 20 }),
    'backup.frequentRetentionDays',
    /above backup.dailyRetentionDays/,
  ],
  [
    'daily snapshot in the backup window',
    (c) => (c.backup = { dailyStartHourUtc: 0 }),
    'backup.dailyStartHourUtc',
    /collides with database.backupWindow/,
  ],
  [
    'daily snapshot in the maintenance window',
    (c) => (c.backup = { dailyStartHourUtc: 2 }),
    'backup.dailyStartHourUtc',
    /collides/,
  ],
  [
    'lock cooling-off under 3 d',
    (c) => (c.backup = { lock: { changeableForDays: 1 } }),
    'backup.lock.changeableForDays',
    /at least 3/,
  ],
  [
    'bad lock mode',
    (c) => (c.backup = { lock: { mode: 'legal-hold' } }),
    'backup.lock.mode',
    /"compliance", "governance"/,
  ],
  [
    'restore schedule not cron',
    (c) => (c.backup = { restoreTestSchedule: 'rate(7 days)' }),
    'backup.restoreTestSchedule',
    /cron\(/,
  ],
  [
    'validation schema not an identifier',
    (c) => (c.backup = { restoreValidation: { schema: 'Public; DROP' } }),
    'backup.restoreValidation.schema',
    /PostgreSQL identifier/,
  ],
  [
    'validation table not an identifier',
    (c) => (c.backup = { restoreValidation: { tables: ['a b'] } }),
    'backup.restoreValidation.tables[0]',
    /table name/,
  ],
  [
    'validation instance class malformed',
    (c) => (c.backup = { restoreValidation: { instanceClass: 't4g.medium' } }),
    'backup.restoreValidation.instanceClass',
    /instance class/,
  ],
  [
    'restore time target too short',
    (c) => (c.backup = { restoreTimeTargetMinutes: 5 }),
    'backup.restoreTimeTargetMinutes',
    /30/,
  ],
  [
    'second-account vault ARN malformed',
    (c) => (c.backup = { secondAccountCopy: { account: '999988887777', vaultArn: 'vault' } }),
    'backup.secondAccountCopy.vaultArn',
    /backup vault ARN/,
  ],
  [
    'second-account vault in another account',
    (c) =>
      (c.backup = {
        secondAccountCopy: {
          account: '999988887777',
          vaultArn: 'arn:aws:backup:eu-central-1:555566667777:backup-vault:x',
        },
      }),
    'backup.secondAccountCopy.vaultArn',
    /belongs to account 555566667777/,
  ],
  [
    'second-account copy to the stage account',
    (c) =>
      (c.backup = {
        secondAccountCopy: {
          account: '111122223333',
          vaultArn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:x',
        },
      }),
    'backup.secondAccountCopy.account',
    /the stage account itself/,
  ],
];

describe('PROOF-3 bad backup config is refused with the field named', () => {
  test.each(BAD)('%s', (_name, mutate, field, words) => {
    const problems = problemsOf(mutate);
    const line = problems.find((p) => p.startsWith(`${field}: `));
    expect(line ?? problems).toEqual(expect.stringMatching(words));
    expect(line).toMatch(/Fix: /);
  });
});
