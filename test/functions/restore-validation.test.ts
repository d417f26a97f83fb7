import { BackupClient, DescribeRestoreJobCommand, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import { CreateDBInstanceCommand, DeleteDBInstanceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';

const pgQuery = jest.fn();
const pgConnect = jest.fn();
const pgEnd = jest.fn();
const pgOptions: any[] = [];
jest.mock('pg', () => ({
  Client: jest.fn().mockImplementation((options: unknown) => {
    pgOptions.push(options);
    return { connect: pgConnect, query: pgQuery, end: pgEnd, escapeIdentifier: (s: string) => `"${s.replace(/"/g, '""')}"` };
  }),
}));

import { settingsFromEnv, validateRestoreJob, ValidatorSettings } from '../../lib/functions/restore-validation';

const backup = mockClient(BackupClient);
const rds = mockClient(RDSClient);
const secrets = mockClient(SecretsManagerClient);

const PLAN = 'arn:aws:backup:eu-west-3:111122223333:restore-testing-plan:prod_Backup_restore_test-abc';
const CLUSTER_ID = 'awsbackup-restore-test-123';
const SETTINGS: ValidatorSettings = {
  restoreTestingPlanArn: PLAN,
  masterSecretArn: 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:rds!cluster-x',
  databaseName: 'booking',
  schema: 'public',
  tables: [],
  instanceClass: 'db.t4g.medium',
};
const EVENT = { detail: { restoreJobId: 'job-1', status: 'COMPLETED' } };

/** The restored database answers these queries. */
function database(tables: Record<string, number>, schemaPresent = true): void {
  pgQuery.mockImplementation(async (sql: string) => {
    if (sql === 'SELECT 1') return { rowCount: 1, rows: [{}] };
    if (sql.includes('information_schema.schemata')) return { rowCount: schemaPresent ? 1 : 0, rows: [] };
    if (sql.includes('information_schema.tables')) return { rowCount: Object.keys(tables).length, rows: Object.keys(tables).map((table_name) => ({ table_name })) };
    const m = /FROM "public"\."(\w+)"/.exec(sql);
    if (m) return { rowCount: 1, rows: [{ n: String(tables[m[1]]) }] };
    throw new Error(`unexpected query ${sql}`);
  });
}

function restoredCluster(members: number): void {
  rds.on(DescribeDBClustersCommand).resolves({
    DBClusters: [{ DBClusterIdentifier: CLUSTER_ID, Endpoint: `${CLUSTER_ID}.cluster-x.eu-west-3.rds.amazonaws.com`, Port: 5432, Engine: 'aurora-postgresql', DBClusterMembers: Array.from({ length: members }, () => ({ DBInstanceIdentifier: 'i' })) }],
  });
}

function reported(): { status?: string; message?: string } {
  const calls = backup.commandCalls(PutRestoreValidationResultCommand);
  expect(calls).toHaveLength(1);
  return { status: calls[0].args[0].input.ValidationStatus, message: calls[0].args[0].input.ValidationStatusMessage };
}

beforeEach(() => {
  backup.reset();
  rds.reset();
  secrets.reset();
  pgQuery.mockReset();
  pgConnect.mockReset().mockResolvedValue(undefined);
  pgEnd.mockReset().mockResolvedValue(undefined);
  pgOptions.length = 0;
  backup.on(DescribeRestoreJobCommand).resolves({ Status: 'COMPLETED', CreatedBy: { RestoreTestingPlanArn: PLAN }, CreatedResourceArn: `arn:aws:rds:eu-west-3:111122223333:cluster:${CLUSTER_ID}` });
  backup.on(PutRestoreValidationResultCommand).resolves({});
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'postgres', password: 'current' }) });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('BKP-5 restore validation: success', () => {
  test('a reachable cluster with the schema and rows is reported SUCCESSFUL, with the counts', async () => {
    restoredCluster(1);
    database({ bookings: 12, users: 3 });
    const out = await validateRestoreJob(EVENT, SETTINGS);
    expect(out.status).toBe('SUCCESSFUL');
    expect(reported()).toEqual({ status: 'SUCCESSFUL', message: 'reachable; schema public present; rows: bookings=12, users=3' });
    expect(rds.commandCalls(CreateDBInstanceCommand)).toHaveLength(0);
  });

  test('connects over TLS that verifies the server certificate, to the restored endpoint and database', async () => {
    restoredCluster(1);
    database({ bookings: 1 });
    await validateRestoreJob(EVENT, SETTINGS);
    expect(pgOptions[0]).toMatchObject({ host: `${CLUSTER_ID}.cluster-x.eu-west-3.rds.amazonaws.com`, port: 5432, database: 'booking', user: 'postgres', ssl: { rejectUnauthorized: true } });
    expect(pgEnd).toHaveBeenCalled();
  });

  test('a cluster restored without instances gets one for the check, deleted afterwards', async () => {
    restoredCluster(0);
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
    rds.on(CreateDBInstanceCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    database({ bookings: 1 });
    await validateRestoreJob(EVENT, SETTINGS);
    expect(rds.commandCalls(CreateDBInstanceCommand)[0].args[0].input).toEqual({
      DBInstanceIdentifier: `${CLUSTER_ID}-validator`,
      DBClusterIdentifier: CLUSTER_ID,
      Engine: 'aurora-postgresql',
      DBInstanceClass: 'db.t4g.medium',
    });
    expect(rds.commandCalls(DeleteDBInstanceCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: `${CLUSTER_ID}-validator` });
    expect(reported().status).toBe('SUCCESSFUL');
  });

  test('after a rotation, the previous secret version (the snapshot\'s password) is tried', async () => {
    restoredCluster(1);
    database({ bookings: 1 });
    secrets.on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' }).resolves({ SecretString: JSON.stringify({ username: 'postgres', password: 'previous' }) });
    pgConnect.mockRejectedValueOnce(Object.assign(new Error('password authentication failed'), { code: '28P01' }));
    await validateRestoreJob(EVENT, SETTINGS);
    expect(pgOptions.map((o) => o.password)).toEqual(['current', 'previous']);
    expect(reported().status).toBe('SUCCESSFUL');
  });
});

describe('BKP-5 restore validation: failures are reported FAILED', () => {
  test.each([
    ['the schema is missing', () => database({ bookings: 1 }, false), /schema public is missing/],
    ['the schema holds no table', () => database({}), /holds no table/],
    ['every table is empty', () => database({ bookings: 0, users: 0 }), /row count is zero in public: bookings, users/],
  ])('%s', async (_name, setup, words) => {
    restoredCluster(1);
    setup();
    const out = await validateRestoreJob(EVENT, SETTINGS);
    expect(out.status).toBe('FAILED');
    expect(reported()).toEqual({ status: 'FAILED', message: expect.stringMatching(words) });
  });

  test('a configured table that is empty fails even if others have rows', async () => {
    restoredCluster(1);
    database({ bookings: 0, users: 3 });
    await validateRestoreJob(EVENT, { ...SETTINGS, tables: ['bookings'] });
    expect(reported()).toEqual({ status: 'FAILED', message: expect.stringMatching(/row count is zero in public: bookings/) });
  });

  test('a configured table that is missing fails', async () => {
    restoredCluster(1);
    database({ users: 3 });
    await validateRestoreJob(EVENT, { ...SETTINGS, tables: ['bookings'] });
    expect(reported().message).toMatch(/table\(s\) missing from public: bookings/);
  });

  test('an unreachable cluster fails without trying the other secret version', async () => {
    restoredCluster(1);
    pgConnect.mockRejectedValue(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }));
    await validateRestoreJob(EVENT, SETTINGS);
    expect(reported()).toEqual({ status: 'FAILED', message: expect.stringMatching(/cannot connect to the restored cluster: connect ETIMEDOUT/) });
    expect(pgOptions).toHaveLength(1);
  });

  test('an unreadable secret fails', async () => {
    restoredCluster(1);
    secrets.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException'));
    await validateRestoreJob(EVENT, SETTINGS);
    expect(reported().message).toMatch(/cannot connect.*AccessDeniedException/);
  });

  test('a restored cluster without endpoint fails', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: CLUSTER_ID }] });
    await validateRestoreJob(EVENT, SETTINGS);
    expect(reported().message).toMatch(/has no endpoint/);
  });

  test('the instance the validator added is deleted even when a check fails', async () => {
    restoredCluster(0);
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
    database({ bookings: 0 });
    await validateRestoreJob(EVENT, SETTINGS);
    expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
    expect(reported().status).toBe('FAILED');
  });

  test('a failed validation emits the metric the alarm watches', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    log.mockClear();
    restoredCluster(1);
    database({}, false);
    await validateRestoreJob(EVENT, SETTINGS);
    const metric = JSON.parse(log.mock.calls.map((c) => String(c[0])).find((l) => l.includes('RestoreValidation'))!);
    expect(metric).toMatchObject({ Failed: 1, Succeeded: 0, _aws: { CloudWatchMetrics: [{ Namespace: 'RestoreValidation' }] } });
  });

  test('a long error is cut to the length AWS Backup accepts', async () => {
    restoredCluster(1);
    pgConnect.mockRejectedValue(new Error('x'.repeat(5000)));
    await validateRestoreJob(EVENT, SETTINGS);
    expect(reported().message!.length).toBe(1000);
  });
});

describe('BKP-5 restore validation: jobs that are not ours are left alone', () => {
  test('a restore job of another plan (or a manual restore) is skipped, nothing reported', async () => {
    backup.on(DescribeRestoreJobCommand).resolves({ Status: 'COMPLETED', CreatedBy: {}, CreatedResourceArn: 'arn:aws:rds:eu-west-3:111122223333:cluster:prod-restored' });
    expect((await validateRestoreJob(EVENT, SETTINGS)).status).toBe('SKIPPED');
    expect(backup.commandCalls(PutRestoreValidationResultCommand)).toHaveLength(0);
    expect(rds.calls()).toHaveLength(0);
  });

  test('a job that is not COMPLETED is skipped', async () => {
    backup.on(DescribeRestoreJobCommand).resolves({ Status: 'FAILED', CreatedBy: { RestoreTestingPlanArn: PLAN } });
    expect((await validateRestoreJob(EVENT, SETTINGS)).status).toBe('SKIPPED');
    expect(backup.commandCalls(PutRestoreValidationResultCommand)).toHaveLength(0);
  });

  test('a failure to report is not swallowed (the invocation fails, the DLQ and error alarm take over)', async () => {
    restoredCluster(1);
    database({ bookings: 1 });
    backup.on(PutRestoreValidationResultCommand).rejects(new Error('ThrottlingException'));
    await expect(validateRestoreJob(EVENT, SETTINGS)).rejects.toThrow('ThrottlingException');
  });
});

describe('settings', () => {
  test('come from the environment the stack sets', () => {
    expect(
      settingsFromEnv({ RESTORE_TESTING_PLAN_ARN: PLAN, MASTER_SECRET_ARN: 's', DATABASE_NAME: 'booking', EXPECTED_SCHEMA: 'app', EXPECTED_TABLES: 'a, b', INSTANCE_CLASS: 'db.r6g.large' }),
    ).toEqual({ restoreTestingPlanArn: PLAN, masterSecretArn: 's', databaseName: 'booking', schema: 'app', tables: ['a', 'b'], instanceClass: 'db.r6g.large' });
  });

  test('a missing required variable is named', () => {
    expect(() => settingsFromEnv({ RESTORE_TESTING_PLAN_ARN: PLAN, DATABASE_NAME: 'x' })).toThrow('MASTER_SECRET_ARN');
  });
});
