import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateStage } from '../../lib/config/validate';
import { clusterIdentifier } from '../../lib/core/naming';
import { problemsOf, ROOT, rawConfig } from '../config-helpers';

/** A cluster restored in the example stage's region, and a snapshot of its region and account (OPS-2). */
const RESTORED = {
  identifier: 'prod-aurora-restored',
  resourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0',
  endpoint: 'prod-aurora-restored.cluster-c1a2b3c4d5e6.eu-west-3.rds.amazonaws.com',
};
const SNAPSHOT_ARN = 'arn:aws:rds:eu-west-3:111122223333:cluster-snapshot:awsbackup:job-0a1b2c3d';

describe('PROOF-3 database config', () => {
  test('defaults: 60-day rotation, pgaudit classes, windows that do not overlap', () => {
    const db = validateStage(rawConfig()).database;
    expect(db.rotationDays).toBe(60);
    expect(db.auditClasses).toBe('ddl,role,write');
    expect(db.backupWindow).toBe('01:00-01:30');
    expect(db.maintenanceWindow).toBe('sun:02:00-sun:03:00');
  });

  test('ORG-7 CT.RDS.PR.21 the master user is not a default name by default; a deployed stage keeps its own', () => {
    const db = validateStage(rawConfig()).database;
    expect(db.masterUsername).toBe('bookingadmin');
    expect(db.keepDeployedMasterUsername).toBe(false);
    expect(problemsOf((c) => (c.database = { masterUsername: 'shopowner' }))).toEqual([]);
    // OPS-5: keeping a default name breaks ORG-7 in part, so the stage waives it explicitly.
    const keep = (c: Record<string, any>) => {
      c.database = { masterUsername: 'postgres', keepDeployedMasterUsername: true };
      c.waivers = [{ claim: 'ORG-7', reason: 'cluster deployed with postgres before this rule; RDS cannot rename it' }];
    };
    expect(problemsOf(keep)).toEqual([]);
  });

  test('DB-5 auditedTables: none by default; table or schema.table names accepted', () => {
    expect(validateStage(rawConfig()).database.auditedTables).toEqual([]);
    expect(problemsOf((c) => (c.database = { auditedTables: ['customers', 'billing.cards'] }))).toEqual([]);
  });

  test('OPS-2 a switch-over to a cluster of primaryRegion, or a snapshot of its region and account, is accepted', () => {
    expect(problemsOf((c) => (c.database = { restoredCluster: RESTORED }))).toEqual([]);
    expect(problemsOf((c) => (c.database = { restoreFromSnapshotArn: SNAPSHOT_ARN }))).toEqual([]);
    const restored = validateStage({ ...rawConfig(), database: { restoredCluster: RESTORED } }).database;
    expect(restored.restoredCluster).toEqual(RESTORED);
  });

  test('OPS-2 the disaster fixture (test/fixtures/disaster-stage.json) is a valid stage', () => {
    const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/disaster-stage.json'), 'utf8'));
    expect(validateStage(fixture).database.restoreFromSnapshotArn).toMatch(/^arn:aws:rds:eu-central-1:/);
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
    [
      'DB-5 an audited table that is not a PostgreSQL table name',
      (c) => (c.database = { auditedTables: ['public.Customers; DROP'] }),
      'database.auditedTables[0]',
      /PostgreSQL table name/,
    ],
    [
      'DB-5 an audited table listed twice',
      (c) => (c.database = { auditedTables: ['customers', 'customers'] }),
      'database.auditedTables',
      /names a table twice/,
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
    [
      'app user is the master user',
      (c) => (c.database = { appUser: 'bookingadmin' }),
      'database.appUser',
      /master user \(database.masterUsername "bookingadmin"\)/,
    ],
    [
      'read-only user is a configured master user',
      (c) => (c.database = { masterUsername: 'shopowner', readOnlyUser: 'shopowner' }),
      'database.readOnlyUser',
      /master user/,
    ],
    [
      'ORG-7 CT.RDS.PR.21 master user postgres',
      (c) => (c.database = { masterUsername: 'postgres' }),
      'database.masterUsername',
      /default administrator name.*CT.RDS.PR.21.*keepDeployedMasterUsername: true/,
    ],
    [
      'ORG-7 CT.RDS.PR.21 master user admin',
      (c) => (c.database = { masterUsername: 'admin' }),
      'database.masterUsername',
      /default administrator name/,
    ],
    [
      'ORG-7 CT.RDS.PR.21 master user root',
      (c) => (c.database = { masterUsername: 'root' }),
      'database.masterUsername',
      /default administrator name/,
    ],
    [
      'master user rdsadmin (RDS reserves it), even when keeping a deployed name',
      (c) => (c.database = { masterUsername: 'rdsadmin', keepDeployedMasterUsername: true }),
      'database.masterUsername',
      /reserved by RDS/,
    ],
    [
      'master user a PostgreSQL key word',
      (c) => (c.database = { masterUsername: 'user' }),
      'database.masterUsername',
      /PostgreSQL \(a key word or role name\)/,
    ],
    [
      'master user longer than RDS allows',
      (c) => (c.database = { masterUsername: 'bookingadministrator' }),
      'database.masterUsername',
      /up to 15 lowercase letters or digits/,
    ],
    [
      'master user with an underscore (RDS: letters or numbers)',
      (c) => (c.database = { masterUsername: 'booking_admin' }),
      'database.masterUsername',
      /lowercase letters or digits/,
    ],
    [
      'keeping a deployed master user name that is not a default one',
      (c) => (c.database = { masterUsername: 'shopowner', keepDeployedMasterUsername: true }),
      'database.keepDeployedMasterUsername',
      /keeps nothing/,
    ],
    [
      'OPS-2 a snapshot to restore from outside primaryRegion',
      (c) => (c.database = { restoreFromSnapshotArn: SNAPSHOT_ARN.replace(':eu-west-3:', ':eu-central-1:') }),
      'database.restoreFromSnapshotArn',
      /is a snapshot of eu-central-1, not of primaryRegion eu-west-3.*Fix: set primaryRegion to eu-central-1/,
    ],
    [
      'OPS-2 a snapshot to restore from of another account',
      (c) => (c.database = { restoreFromSnapshotArn: SNAPSHOT_ARN.replace(':111122223333:', ':444455556666:') }),
      'database.restoreFromSnapshotArn',
      /account 444455556666, not of this stage's account 111122223333/,
    ],
    [
      'OPS-2 a restored cluster whose endpoint is in another region',
      (c) =>
        (c.database = {
          restoredCluster: { ...RESTORED, endpoint: RESTORED.endpoint.replace('eu-west-3', 'eu-central-1') },
        }),
      'database.restoredCluster.endpoint',
      /not an endpoint of primaryRegion eu-west-3/,
    ],
    [
      'OPS-2 a restored cluster whose endpoint is of another cluster',
      (c) => (c.database = { restoredCluster: { ...RESTORED, identifier: 'prod-aurora-other' } }),
      'database.restoredCluster.endpoint',
      /is not the writer endpoint of cluster prod-aurora-other/,
    ],
    [
      'OPS-2 a switch-over and a snapshot restore at once',
      (c) => (c.database = { restoredCluster: RESTORED, restoreFromSnapshotArn: SNAPSHOT_ARN }),
      'database.restoredCluster',
      /together with database.restoreFromSnapshotArn.*Fix: keep restoredCluster .* or restoreFromSnapshotArn/,
    ],
    [
      'OPS-2 a restored cluster named by its ARN instead of its resource ID',
      (c) =>
        (c.database = { restoredCluster: { ...RESTORED, resourceId: 'arn:aws:rds:eu-west-3:111122223333:cluster:x' } }),
      'database.restoredCluster.resourceId',
      /cluster resource ID/,
    ],
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

describe('OPS-2 bringing a restored cluster back under the stack', () => {
  test("the stack's own identifier is accepted with the renamed cluster's resource ID and endpoint", () => {
    const back = {
      identifier: 'prod-aurora',
      resourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0',
      endpoint: 'prod-aurora.cluster-c1a2b3c4d5e6.eu-west-3.rds.amazonaws.com',
    };
    expect(problemsOf((c) => (c.database = { restoredCluster: back }))).toEqual([]);
  });
});
