import { format } from 'node:util';
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
import { z } from 'zod';

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
import { RESTORE_VALIDATION_NAMESPACE } from '../../lib/functions/restore-validation/metrics';

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
  // The metrics go to stdout raw; the tests of the JSON log format below read them.
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => jest.mocked(process.stdout.write).mockRestore?.());

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

/**
 * The CloudWatch embedded metric format (CloudWatch user guide, "Specification: Embedded metric format", and the JSON
 * schema it gives): what CloudWatch Logs needs to extract metrics from a log event.
 */
const METRIC_UNITS =
  /^(Seconds|Microseconds|Milliseconds|Bytes|Kilobytes|Megabytes|Gigabytes|Terabytes|Bits|Kilobits|Megabits|Gigabits|Terabits|Percent|Count|Bytes\/Second|Kilobytes\/Second|Megabytes\/Second|Gigabytes\/Second|Terabytes\/Second|Bits\/Second|Kilobits\/Second|Megabits\/Second|Gigabits\/Second|Terabits\/Second|Count\/Second|None)$/;
const emfDocument = z
  .looseObject({
    _aws: z.strictObject({
      Timestamp: z.number().int().positive(),
      CloudWatchMetrics: z
        .array(
          z.strictObject({
            Namespace: z.string().min(1).max(1024),
            Dimensions: z.array(z.array(z.string().min(1).max(250)).max(30)).min(1),
            Metrics: z
              .array(
                z.strictObject({
                  Name: z.string().min(1).max(1024),
                  Unit: z.string().regex(METRIC_UNITS).optional(),
                  StorageResolution: z.union([z.literal(1), z.literal(60)]).optional(),
                }),
              )
              .max(100),
          }),
        )
        .min(1),
    }),
  })
  .superRefine((doc, ctx) => {
    // Every reference is a member of the root node: metrics numeric, dimensions strings.
    for (const directive of doc._aws.CloudWatchMetrics) {
      for (const m of directive.Metrics)
        if (typeof doc[m.Name] !== 'number')
          ctx.addIssue({ code: 'custom', message: `metric ${m.Name} is not a number` });
      for (const d of directive.Dimensions.flat())
        if (typeof doc[d] !== 'string') ctx.addIssue({ code: 'custom', message: `dimension ${d} is not a string` });
    }
  });

/**
 * Lambda's JSON log format, as the Node.js runtime applies it: every console call becomes one JSON envelope line
 * (timestamp, level, requestId, message), while what the function writes to stdout itself reaches the log raw.
 * Returns the log as CloudWatch Logs receives it, one event per line.
 */
function lambdaJsonLog(): { events: () => string[]; rawWrites: () => string[]; restore: () => void } {
  let out = '';
  const raw: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      const envelope = {
        timestamp: new Date().toISOString(),
        level: level === 'log' ? 'INFO' : level.toUpperCase(),
        requestId: '8f5a1b2c-0000-4000-8000-000000000001',
        message: format(...args),
      };
      out += `${JSON.stringify(envelope)}\n`;
    }),
  );
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    raw.push(String(chunk));
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write);
  return {
    events: () => out.split('\n').filter(Boolean),
    rawWrites: () => raw,
    restore: () => {
      stdout.mockRestore();
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/** The log events CloudWatch Logs extracts metrics from: those that are, whole, an EMF document. */
function extractedMetrics(events: readonly string[]): Record<string, unknown>[] {
  return events
    .map((e) => {
      try {
        return JSON.parse(e);
      } catch {
        return undefined;
      }
    })
    .filter((doc) => doc && typeof doc === 'object' && '_aws' in doc);
}

describe('BKP-5 restore validation: metrics survive the JSON log format', () => {
  const env = {
    RESTORE_TESTING_PLAN_ARN: PLAN,
    MASTER_SECRET_ARN: SETTINGS.masterSecretArn,
    DATABASE_NAME: 'booking',
    VALIDATION_DEADLINE_MINUTES: '35',
  };
  let log: ReturnType<typeof lambdaJsonLog>;
  beforeEach(() => {
    Object.assign(process.env, env);
    log = lambdaJsonLog();
  });
  afterEach(() => {
    log.restore();
    for (const k of Object.keys(env)) delete process.env[k];
  });

  /** Each EMF document written: raw on stdout, one line, valid against the specification. */
  function emfLines(): Record<string, unknown>[] {
    const docs = extractedMetrics(log.events());
    for (const doc of docs) expect(emfDocument.safeParse(doc).error?.issues ?? []).toEqual([]);
    const raw = log.rawWrites().filter((w) => w.includes('"_aws"'));
    expect(raw).toHaveLength(docs.length);
    for (const w of raw) expect(w).toMatch(/^\{[^\n]*\}\n$/);
    return docs;
  }

  test('the schema the tests check against rejects what CloudWatch would not extract', () => {
    const valid = {
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['Stage']], Metrics: [{ Name: 'X' }] }],
      },
      X: 1,
      Stage: 'prod',
    };
    expect(emfDocument.safeParse(valid).success).toBe(true);
    const { X: _x, ...noTarget } = valid;
    const { Stage: _s, ...noDimension } = valid;
    for (const bad of [
      noTarget,
      noDimension,
      { ...valid, X: '1' },
      { ...valid, _aws: { ...valid._aws, Timestamp: '2030-01-01' } },
      { ...valid, _aws: { CloudWatchMetrics: valid._aws.CloudWatchMetrics } },
      { ...valid, _aws: { ...valid._aws, CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [], Metrics: [] }] } },
    ])
      expect(emfDocument.safeParse(bad).success).toBe(false);
    // An EMF document nested in a JSON-format envelope is not extracted.
    const envelope = JSON.stringify({ timestamp: 't', level: 'INFO', requestId: 'r', message: JSON.stringify(valid) });
    expect(extractedMetrics([envelope])).toEqual([]);
  });

  test('a failed validation: Failed 1, Succeeded 0, extracted in the RestoreValidation namespace', async () => {
    restoredCluster(1);
    database({}, false);
    await handler(EVENT, { getRemainingTimeInMillis: () => 600_000 });
    const docs = emfLines();
    expect(docs).toEqual([
      expect.objectContaining({
        Failed: 1,
        Succeeded: 0,
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: RESTORE_VALIDATION_NAMESPACE,
              Dimensions: [[]],
              Metrics: [
                { Name: 'Failed', Unit: 'Count' },
                { Name: 'Succeeded', Unit: 'Count' },
              ],
            },
          ],
        }),
      }),
    ]);
  });

  test('a validator error: ValidatorErrors 1, extracted, with a Timestamp in milliseconds', async () => {
    backup.on(DescribeRestoreJobCommand).rejects(new Error('AccessDeniedException'));
    const before = Date.now();
    await expect(handler(EVENT, { getRemainingTimeInMillis: () => 600_000 })).rejects.toThrow('AccessDeniedException');
    const [doc] = emfLines();
    expect(doc).toMatchObject({ ValidatorErrors: 1 });
    const ts = (doc._aws as { Timestamp: number }).Timestamp;
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Date.now());
  });

  test('a retry for the instance: InstanceNotReady 1, extracted; the console lines stay envelopes', async () => {
    restoredCluster(0);
    instanceStates('creating');
    await expect(handler(EVENT, { getRemainingTimeInMillis: () => CHECK_RESERVE_MS })).rejects.toBeInstanceOf(
      InstanceNotReadyError,
    );
    expect(emfLines()).toEqual([expect.objectContaining({ InstanceNotReady: 1 })]);
    expect(log.events().some((e) => JSON.parse(e).level === 'INFO')).toBe(true);
  });
});
