/**
 * Restore validation (BKP-5). Triggered by EventBridge when an AWS Backup restore
 * job completes; for restore jobs of this stage's restore testing plan it opens the
 * restored Aurora cluster, checks that it answers, that the schema is there and that
 * its tables hold rows, and reports SUCCESSFUL or FAILED to AWS Backup with
 * PutRestoreValidationResult. AWS Backup deletes the restored cluster at the end of
 * the selection's validation window.
 *
 * AWS Backup restores an Aurora cluster without instances: when the cluster has
 * none, the validator adds one (`<cluster>-validator`). Creating it commonly takes
 * 5 to 15 minutes, sometimes more, so the handler is re-entrant:
 *
 * - each invocation creates the instance if it does not exist yet, then polls it
 *   while it can keep {@link CHECK_RESERVE_MS} of its run for the checks;
 * - if the instance is still not available by then, it throws
 *   {@link InstanceNotReadyError}: Lambda's asynchronous retries (2, one then two
 *   minutes apart) invoke it again with the same event, and that invocation finds
 *   the instance and goes on waiting;
 * - it reports FAILED for a failed check, an instance in a state it cannot leave,
 *   or an instance still not available at the deadline, restore completion +
 *   `VALIDATION_DEADLINE_MINUTES` (35 by default). Three invocations of at least
 *   12 minutes of waiting each always reach that deadline, so the last retry
 *   reports instead of throwing;
 * - after reporting, it deletes the instance (SkipFinalSnapshot, not waited for).
 *   A restore job that already has a result is not validated again: the
 *   invocation only repeats that clean-up.
 */
import {
  BackupClient,
  DescribeRestoreJobCommand,
  PutRestoreValidationResultCommand,
  RestoreValidationStatus,
} from '@aws-sdk/client-backup';
import {
  CreateDBInstanceCommand,
  type DBInstance,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Client } from 'pg';
import { emfLine, type RestoreValidationMetric } from './metrics';

/** Settings of the validator, from its environment. */
export interface ValidatorSettings {
  /** Only restore jobs created by this restore testing plan are validated. */
  readonly restoreTestingPlanArn: string;
  /** Master secret of the source cluster (RDS-managed): the restored cluster has the same master user. */
  readonly masterSecretArn: string;
  /** Database to open in the restored cluster. */
  readonly databaseName: string;
  /** Schema that must exist. */
  readonly schema: string;
  /** Tables that must hold rows; empty: the schema must hold at least one table with rows. */
  readonly tables: readonly string[];
  /** Instance class added to a restored cluster that has no instance. */
  readonly instanceClass: string;
  /** Minutes after the restore job's completion after which an instance that is still not available is a failure. */
  readonly deadlineMinutes: number;
}

/** The part of the EventBridge "Restore Job State Change" event the validator reads. */
export interface RestoreJobEvent {
  /** Time of the event (the state change), ISO 8601. */
  readonly time?: string;
  readonly detail: { readonly restoreJobId: string; readonly status?: string };
}

/** What the handler did, for logs and tests. */
export interface ValidationOutcome {
  readonly restoreJobId: string;
  readonly status: 'SUCCESSFUL' | 'FAILED' | 'SKIPPED';
  readonly message: string;
}

/** Clock and Lambda run time, injectable for tests. */
export interface ValidatorRuntime {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Milliseconds left in this invocation (Lambda context). */
  remainingMs(): number;
}

/**
 * The validation instance is not available yet and the deadline has not passed:
 * thrown so that Lambda's asynchronous retry invokes the validator again. Not a
 * validation result, and not counted as a validator error.
 */
export class InstanceNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstanceNotReadyError';
  }
}

/** PutRestoreValidationResult accepts a bounded message; keep the start, which names the failed check. */
const MAX_MESSAGE = 1000;
/** Part of an invocation kept for connecting, the checks and the report after waiting for the instance. */
export const CHECK_RESERVE_MS = 3 * 60_000;
/** Polling interval of the instance status (the RDS SDK waiter polls every 30 s as well). */
const POLL_MS = 30_000;
const DEFAULT_DEADLINE_MINUTES = 35;
/** A COUNT on a large restored table must not eat the whole run. */
const STATEMENT_TIMEOUT_MS = 60_000;
const CONNECT_TIMEOUT_MS = 15_000;
/** Name suffix of the instance the validator adds; restored clusters are named awsbackup-restore-test-*. */
const INSTANCE_SUFFIX = '-validator';
/** Instance states that only lead to deletion: waiting longer would not help. */
const DEAD_STATES = new Set([
  'failed',
  'incompatible-parameters',
  'incompatible-network',
  'incompatible-restore',
  'incompatible-option-group',
  'inaccessible-encryption-credentials',
  'inaccessible-encryption-credentials-recoverable',
  'insufficient-capacity',
  'storage-full',
  'deleting',
  'deleted',
]);
/** ValidationStatus values that mean the restore job already has its result. */
const FINAL_VALIDATION = new Set<string>([
  RestoreValidationStatus.SUCCESSFUL,
  RestoreValidationStatus.FAILED,
  RestoreValidationStatus.TIMED_OUT,
]);

const backup = new BackupClient({});
const rds = new RDSClient({});
const secrets = new SecretsManagerClient({});

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ValidatorSettings {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new Error(`environment variable ${name} is not set`);
    return v;
  };
  const deadlineMinutes = Number(env.VALIDATION_DEADLINE_MINUTES || DEFAULT_DEADLINE_MINUTES);
  if (!Number.isFinite(deadlineMinutes) || deadlineMinutes <= 0)
    throw new Error('VALIDATION_DEADLINE_MINUTES must be a positive number');
  return {
    restoreTestingPlanArn: need('RESTORE_TESTING_PLAN_ARN'),
    masterSecretArn: need('MASTER_SECRET_ARN'),
    databaseName: need('DATABASE_NAME'),
    schema: env.EXPECTED_SCHEMA || 'public',
    tables: (env.EXPECTED_TABLES ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    instanceClass: env.INSTANCE_CLASS || 'db.t4g.medium',
    deadlineMinutes,
  };
}

/**
 * Embedded metric format: CloudWatch Logs turns this log line into the metrics the alarms watch. Written to stdout
 * raw, not with console.log: under Lambda's JSON log format every console call is wrapped in a JSON envelope
 * (timestamp, level, requestId, message), and CloudWatch extracts no metric from an EMF document nested in a message.
 */
function emitMetrics(values: Partial<Record<RestoreValidationMetric, number>>): void {
  process.stdout.write(emfLine(values, Date.now()));
}

/** Lambda entry point. */
export async function handler(
  event: RestoreJobEvent,
  context?: { getRemainingTimeInMillis(): number },
): Promise<ValidationOutcome> {
  try {
    return await validateRestoreJob(event, settingsFromEnv(), lambdaRuntime(context));
  } catch (e) {
    // The alarm on validator errors ignores the retries that wait for the instance.
    emitMetrics(e instanceof InstanceNotReadyError ? { InstanceNotReady: 1 } : { ValidatorErrors: 1 });
    throw e;
  }
}

function lambdaRuntime(context?: { getRemainingTimeInMillis(): number }): ValidatorRuntime {
  return {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    // Without a context (a local run), act as a fresh 15-minute invocation.
    remainingMs: () => context?.getRemainingTimeInMillis() ?? 15 * 60_000,
  };
}

/**
 * Validates one restore job and reports the result to AWS Backup. Throws
 * {@link InstanceNotReadyError} when it must be invoked again; any other throw is a
 * validator error (the result could not be reported, or the clean-up failed).
 */
export async function validateRestoreJob(
  event: RestoreJobEvent,
  settings: ValidatorSettings,
  runtime: ValidatorRuntime = lambdaRuntime(),
): Promise<ValidationOutcome> {
  const restoreJobId = event.detail.restoreJobId;
  const job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
  if (job.CreatedBy?.RestoreTestingPlanArn !== settings.restoreTestingPlanArn) {
    return { restoreJobId, status: 'SKIPPED', message: 'not a restore job of this restore testing plan' };
  }
  if (job.Status !== 'COMPLETED' || !job.CreatedResourceArn) {
    return {
      restoreJobId,
      status: 'SKIPPED',
      message: `restore job is ${job.Status ?? 'in an unknown state'}, nothing to validate`,
    };
  }
  const clusterId = job.CreatedResourceArn.split(':cluster:')[1];
  const instanceId = clusterId ? validatorInstanceId(clusterId) : undefined;

  if (job.ValidationStatus && FINAL_VALIDATION.has(job.ValidationStatus)) {
    // A repeated event, or a retry after the clean-up failed: only clean up.
    if (instanceId) await deleteInstance(instanceId);
    return { restoreJobId, status: 'SKIPPED', message: `restore job already validated (${job.ValidationStatus})` };
  }

  const completed = job.CompletionDate?.getTime() ?? (event.time ? Date.parse(event.time) : NaN);
  const deadline = (Number.isFinite(completed) ? completed : runtime.now()) + settings.deadlineMinutes * 60_000;

  let status: 'SUCCESSFUL' | 'FAILED';
  let message: string;
  try {
    message = await validateCluster(job.CreatedResourceArn, settings, runtime, deadline);
    status = 'SUCCESSFUL';
  } catch (e) {
    if (e instanceof InstanceNotReadyError) {
      console.log(JSON.stringify({ restoreJobId, retry: e.message }));
      throw e;
    }
    status = 'FAILED';
    message = `validation failed: ${(e as Error).message}`;
  }
  message = message.slice(0, MAX_MESSAGE);
  await backup.send(
    new PutRestoreValidationResultCommand({
      RestoreJobId: restoreJobId,
      ValidationStatus: status === 'SUCCESSFUL' ? RestoreValidationStatus.SUCCESSFUL : RestoreValidationStatus.FAILED,
      ValidationStatusMessage: message,
    }),
  );
  emitMetrics({ Failed: status === 'FAILED' ? 1 : 0, Succeeded: status === 'SUCCESSFUL' ? 1 : 0 });
  // After the report, so that a retry of a failed report still finds the instance.
  if (instanceId) await deleteInstance(instanceId);
  return { restoreJobId, status, message };
}

function validatorInstanceId(clusterId: string): string {
  return `${clusterId}${INSTANCE_SUFFIX}`.slice(0, 63);
}

/**
 * Runs every check against the restored cluster; throws with the first failed
 * check, or {@link InstanceNotReadyError}. Returns a summary.
 */
export async function validateCluster(
  clusterArn: string,
  s: ValidatorSettings,
  runtime: ValidatorRuntime,
  deadline: number,
): Promise<string> {
  const clusterId = clusterArn.split(':cluster:')[1];
  if (!clusterId) throw new Error(`${clusterArn} is not an RDS cluster ARN`);
  const described = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
  const cluster = described.DBClusters?.[0];
  if (!cluster?.Endpoint || !cluster.Port) throw new Error(`restored cluster ${clusterId} has no endpoint`);

  const instanceId = validatorInstanceId(clusterId);
  const ownInstances = (cluster.DBClusterMembers ?? []).filter((m) => m.DBInstanceIdentifier !== instanceId);
  if (!ownInstances.length) {
    await ensureInstanceAvailable(instanceId, clusterId, cluster.Engine, s, runtime, deadline);
  }
  const client = await connect(cluster.Endpoint, cluster.Port, s);
  try {
    return await runChecks(client, s);
  } finally {
    await client.end();
  }
}

/** Creates the validation instance if it does not exist, then waits for it as long as this invocation and the deadline allow. */
async function ensureInstanceAvailable(
  instanceId: string,
  clusterId: string,
  engine: string | undefined,
  s: ValidatorSettings,
  runtime: ValidatorRuntime,
  deadline: number,
): Promise<void> {
  let instance = await describeInstance(instanceId);
  if (!instance) {
    if (runtime.now() >= deadline) {
      throw new Error(
        `the restore job completed more than ${s.deadlineMinutes} minutes ago and validation instance ${instanceId} was never created`,
      );
    }
    try {
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: instanceId,
          DBClusterIdentifier: clusterId,
          Engine: engine,
          DBInstanceClass: s.instanceClass,
        }),
      );
    } catch (e) {
      // Two deliveries of the same event: the other one created it.
      if ((e as Error).name !== 'DBInstanceAlreadyExistsFault') throw e;
    }
    instance = await describeInstance(instanceId);
  }
  const waitUntil = Math.min(deadline, runtime.now() + runtime.remainingMs() - CHECK_RESERVE_MS);
  for (;;) {
    const state = instance?.DBInstanceStatus ?? 'creating';
    if (state === 'available') return;
    if (DEAD_STATES.has(state)) throw new Error(`validation instance ${instanceId} is ${state}`);
    const now = runtime.now();
    if (now >= deadline) {
      throw new Error(
        `validation instance ${instanceId} is still ${state} ${s.deadlineMinutes} minutes after the restore job completed`,
      );
    }
    if (now + POLL_MS > waitUntil) {
      throw new InstanceNotReadyError(
        `validation instance ${instanceId} is ${state}; ${Math.round((deadline - now) / 60_000)} minutes left before the deadline`,
      );
    }
    await runtime.sleep(POLL_MS);
    instance = await describeInstance(instanceId);
  }
}

async function describeInstance(instanceId: string): Promise<DBInstance | undefined> {
  try {
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instanceId }));
    return out.DBInstances?.[0];
  } catch (e) {
    if ((e as Error).name === 'DBInstanceNotFoundFault') return undefined;
    throw e;
  }
}

/**
 * Deletes the validation instance without waiting for the deletion (the instance
 * holds no data of its own; the cluster keeps the storage until AWS Backup deletes
 * it). SkipFinalSnapshot: no snapshot of a throw-away instance, and RDS deletes an
 * instance in a failed state only with it. Absent or already deleting: nothing to do.
 */
async function deleteInstance(instanceId: string): Promise<void> {
  try {
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: instanceId, SkipFinalSnapshot: true }));
    console.log(JSON.stringify({ deleting: instanceId }));
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'DBInstanceNotFoundFault') return;
    if (name === 'InvalidDBInstanceStateFault' && (await describeInstance(instanceId))?.DBInstanceStatus === 'deleting')
      return;
    throw new Error(`validation instance ${instanceId} could not be deleted: ${(e as Error).message}`);
  }
}

/**
 * Opens a TLS connection that verifies the server certificate (the Lambda runtime's
 * CA file, which holds the RDS CAs, is loaded through NODE_EXTRA_CA_CERTS). The
 * restored cluster keeps the master password of its snapshot: if the secret was
 * rotated since, its previous version is the one that matches.
 */
async function connect(host: string, port: number, s: ValidatorSettings): Promise<Client> {
  let lastError: Error | undefined;
  for (const stage of ['AWSCURRENT', 'AWSPREVIOUS']) {
    let credentials: { username: string; password: string };
    try {
      const secret = await secrets.send(
        new GetSecretValueCommand({ SecretId: s.masterSecretArn, VersionStage: stage }),
      );
      credentials = JSON.parse(secret.SecretString ?? '{}');
    } catch (e) {
      lastError = e as Error;
      continue;
    }
    const client = new Client({
      host,
      port,
      user: credentials.username,
      password: credentials.password,
      database: s.databaseName,
      ssl: { rejectUnauthorized: true },
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
    });
    try {
      await client.connect();
      return client;
    } catch (e) {
      lastError = e as Error;
      await client.end().catch(() => undefined);
      // 28P01: wrong password; anything else will not get better with the other version.
      if ((e as { code?: string }).code !== '28P01') break;
    }
  }
  throw new Error(`cannot connect to the restored cluster: ${lastError?.message ?? 'no credentials'}`);
}

/** Reachability, schema present, row counts not zero. */
export async function runChecks(
  client: Pick<Client, 'query' | 'escapeIdentifier'>,
  s: ValidatorSettings,
): Promise<string> {
  await client.query('SELECT 1');
  const schema = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [s.schema]);
  if (!schema.rowCount) throw new Error(`schema ${s.schema} is missing`);
  const listed = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name",
    [s.schema],
  );
  const present = listed.rows.map((r) => r.table_name);
  const wanted = s.tables.length ? [...s.tables] : present;
  if (!wanted.length) throw new Error(`schema ${s.schema} holds no table`);
  const missing = wanted.filter((t) => !present.includes(t));
  if (missing.length) throw new Error(`table(s) missing from ${s.schema}: ${missing.join(', ')}`);

  const counts: Record<string, number> = {};
  for (const table of wanted) {
    const r = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${client.escapeIdentifier(s.schema)}.${client.escapeIdentifier(table)}`,
    );
    counts[table] = Number(r.rows[0]?.n ?? 0);
  }
  const empty = wanted.filter((t) => counts[t] === 0);
  if (s.tables.length ? empty.length > 0 : empty.length === wanted.length) {
    throw new Error(`row count is zero in ${s.schema}: ${empty.join(', ')}`);
  }
  const summary = wanted.map((t) => `${t}=${counts[t]}`).join(', ');
  return `reachable; schema ${s.schema} present; rows: ${summary}`;
}
