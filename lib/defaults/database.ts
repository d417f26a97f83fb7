// Default values of the data tier, written once: the config schema (lib/config/sections/database.ts)
// falls back to them, and the constructs (lib/constructs/database/) do too when a prop is left out.
// CDK-free, so the config layer reads them without loading aws-cdk-lib.

/** Aurora PostgreSQL engine version, major.minor. */
export const DEFAULT_ENGINE_VERSION = '16.6';

/** Serverless v2 minimum capacity, ACUs. */
export const DEFAULT_MIN_CAPACITY = 0.5;

/** Serverless v2 maximum capacity, ACUs. */
export const DEFAULT_MAX_CAPACITY = 4;

/** Name of the application database created with the cluster. */
export const DEFAULT_DATABASE_NAME = 'booking';

/** Database user the application connects as (IAM authentication). */
export const DEFAULT_APP_USER = 'app_user';

/** Database user of the read-only role (IAM authentication). */
export const DEFAULT_READ_ONLY_USER = 'readonly_user';

/** Daily automated backup window, UTC. */
export const DEFAULT_BACKUP_WINDOW = '01:00-01:30';

/** Weekly maintenance window, UTC; clear of the backup window (RDS refuses overlapping windows). */
export const DEFAULT_MAINTENANCE_WINDOW = 'sun:02:00-sun:03:00';

/** Days the PostgreSQL log, pgaudit records included, stays in CloudWatch Logs (DB-5). */
export const DEFAULT_DB_LOG_RETENTION_DAYS = 365;

/** pgaudit statement classes logged (`pgaudit.log`, DB-5). */
export const DEFAULT_AUDIT_CLASSES = 'ddl,role,write';

/**
 * Tables whose reads pgaudit also logs (object audit through the `rds_pgaudit` role, DB-5): none by default, since
 * reads are the bulk of the traffic and each audited one adds a log line.
 */
export const DEFAULT_AUDITED_TABLES: readonly string[] = [];

/** Days between rotations of the master credential: the most ORG-4 allows. */
export const DEFAULT_ROTATION_DAYS = 60;

/**
 * Days of Aurora's own automated backups (point-in-time restore within the cluster); AWS Backup keeps the long history
 * (BKP-*).
 */
export const DEFAULT_AUTOMATED_BACKUP_DAYS = 7;

/** The operator access host only relays one TCP stream at a time: the smallest Graviton size. */
export const DEFAULT_HOST_INSTANCE_TYPE = 't4g.nano';

/** Daily in-place patching of the operator access host (UTC), besides the new image each deploy brings (ORG-5). */
export const DEFAULT_PATCH_SCHEDULE = 'cron(0 4 ? * * *)';

/**
 * Master user name (ORG-7, Control Tower CT.RDS.PR.21): not a name scanners try first (`postgres`, `admin`). Its
 * password is generated and held by RDS in Secrets Manager; IAM authentication never reaches it.
 */
export const DEFAULT_MASTER_USERNAME = 'bookingadmin';

/** A default-like master user name is refused unless the stage says its cluster already exists with it. */
export const DEFAULT_KEEP_DEPLOYED_MASTER_USERNAME = false;

/**
 * Default and well-known administrator names (ORG-7, CT.RDS.PR.21): the first names credential-stuffing tools try.
 * Refused as the master user unless `keepDeployedMasterUsername` says the cluster already exists with one of them.
 */
export const DEFAULT_LIKE_MASTER_USERNAMES: readonly string[] = [
  'postgres',
  'admin',
  'administrator',
  'root',
  'master',
  'superuser',
  'sa',
  'dba',
  'aurora',
];

/**
 * Names RDS or PostgreSQL reserve, never accepted as the master user: PostgreSQL's role names with a meaning of their
 * own and its reserved key words (SQL Key Words appendix, "reserved" and "reserved (can be function or type)"; RDS
 * refuses them, and a role named like a key word must be quoted in every statement). Names starting with a prefix of
 * {@link RESERVED_ROLE_PREFIXES} are refused too (`rdsadmin` and RDS's other users among them).
 */
export const RESERVED_MASTER_USERNAMES: readonly string[] = [
  'public',
  'none',
  ...'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column concurrently constraint create cross default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references returning right select similar some symmetric table tablesample then to trailing true union unique user using variadic verbose when where window with'.split(
    ' ',
  ),
];

/** Prefixes RDS (`rds_*`, `rdsadmin`, `rdsrepladmin`) and PostgreSQL (`pg_*`) reserve for their own roles. */
export const RESERVED_ROLE_PREFIXES: readonly string[] = ['rds', 'pg_'];
