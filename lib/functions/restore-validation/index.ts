/**
 * Restore validation (BKP-5). Triggered by EventBridge when an AWS Backup restore
 * job completes; for restore jobs of this stage's restore testing plan it opens the
 * restored Aurora cluster, checks that it answers, that the schema is there and that
 * its tables hold rows, and reports SUCCESSFUL or FAILED to AWS Backup with
 * PutRestoreValidationResult. AWS Backup deletes the restored cluster afterwards.
 *
 * AWS Backup restores an Aurora cluster without instances: when the cluster has
 * none, the validator adds one, and deletes it again when done so that AWS Backup
 * can delete the cluster.
 */
import { BackupClient, DescribeRestoreJobCommand, PutRestoreValidationResultCommand, RestoreValidationStatus } from '@aws-sdk/client-backup';
import { CreateDBInstanceCommand, DeleteDBInstanceCommand, DescribeDBClustersCommand, RDSClient, waitUntilDBInstanceAvailable } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Client } from 'pg';

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
}

/** The part of the EventBridge "Restore Job State Change" event the validator reads. */
export interface RestoreJobEvent {
  readonly detail: { readonly restoreJobId: string; readonly status?: string };
}

/** What the handler did, for logs and tests. */
export interface ValidationOutcome {
  readonly restoreJobId: string;
  readonly status: 'SUCCESSFUL' | 'FAILED' | 'SKIPPED';
  readonly message: string;
}

/** PutRestoreValidationResult accepts a bounded message; keep the start, which names the failed check. */
const MAX_MESSAGE = 1000;
/** Leaves the handler time to report after waiting for a new instance (Lambda stops at 15 min). */
const INSTANCE_WAIT_SECONDS = 720;
/** A COUNT on a large restored table must not eat the whole run. */
const STATEMENT_TIMEOUT_MS = 60_000;
const CONNECT_TIMEOUT_MS = 15_000;
/** Name suffix of the instance the validator adds; restored clusters are named awsbackup-restore-test-*. */
const INSTANCE_SUFFIX = '-validator';

const backup = new BackupClient({});
const rds = new RDSClient({});
const secrets = new SecretsManagerClient({});

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ValidatorSettings {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new Error(`environment variable ${name} is not set`);
    return v;
  };
  return {
    restoreTestingPlanArn: need('RESTORE_TESTING_PLAN_ARN'),
    masterSecretArn: need('MASTER_SECRET_ARN'),
    databaseName: need('DATABASE_NAME'),
    schema: env.EXPECTED_SCHEMA || 'public',
    tables: (env.EXPECTED_TABLES ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    instanceClass: env.INSTANCE_CLASS || 'db.t4g.medium',
  };
}

/** Embedded metric format: CloudWatch turns this log line into the metrics the alarms watch. */
function emitMetric(status: 'SUCCESSFUL' | 'FAILED'): void {
  console.log(
    JSON.stringify({
      _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'RestoreValidation', Dimensions: [[]], Metrics: [{ Name: 'Failed', Unit: 'Count' }, { Name: 'Succeeded', Unit: 'Count' }] }] },
      Failed: status === 'FAILED' ? 1 : 0,
      Succeeded: status === 'SUCCESSFUL' ? 1 : 0,
    }),
  );
}

/** Lambda entry point (the runtime's second argument is its context, not settings). */
export async function handler(event: RestoreJobEvent): Promise<ValidationOutcome> {
  return validateRestoreJob(event, settingsFromEnv());
}

/** Validates one restore job and reports the result to AWS Backup. */
export async function validateRestoreJob(event: RestoreJobEvent, settings: ValidatorSettings): Promise<ValidationOutcome> {
  const restoreJobId = event.detail.restoreJobId;
  const job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
  if (job.CreatedBy?.RestoreTestingPlanArn !== settings.restoreTestingPlanArn) {
    return { restoreJobId, status: 'SKIPPED', message: 'not a restore job of this restore testing plan' };
  }
  if (job.Status !== 'COMPLETED' || !job.CreatedResourceArn) {
    return { restoreJobId, status: 'SKIPPED', message: `restore job is ${job.Status ?? 'in an unknown state'}, nothing to validate` };
  }

  let status: 'SUCCESSFUL' | 'FAILED';
  let message: string;
  try {
    message = await validateCluster(job.CreatedResourceArn, settings);
    status = 'SUCCESSFUL';
  } catch (e) {
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
  emitMetric(status);
  return { restoreJobId, status, message };
}

/** Runs every check against the restored cluster; throws with the first failed check. Returns a summary. */
export async function validateCluster(clusterArn: string, s: ValidatorSettings): Promise<string> {
  const clusterId = clusterArn.split(':cluster:')[1];
  if (!clusterId) throw new Error(`${clusterArn} is not an RDS cluster ARN`);
  const described = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
  const cluster = described.DBClusters?.[0];
  if (!cluster?.Endpoint || !cluster.Port) throw new Error(`restored cluster ${clusterId} has no endpoint`);

  let addedInstance: string | undefined;
  try {
    if (!cluster.DBClusterMembers?.length) {
      addedInstance = `${clusterId}${INSTANCE_SUFFIX}`.slice(0, 63);
      await rds.send(
        new CreateDBInstanceCommand({ DBInstanceIdentifier: addedInstance, DBClusterIdentifier: clusterId, Engine: cluster.Engine, DBInstanceClass: s.instanceClass }),
      );
      await waitUntilDBInstanceAvailable({ client: rds, maxWaitTime: INSTANCE_WAIT_SECONDS }, { DBInstanceIdentifier: addedInstance });
    }
    const client = await connect(cluster.Endpoint, cluster.Port, s);
    try {
      return await runChecks(client, s);
    } finally {
      await client.end();
    }
  } finally {
    if (addedInstance) await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: addedInstance }));
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
      const secret = await secrets.send(new GetSecretValueCommand({ SecretId: s.masterSecretArn, VersionStage: stage }));
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
export async function runChecks(client: Pick<Client, 'query' | 'escapeIdentifier'>, s: ValidatorSettings): Promise<string> {
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
    const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${client.escapeIdentifier(s.schema)}.${client.escapeIdentifier(table)}`);
    counts[table] = Number(r.rows[0]?.n ?? 0);
  }
  const empty = wanted.filter((t) => counts[t] === 0);
  if (s.tables.length ? empty.length > 0 : empty.length === wanted.length) {
    throw new Error(`row count is zero in ${s.schema}: ${empty.join(', ')}`);
  }
  const summary = wanted.map((t) => `${t}=${counts[t]}`).join(', ');
  return `reachable; schema ${s.schema} present; rows: ${summary}`;
}
