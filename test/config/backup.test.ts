import { problemsOf } from '../config-helpers';

// The cadence and quota arithmetic itself is tested in test/unit/backup-schedule.test.ts; here, that the
// config checks apply it and name the fix.
describe('BKP-6 BKP-7 snapshot quota', () => {
  test('the example stage with the defaults (96 snapshots per region: 95 and one for the air-gapped copy) is under the default quota of 100', () => {
    expect(problemsOf(() => undefined)).toEqual([]);
  });

  test('hourly snapshots are refused at the default quota, with the quota code to raise', () => {
    const line = problemsOf((c) => (c.backup = { frequentIntervalHours: 1 })).find((p) => p.startsWith('backup: '));
    expect(line).toMatch(
      /111 manual cluster snapshots in primaryRegion \(one reserved for the copy into the air-gapped vault\) and 110 in backupRegion.*L-9B510759.*at least 111/,
    );
  });

  test('hourly snapshots are accepted once the quota is raised', () => {
    expect(problemsOf((c) => (c.backup = { frequentIntervalHours: 1, snapshotQuota: 111 }))).toEqual([]);
  });

  test('BKP-7 without the air-gapped copy, no snapshot is reserved for it', () => {
    const line = problemsOf((c) => (c.backup = { frequentIntervalHours: 1, airGappedCopy: false })).find((p) =>
      p.startsWith('backup: '),
    );
    expect(line).toMatch(/110 manual cluster snapshots in primaryRegion and 110 in backupRegion/);
  });
});

describe('BKP-7 air-gapped copy', () => {
  test('a daily retention under 7 days is refused while the air-gapped copy is on, with the fix', () => {
    const problems = problemsOf((c) => (c.backup = { dailyRetentionDays: 5, frequentRetentionDays: 1 }));
    expect(problems.find((p) => p.startsWith('backup.dailyRetentionDays') && /air-gapped/.test(p))).toMatch(
      /under 7, the shortest retention a logically air-gapped vault accepts.*airGappedCopy to false/,
    );
  });

  test('it is accepted without the air-gapped copy', () => {
    const problems = problemsOf((c) => {
      c.backup = { dailyRetentionDays: 5, frequentRetentionDays: 1, airGappedCopy: false };
      // Without the copy BKP-7 is broken (refused unless waived: test/config/promises.test.ts).
      c.waivers = [{ claim: 'BKP-7', reason: 'a stage that tests the 7-day floor only' }];
    });
    expect(problems.filter((p) => /air-gapped/.test(p))).toEqual([]);
  });

  test('a disposable stage builds no air-gapped vault: the 7-day floor does not apply', () => {
    const problems = problemsOf((c) => {
      Object.assign(c, { exposure: 'internal', lifecycle: 'disposable' });
      c.backup = { dailyRetentionDays: 5, frequentRetentionDays: 1 };
    });
    expect(problems.filter((p) => /air-gapped/.test(p))).toEqual([]);
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
