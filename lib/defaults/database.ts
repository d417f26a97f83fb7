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
 * Master user name: its password is generated and held by RDS in Secrets Manager; IAM authentication never reaches it.
 */
export const MASTER_USERNAME = 'postgres';
