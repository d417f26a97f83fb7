import { BackupClient, DescribeRestoreJobCommand, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import {
  CreateDBInstanceCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';

const pgQuery = jest.fn();
const pgConnect = jest.fn();
const pgEnd = jest.fn();
const pgOptions: any[] = [];
jest.mock('pg', () => ({
  Client: jest.fn().mockImplementation((options: unknown) => {
    pgOptions.push(options);
    return {
      connect: pgConnect,
      query: pgQuery,
      end: pgEnd,
      escapeIdentifier: (s: string) => `"${s.replace(/"/g, '""')}"`,
    };
  }),
}));

import {
  CHECK_RESERVE_MS,
  handler,
  InstanceNotReadyError,
  settingsFromEnv,
  type ValidatorRuntime,
  type ValidatorSettings,
  validateRestoreJob,
} from '../../lib/functions/restore-validation';

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
  deadlineMinutes: 35,
};
const EVENT = { time: '2030-01-05T06:40:00Z', detail: { restoreJobId: 'job-1', status: 'COMPLETED' } };
/** The restore job completed at this time (ms); the deadline is 35 minutes later. */
const COMPLETED_AT = Date.parse('2030-01-05T06:40:00Z');
const INSTANCE = `${CLUSTER_ID}-validator`;

/**
 * A fake clock: `sleep` advances it; `remainingMs` is what is left of an invocation
 * that started at `startedAt` with the 15-minute timeout.
 */
function clock(startedAt: number, invocationMs = 15 * 60_000): ValidatorRuntime & { sleeps: number } {
  let now = startedAt;
  const c = {
    sleeps: 0,
    now: () => now,
    sleep: async (ms: number) => {
      c.sleeps += 1;
      now += ms;
    },
    remainingMs: () => startedAt + invocationMs - now,
  };
  return c;
}
/** Right after the restore job's completion. */
const fresh = () => clock(COMPLETED_AT + 30_000);

/** DescribeDBInstances answers these states in turn (the last one repeats); undefined: not found. */
function instanceStates(...states: (string | undefined)[]): void {
  const notFound = () =>
    Object.assign(new Error(`DBInstance ${INSTANCE} not found`), { name: 'DBInstanceNotFoundFault' });
  let i = 0;
  rds.on(DescribeDBInstancesCommand).callsFake(async () => {
    const state = states[Math.min(i++, states.length - 1)];
    if (state === undefined) throw notFound();
    return { DBInstances: [{ DBInstanceIdentifier: INSTANCE, DBInstanceStatus: state }] };
  });
}

/** The restored database answers these queries. */
function database(tables: Record<string, number>, schemaPresent = true): void {
  pgQuery.mockImplementation(async (sql: string) => {
    if (sql === 'SELECT 1') return { rowCount: 1, rows: [{}] };
    if (sql.includes('information_schema.schemata')) return { rowCount: schemaPresent ? 1 : 0, rows: [] };
    if (sql.includes('information_schema.tables'))
      return { rowCount: Object.keys(tables).length, rows: Object.keys(tables).map((table_name) => ({ table_name })) };
    const m = /FROM "public"\."(\w+)"/.exec(sql);
    if (m) return { rowCount: 1, rows: [{ n: String(tables[m[1]]) }] };
    throw new Error(`unexpected query ${sql}`);
  });
}

function restoredCluster(members: number): void {
  rds.on(DescribeDBClustersCommand).resolves({
    DBClusters: [
      {
        DBClusterIdentifier: CLUSTER_ID,
        Endpoint: `${CLUSTER_ID}.cluster-x.eu-west-3.rds.amazonaws.com`,
        Port: 5432,
        Engine: 'aurora-postgresql',
        DBClusterMembers: Array.from({ length: members }, () => ({ DBInstanceIdentifier: 'i' })),
      },
    ],
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
  backup.on(DescribeRestoreJobCommand).resolves({
    Status: 'COMPLETED',
    CreatedBy: { RestoreTestingPlanArn: PLAN },
    CreatedResourceArn: `arn:aws:rds:eu-west-3:111122223333:cluster:${CLUSTER_ID}`,
    CompletionDate: new Date(COMPLETED_AT),
  });
  backup.on(PutRestoreValidationResultCommand).resolves({});
  secrets
    .on(GetSecretValueCommand)
    .resolves({ SecretString: JSON.stringify({ username: 'postgres', password: 'current' }) });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('BKP-5 restore validation: success', () => {
  test('a reachable cluster with the schema and rows is reported SUCCESSFUL, with the counts', async () => {
    restoredCluster(1);
    database({ bookings: 12, users: 3 });
    const out = await validateRestoreJob(EVENT, SETTINGS, fresh());
    expect(out.status).toBe('SUCCESSFUL');
    expect(reported()).toEqual({
      status: 'SUCCESSFUL',
      message: 'reachable; schema public present; rows: bookings=12, users=3',
    });
    expect(rds.commandCalls(CreateDBInstanceCommand)).toHaveLength(0);
  });

  test('connects over TLS that verifies the server certificate, to the restored endpoint and database', async () => {
    restoredCluster(1);
    database({ bookings: 1 });
    await validateRestoreJob(EVENT, SETTINGS, fresh());
    expect(pgOptions[0]).toMatchObject({
      host: `${CLUSTER_ID}.cluster-x.eu-west-3.rds.amazonaws.com`,
      port: 5432,
      database: 'booking',
      user: 'postgres',
      ssl: { rejectUnauthorized: true },
    });
    expect(pgEnd).toHaveBeenCalled();
  });

  test("after a rotation, the previous secret version (the snapshot's password) is tried", async () => {
    restoredCluster(1);
    database({ bookings: 1 });
    secrets
      .on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })
      .resolves({ SecretString: JSON.stringify({ username: 'postgres', password: 'previous' }) });
    pgConnect.mockRejectedValueOnce(Object.assign(new Error('password authentication failed'), { code: '28P01' }));
    await validateRestoreJob(EVENT, SETTINGS, fresh());
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
    const out = await validateRestoreJob(EVENT, SETTINGS, fresh());
    expect(out.status).toBe('FAILED');
    expect(reported()).toEqual({ status: 'FAILED', message: expect.stringMatching(words) });
  });

  test('a configured table that is empty fails even if others have rows', async () => {
    restoredCluster(1);
    database({ bookings: 0, users: 3 });
    await validateRestoreJob(EVENT, { ...SETTINGS, tables: ['bookings'] }, fresh());
    expect(reported()).toEqual({
      status: 'FAILED',
      message: expect.stringMatching(/row count is zero in public: bookings/),
    });
  });

  test('a configured table that is missing fails', async () => {
    restoredCluster(1);
    database({ users: 3 });
    await validateRestoreJob(EVENT, { ...SETTINGS, tables: ['bookings'] }, fresh());
    expect(reported().message).toMatch(/table\(s\) missing from public: bookings/);
  });

  test('an unreachable cluster fails without trying the other secret version', async () => {
    restoredCluster(1);
    pgConnect.mockRejectedValue(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }));
    await validateRestoreJob(EVENT, SETTINGS, fresh());
    expect(reported()).toEqual({
      status: 'FAILED',
      message: expect.stringMatching(/cannot connect to the restored cluster: connect ETIMEDOUT/),
    });
    expect(pgOptions).toHaveLength(1);
  });

  test('an unreadable secret fails', async () => {
    restoredCluster(1);
    secrets.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException'));
    await validateRestoreJob(EVENT, SETTINGS, fresh());
    expect(reported().message).toMatch(/cannot connect.*AccessDeniedException/);
  });

  test('a restored cluster without endpoint fails', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: CLUSTER_ID }] });
    await validateRestoreJob(EVENT, SETTINGS, fresh());
    expect(reported().message).toMatch(/has no endpoint/);
  });

  test('a failed validation emits the metric the alarm watches', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    log.mockClear();
    restoredCluster(1);
    database({}, false);
    await validateRestoreJob(EVENT, SETTINGS, fresh());
    const metric = JSON.parse(log.mock.calls.map((c) => String(c[0])).find((l) => l.includes('RestoreValidation'))!);
    expect(metric).toMatchObject({
      Failed: 1,
      Succeeded: 0,
      _aws: { CloudWatchMetrics: [{ Namespace: 'RestoreValidation' }] },
    });
  });

  test('a long error is cut to the length AWS Backup accepts', async () => {
    restoredCluster(1);
    pgConnect.mockRejectedValue(new Error('x'.repeat(5000)));
    await validateRestoreJob(EVENT, SETTINGS, fresh());
    expect(reported().message!.length).toBe(1000);
  });
});

describe('BKP-5 restore validation: a cluster restored without instances', () => {
  beforeEach(() => {
    restoredCluster(0);
    rds.on(CreateDBInstanceCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    database({ bookings: 1 });
  });

  test('gets an instance, waited for within the invocation, checked, reported SUCCESSFUL, then deleted without a final snapshot', async () => {
    instanceStates(undefined, 'creating', 'creating', 'backing-up', 'available');
    const runtime = fresh();
    const out = await validateRestoreJob(EVENT, SETTINGS, runtime);
    expect(out.status).toBe('SUCCESSFUL');
    expect(rds.commandCalls(CreateDBInstanceCommand).map((c) => c.args[0].input)).toEqual([
      {
        DBInstanceIdentifier: INSTANCE,
        DBClusterIdentifier: CLUSTER_ID,
        Engine: 'aurora-postgresql',
        DBInstanceClass: 'db.t4g.medium',
      },
    ]);
    expect(runtime.sleeps).toBe(3);
    expect(reported().status).toBe('SUCCESSFUL');
    expect(rds.commandCalls(DeleteDBInstanceCommand).map((c) => c.args[0].input)).toEqual([
      { DBInstanceIdentifier: INSTANCE, SkipFinalSnapshot: true },
    ]);
  });

  test('the instance is deleted after the report, so that a retry of a failed report still finds it', async () => {
    instanceStates('available');
    const order: string[] = [];
    backup.on(PutRestoreValidationResultCommand).callsFake(async () => order.push('report'));
    rds.on(DeleteDBInstanceCommand).callsFake(async () => order.push('delete'));
    await validateRestoreJob(EVENT, SETTINGS, fresh());
    expect(order).toEqual(['report', 'delete']);
  });

  test('first invocation: creates the instance, waits while it keeps time for the checks, then throws the retryable error; nothing reported, nothing deleted', async () => {
    instanceStates(undefined, 'creating');
    const runtime = fresh();
    const error = await validateRestoreJob(EVENT, SETTINGS, runtime).catch((e) => e);
    expect(error).toBeInstanceOf(InstanceNotReadyError);
    expect(error.message).toMatch(
      /validation instance awsbackup-restore-test-123-validator is creating; \d+ minutes left before the deadline/,
    );
    expect(rds.commandCalls(CreateDBInstanceCommand)).toHaveLength(1);
    // It stopped waiting with the reserve for the checks still left in the invocation.
    expect(runtime.remainingMs()).toBeGreaterThanOrEqual(CHECK_RESERVE_MS);
    expect(runtime.remainingMs()).toBeLessThan(CHECK_RESERVE_MS + 60_000);
    expect(backup.commandCalls(PutRestoreValidationResultCommand)).toHaveLength(0);
    expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('a retry finds the instance still creating: no second instance, waits again, throws the retryable error again', async () => {
    instanceStates('creating');
    const runtime = clock(COMPLETED_AT + 15 * 60_000);
    await expect(validateRestoreJob(EVENT, SETTINGS, runtime)).rejects.toBeInstanceOf(InstanceNotReadyError);
    expect(rds.commandCalls(CreateDBInstanceCommand)).toHaveLength(0);
    expect(runtime.sleeps).toBeGreaterThan(0);
  });

  test('a later invocation that finds the instance available validates and reports SUCCESSFUL', async () => {
    instanceStates('available');
    const out = await validateRestoreJob(EVENT, SETTINGS, clock(COMPLETED_AT + 30 * 60_000));
    expect(out.status).toBe('SUCCESSFUL');
    expect(rds.commandCalls(CreateDBInstanceCommand)).toHaveLength(0);
    expect(reported()).toEqual({ status: 'SUCCESSFUL', message: 'reachable; schema public present; rows: bookings=1' });
    expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
  });

  test('an instance the other delivery of the same event created is used, not an error', async () => {
    instanceStates(undefined, 'available');
    rds
      .on(CreateDBInstanceCommand)
      .rejects(Object.assign(new Error('already exists'), { name: 'DBInstanceAlreadyExistsFault' }));
    expect((await validateRestoreJob(EVENT, SETTINGS, fresh())).status).toBe('SUCCESSFUL');
  });

  test('the instance still not available at the deadline (restore completion + 35 min) is reported FAILED, and deleted', async () => {
    instanceStates('creating');
    // The last retry: it starts 30 minutes after the completion and may wait 12 minutes, past the deadline.
    const runtime = clock(COMPLETED_AT + 30 * 60_000);
    const out = await validateRestoreJob(EVENT, SETTINGS, runtime);
    expect(out.status).toBe('FAILED');
    expect(runtime.now()).toBeGreaterThanOrEqual(COMPLETED_AT + 35 * 60_000);
    expect(reported()).toEqual({
      status: 'FAILED',
      message: expect.stringMatching(
        /validation instance .* is still creating 35 minutes after the restore job completed/,
      ),
    });
    expect(rds.commandCalls(DeleteDBInstanceCommand)[0].args[0].input).toEqual({
      DBInstanceIdentifier: INSTANCE,
      SkipFinalSnapshot: true,
    });
    expect(pgOptions).toHaveLength(0);
  });

  test('the deadline counts from the event time when the restore job has no completion date', async () => {
    backup.on(DescribeRestoreJobCommand).resolves({
      Status: 'COMPLETED',
      CreatedBy: { RestoreTestingPlanArn: PLAN },
      CreatedResourceArn: `arn:aws:rds:eu-west-3:111122223333:cluster:${CLUSTER_ID}`,
    });
    instanceStates('creating');
    const out = await validateRestoreJob(EVENT, SETTINGS, clock(COMPLETED_AT + 36 * 60_000));
    expect(out.status).toBe('FAILED');
    expect(reported().message).toMatch(/35 minutes after the restore job completed/);
  });

  test('past the deadline without an instance, none is created: FAILED', async () => {
    instanceStates(undefined);
    const out = await validateRestoreJob(EVENT, SETTINGS, clock(COMPLETED_AT + 40 * 60_000));
    expect(out.status).toBe('FAILED');
    expect(rds.commandCalls(CreateDBInstanceCommand)).toHaveLength(0);
    expect(reported().message).toMatch(/never created/);
  });

  test.each(['failed', 'incompatible-network', 'storage-full'])(
    'an instance that is %s is reported FAILED at once, and deleted',
    async (state) => {
      instanceStates(undefined, state);
      const runtime = fresh();
      expect((await validateRestoreJob(EVENT, SETTINGS, runtime)).status).toBe('FAILED');
      expect(runtime.sleeps).toBe(0);
      expect(reported().message).toBe(`validation failed: validation instance ${INSTANCE} is ${state}`);
      expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
    },
  );

  test('a real check failure is reported FAILED, and the instance deleted', async () => {
    instanceStates('available');
    database({ bookings: 0 });
    await validateRestoreJob(EVENT, SETTINGS, fresh());
    expect(reported()).toEqual({ status: 'FAILED', message: expect.stringMatching(/row count is zero/) });
    expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
  });

  test('a failure to report is rethrown, and the instance is kept for the retry', async () => {
    instanceStates('available');
    backup.on(PutRestoreValidationResultCommand).rejects(new Error('ThrottlingException'));
    await expect(validateRestoreJob(EVENT, SETTINGS, fresh())).rejects.toThrow('ThrottlingException');
    expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('an instance that is already gone or being deleted is not an error', async () => {
    instanceStates('available', 'deleting');
    rds
      .on(DeleteDBInstanceCommand)
      .rejects(Object.assign(new Error('is already being deleted'), { name: 'InvalidDBInstanceStateFault' }));
    expect((await validateRestoreJob(EVENT, SETTINGS, fresh())).status).toBe('SUCCESSFUL');
    rds.on(DeleteDBInstanceCommand).rejects(Object.assign(new Error('not found'), { name: 'DBInstanceNotFoundFault' }));
    instanceStates('available');
    expect((await validateRestoreJob(EVENT, SETTINGS, fresh())).status).toBe('SUCCESSFUL');
  });

  test('a failed clean-up fails the invocation after the report (a retry only cleans up)', async () => {
    instanceStates('available');
    rds.on(DeleteDBInstanceCommand).rejects(Object.assign(new Error('Throttling'), { name: 'ThrottlingException' }));
    await expect(validateRestoreJob(EVENT, SETTINGS, fresh())).rejects.toThrow(/could not be deleted: Throttling/);
    expect(reported().status).toBe('SUCCESSFUL');
  });

  test('a restore job that already has a result is not validated again; the instance is only deleted', async () => {
    backup.on(DescribeRestoreJobCommand).resolves({
      Status: 'COMPLETED',
      CreatedBy: { RestoreTestingPlanArn: PLAN },
      CreatedResourceArn: `arn:aws:rds:eu-west-3:111122223333:cluster:${CLUSTER_ID}`,
      ValidationStatus: 'SUCCESSFUL',
    });
    const out = await validateRestoreJob(EVENT, SETTINGS, fresh());
    expect(out).toMatchObject({ status: 'SKIPPED', message: 'restore job already validated (SUCCESSFUL)' });
    expect(backup.commandCalls(PutRestoreValidationResultCommand)).toHaveLength(0);
    expect(rds.commandCalls(CreateDBInstanceCommand)).toHaveLength(0);
    expect(rds.commandCalls(DeleteDBInstanceCommand)[0].args[0].input).toEqual({
      DBInstanceIdentifier: INSTANCE,
      SkipFinalSnapshot: true,
    });
    expect(pgOptions).toHaveLength(0);
  });

  test('the full sequence of the async retries ends in a result: two retryable throws, then SUCCESSFUL', async () => {
    // Instance ready 28 minutes after the completion; each attempt polls every 30 s.
    const readyAt = COMPLETED_AT + 28 * 60_000;
    let now = 0;
    rds
      .on(DescribeDBInstancesCommand)
      .callsFake(async () => ({ DBInstances: [{ DBInstanceStatus: now >= readyAt ? 'available' : 'creating' }] }));
    const attempt = (startedAt: number) => {
      const c = clock(startedAt);
      return { ...c, now: () => (now = c.now()), sleep: c.sleep };
    };
    await expect(validateRestoreJob(EVENT, SETTINGS, attempt(COMPLETED_AT + 10_000))).rejects.toBeInstanceOf(
      InstanceNotReadyError,
    );
    await expect(validateRestoreJob(EVENT, SETTINGS, attempt(COMPLETED_AT + 13 * 60_000))).rejects.toBeInstanceOf(
      InstanceNotReadyError,
    );
    expect((await validateRestoreJob(EVENT, SETTINGS, attempt(COMPLETED_AT + 27 * 60_000))).status).toBe('SUCCESSFUL');
    expect(reported().status).toBe('SUCCESSFUL');
  });
});

describe('BKP-5 restore validation: handler metrics', () => {
  const env = {
    RESTORE_TESTING_PLAN_ARN: PLAN,
    MASTER_SECRET_ARN: SETTINGS.masterSecretArn,
    DATABASE_NAME: 'booking',
    VALIDATION_DEADLINE_MINUTES: '35',
  };
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(env)) delete process.env[k];
    Object.assign(process.env, saved);
  });
  beforeEach(() => {
    Object.assign(process.env, env);
    jest.spyOn(console, 'log').mockClear();
  });
  const metrics = (log: jest.SpyInstance) =>
    log.mock.calls
      .map((c) => String(c[0]))
      .filter((l) => l.includes('RestoreValidation'))
      .map((l) => JSON.parse(l));

  test('a retry for the instance counts InstanceNotReady, not ValidatorErrors (the error alarm ignores it)', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    restoredCluster(0);
    instanceStates('creating');
    await expect(handler(EVENT, { getRemainingTimeInMillis: () => CHECK_RESERVE_MS })).rejects.toBeInstanceOf(
      InstanceNotReadyError,
    );
    expect(metrics(log)).toEqual([expect.objectContaining({ InstanceNotReady: 1 })]);
  });

  test('any other error counts ValidatorErrors and is rethrown', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    backup.on(DescribeRestoreJobCommand).rejects(new Error('AccessDeniedException'));
    await expect(handler(EVENT, { getRemainingTimeInMillis: () => 600_000 })).rejects.toThrow('AccessDeniedException');
    expect(metrics(log)).toEqual([expect.objectContaining({ ValidatorErrors: 1 })]);
  });
});

describe('BKP-5 restore validation: jobs that are not ours are left alone', () => {
  test('a restore job of another plan (or a manual restore) is skipped, nothing reported', async () => {
    backup.on(DescribeRestoreJobCommand).resolves({
      Status: 'COMPLETED',
      CreatedBy: {},
      CreatedResourceArn: 'arn:aws:rds:eu-west-3:111122223333:cluster:prod-restored',
    });
    expect((await validateRestoreJob(EVENT, SETTINGS, fresh())).status).toBe('SKIPPED');
    expect(backup.commandCalls(PutRestoreValidationResultCommand)).toHaveLength(0);
    expect(rds.calls()).toHaveLength(0);
  });

  test('a job that is not COMPLETED is skipped', async () => {
    backup.on(DescribeRestoreJobCommand).resolves({ Status: 'FAILED', CreatedBy: { RestoreTestingPlanArn: PLAN } });
    expect((await validateRestoreJob(EVENT, SETTINGS, fresh())).status).toBe('SKIPPED');
    expect(backup.commandCalls(PutRestoreValidationResultCommand)).toHaveLength(0);
  });

  test('a failure to report is not swallowed (the invocation fails, the DLQ and error alarm take over)', async () => {
    restoredCluster(1);
    database({ bookings: 1 });
    backup.on(PutRestoreValidationResultCommand).rejects(new Error('ThrottlingException'));
    await expect(validateRestoreJob(EVENT, SETTINGS, fresh())).rejects.toThrow('ThrottlingException');
  });
});

describe('settings', () => {
  test('come from the environment the stack sets', () => {
    expect(
      settingsFromEnv({
        RESTORE_TESTING_PLAN_ARN: PLAN,
        MASTER_SECRET_ARN: 's',
        DATABASE_NAME: 'booking',
        EXPECTED_SCHEMA: 'app',
        EXPECTED_TABLES: 'a, b',
        INSTANCE_CLASS: 'db.r6g.large',
      }),
    ).toEqual({
      restoreTestingPlanArn: PLAN,
      masterSecretArn: 's',
      databaseName: 'booking',
      schema: 'app',
      tables: ['a', 'b'],
      instanceClass: 'db.r6g.large',
      deadlineMinutes: 35,
    });
  });

  test('the deadline comes from VALIDATION_DEADLINE_MINUTES and must be positive', () => {
    const env = { RESTORE_TESTING_PLAN_ARN: PLAN, MASTER_SECRET_ARN: 's', DATABASE_NAME: 'booking' };
    expect(settingsFromEnv({ ...env, VALIDATION_DEADLINE_MINUTES: '50' }).deadlineMinutes).toBe(50);
    expect(() => settingsFromEnv({ ...env, VALIDATION_DEADLINE_MINUTES: 'soon' })).toThrow(
      'VALIDATION_DEADLINE_MINUTES',
    );
  });

  test('a missing required variable is named', () => {
    expect(() => settingsFromEnv({ RESTORE_TESTING_PLAN_ARN: PLAN, DATABASE_NAME: 'x' })).toThrow('MASTER_SECRET_ARN');
  });
});
