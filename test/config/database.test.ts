import { validateStage } from '../../lib/config/validate';
import { clusterIdentifier } from '../../lib/core/naming';
import { problemsOf, rawConfig } from '../helpers';

describe('PROOF-3 database config', () => {
  test('defaults: 60-day rotation, pgaudit classes, windows that do not overlap', () => {
    const db = validateStage(rawConfig()).database;
    expect(db.rotationDays).toBe(60);
    expect(db.auditClasses).toBe('ddl,role,write');
    expect(db.backupWindow).toBe('01:00-01:30');
    expect(db.maintenanceWindow).toBe('sun:02:00-sun:03:00');
  });

  test('the cluster identifier derives from the stage name', () => {
    expect(clusterIdentifier('prod')).toBe('prod-aurora');
  });

  const BAD: Array<[string, (c: Record<string, any>) => void, string, RegExp]> = [
    [
      'unknown pgaudit class',
      (c) => (c.database = { auditClasses: 'ddl,everything' }),
      'database.auditClasses',
      /pgaudit classes/,
    ],
    [
      'pgaudit classes that log nothing',
      (c) => (c.database = { auditClasses: '-ddl' }),
      'database.auditClasses',
      /logs nothing/,
    ],
    ['rotation longer than 60 days (ORG-4)', (c) => (c.database = { rotationDays: 90 }), 'database.rotationDays', /60/],
    [
      'capacity above the Serverless v2 limit',
      (c) => (c.database = { maxCapacity: 300 }),
      'database.maxCapacity',
      /256/,
    ],
    [
      'capacity not a multiple of 0.5',
      (c) => (c.database = { minCapacity: 0.7 }),
      'database.minCapacity',
      /multiple of 0.5/,
    ],
    [
      'min capacity above max',
      (c) => (c.database = { minCapacity: 8, maxCapacity: 4 }),
      'database.minCapacity',
      /above database.maxCapacity/,
    ],
    [
      'backup window shorter than 30 minutes',
      (c) => (c.database = { backupWindow: '01:00-01:15' }),
      'database.backupWindow',
      /30 minutes/,
    ],
    [
      'overlapping windows',
      (c) => (c.database = { backupWindow: '02:00-02:30', maintenanceWindow: 'sun:02:15-sun:03:00' }),
      'database.maintenanceWindow',
      /overlaps/,
    ],
    [
      'malformed engine version',
      (c) => (c.database = { engineVersion: '16' }),
      'database.engineVersion',
      /Aurora PostgreSQL version/,
    ],
    [
      'app user not a PostgreSQL identifier',
      (c) => (c.database = { appUser: 'App-User' }),
      'database.appUser',
      /PostgreSQL identifier/,
    ],
    [
      'bad log retention',
      (c) => (c.database = { logRetentionDays: 100 }),
      'database.logRetentionDays',
      /retention values/,
    ],
    [
      'read-only user equal to the app user',
      (c) => (c.database = { readOnlyUser: 'app_user' }),
      'database.readOnlyUser',
      /same user as database.appUser/,
    ],
    ['app user is the master user', (c) => (c.database = { appUser: 'postgres' }), 'database.appUser', /master user/],
    [
      'stage name with a double hyphen breaks the cluster identifier',
      (c) => (c.name = 'prod--eu'),
      'name',
      /cluster identifier "prod--eu-aurora"/,
    ],
  ];

  test.each(BAD)('%s is refused, naming the field', (_name, mutate, field, words) => {
    const problems = problemsOf(mutate);
    const line = problems.find((p) => p.startsWith(`${field}: `));
    expect(line ?? problems).toEqual(expect.stringMatching(words));
    expect(line).toMatch(/Fix: /);
  });
});
