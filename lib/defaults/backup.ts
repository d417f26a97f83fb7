// Default values and limits of the backup concern (BKP-1..BKP-6), named once: the config schema
// (lib/config/sections/backup.ts) defaults to them, and the backup constructs fall back to them.

/** AWS maximum of continuous backup (point-in-time) retention, in days. */
export const MAX_CONTINUOUS_RETENTION_DAYS = 35;
/** Longest retention of any snapshot and copy: the page promises destruction after 90 days (BKP-6). */
export const MAX_SNAPSHOT_RETENTION_DAYS = 90;

/** Days of point-in-time recovery: the AWS maximum. */
export const DEFAULT_CONTINUOUS_RETENTION_DAYS = MAX_CONTINUOUS_RETENTION_DAYS;
/** Hours between frequent snapshots: "every few hours" at most 4 (BKP-2). */
export const DEFAULT_FREQUENT_INTERVAL_HOURS = 4;
/** Days each frequent snapshot is kept. */
export const DEFAULT_FREQUENT_RETENTION_DAYS = 1;
/** Days each daily snapshot is kept: the 90-day history (BKP-6). */
export const DEFAULT_DAILY_RETENTION_DAYS = MAX_SNAPSHOT_RETENTION_DAYS;
/** UTC hour the daily snapshot starts. */
export const DEFAULT_DAILY_START_HOUR_UTC = 3;
/** RDS quota "Manual DB cluster snapshots" per region unless raised (code L-9B510759). */
export const DEFAULT_SNAPSHOT_QUOTA = 100;

/** Vault Lock: compliance mode (immutable after the cooling-off period), with the AWS minimum cooling-off of 3 days. */
export const DEFAULT_VAULT_LOCK = { mode: 'compliance', changeableForDays: 3 } as const;

/** Restore test schedule: weekly, Saturday 06:00 UTC. */
export const DEFAULT_RESTORE_TEST_SCHEDULE = 'cron(0 6 ? * SAT *)';
/** What the restore validation checks: a `public` schema with at least one table holding rows, on a small instance. */
export const DEFAULT_RESTORE_VALIDATION = {
  schema: 'public',
  tables: [] as readonly string[],
  instanceClass: 'db.t4g.medium',
} as const;
/** Restore time the audit framework expects the restore tests to meet, in minutes. */
export const DEFAULT_RESTORE_TIME_TARGET_MINUTES = 240;
/** Whether the AWS Backup Audit Manager framework is deployed (it needs AWS Config recording). */
export const DEFAULT_AUDIT_FRAMEWORK = true;
/** Whether the daily recovery points are also kept in a logically air-gapped vault (BKP-7). */
export const DEFAULT_AIR_GAPPED_COPY = true;
/**
 * AWS minimum of a logically air-gapped vault's MinRetentionDays (CreateLogicallyAirGappedBackupVault): a daily rule
 * keeping its points fewer days cannot copy into one (BKP-7).
 */
export const MIN_AIR_GAPPED_RETENTION_DAYS = 7;
/**
 * Snapshots reserved in the primary region for the copy into the air-gapped vault (BKP-7, BKP-6). The copies
 * themselves live in an AWS Backup service-owned account and never count against this account's RDS quota; the copy
 * job reads the daily snapshot the history vault already holds. AWS documents temporary snapshots only for primary
 * backups into such a vault (not used here), so one is reserved for a copy in flight: the quota guard errs on the
 * safe side.
 */
export const AIR_GAPPED_COPY_RESERVED_SNAPSHOTS = 1;
