import { z } from 'zod';
import {
  DEFAULT_AIR_GAPPED_COPY,
  DEFAULT_AUDIT_FRAMEWORK,
  DEFAULT_CONTINUOUS_RETENTION_DAYS,
  DEFAULT_DAILY_RETENTION_DAYS,
  DEFAULT_DAILY_START_HOUR_UTC,
  DEFAULT_FREQUENT_INTERVAL_HOURS,
  DEFAULT_FREQUENT_RETENTION_DAYS,
  DEFAULT_RESTORE_TEST_SCHEDULE,
  DEFAULT_RESTORE_TIME_TARGET_MINUTES,
  DEFAULT_RESTORE_VALIDATION,
  DEFAULT_SNAPSHOT_QUOTA,
  DEFAULT_VAULT_LOCK,
  MAX_CONTINUOUS_RETENTION_DAYS,
  MAX_SNAPSHOT_RETENTION_DAYS,
} from '../../defaults/backup';

const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Backup options (BKP-1..BKP-6). */
export const backupSchema = z
  .strictObject({
    /** Days of point-in-time recovery (continuous backup); AWS allows 1-35, we require at least 7. */
    continuousRetentionDays: z
      .number()
      .int()
      .min(7, { message: 'must be at least 7 days of point-in-time recovery' })
      .max(MAX_CONTINUOUS_RETENTION_DAYS, { message: 'must be at most 35 days, the AWS maximum for continuous backup' })
      .default(DEFAULT_CONTINUOUS_RETENTION_DAYS)
      .describe('Days of point-in-time recovery (continuous backup); AWS allows 1-35, we require at least 7.'),
    /** Hours between frequent snapshots (1, 2, 3, 4, 6, 8 or 12): the page promises "every few hours", at most 4. */
    frequentIntervalHours: z
      .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
      .default(DEFAULT_FREQUENT_INTERVAL_HOURS)
      .describe(
        'Hours between frequent snapshots (1, 2, 3, 4, 6, 8 or 12): the page promises "every few hours", at most 4.',
      ),
    /** Days each frequent snapshot is kept. */
    frequentRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(35)
      .default(DEFAULT_FREQUENT_RETENTION_DAYS)
      .describe('Days each frequent snapshot is kept.'),
    /** Days each daily snapshot is kept: the page promises 90, then destruction. */
    dailyRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(MAX_SNAPSHOT_RETENTION_DAYS, { message: 'must be at most 90: the page promises destruction after 90 days' })
      .default(DEFAULT_DAILY_RETENTION_DAYS)
      .describe('Days each daily snapshot is kept: the page promises 90, then destruction.'),
    /** UTC hour the daily snapshot starts. */
    dailyStartHourUtc: z
      .number()
      .int()
      .min(0)
      .max(23)
      .default(DEFAULT_DAILY_START_HOUR_UTC)
      .describe('UTC hour the daily snapshot starts.'),
    /** Manual DB cluster snapshots allowed per region (RDS quota "Manual DB cluster snapshots", code L-9B510759). */
    snapshotQuota: z
      .number()
      .int()
      .min(1)
      .default(DEFAULT_SNAPSHOT_QUOTA)
      .describe(
        'Manual DB cluster snapshots allowed per region (RDS quota "Manual DB cluster snapshots", code L-9B510759).',
      ),
    /** Vault Lock settings for the snapshot and continuous vaults. */
    lock: z
      .strictObject({
        /**
         * compliance: nobody can shorten retention once the cooling-off period ends; governance: privileged users can
         * (test stages).
         */
        mode: z
          .enum(['compliance', 'governance'])
          .default(DEFAULT_VAULT_LOCK.mode)
          .describe(
            'compliance: nobody can shorten retention once the cooling-off period ends; governance: privileged users can (test stages).',
          ),
        /** Cooling-off days before a compliance lock becomes immutable (minimum 3); ignored in governance mode. */
        changeableForDays: z
          .number()
          .int()
          .min(3, { message: 'must be at least 3, the AWS minimum cooling-off period' })
          .max(36500)
          .default(DEFAULT_VAULT_LOCK.changeableForDays)
          .describe(
            'Cooling-off days before a compliance lock becomes immutable (minimum 3); ignored in governance mode.',
          ),
      })
      .prefault({})
      .describe('Vault Lock settings for the snapshot and continuous vaults.'),
    /** Schedule of the automatic restore test, an EventBridge cron expression in UTC. */
    restoreTestSchedule: z
      .string()
      .regex(/^cron\(.+\)$/, { message: 'must be cron(...) as EventBridge writes it' })
      .default(DEFAULT_RESTORE_TEST_SCHEDULE)
      .describe('Schedule of the automatic restore test, an EventBridge cron expression in UTC.'),
    /** What the restore validation checks in the restored cluster (BKP-5). */
    restoreValidation: z
      .strictObject({
        /** Schema that must exist in the restored database. */
        schema: z
          .string()
          .regex(PG_IDENTIFIER, { message: 'must be a PostgreSQL identifier such as "public"' })
          .default(DEFAULT_RESTORE_VALIDATION.schema)
          .describe('Schema that must exist in the restored database.'),
        /** Tables of that schema that must hold rows; empty: the schema must hold at least one table with rows. */
        tables: z
          .array(z.string().regex(PG_IDENTIFIER, { message: 'must be a PostgreSQL table name (lowercase identifier)' }))
          .default(() => [...DEFAULT_RESTORE_VALIDATION.tables])
          .describe(
            'Tables of that schema that must hold rows; empty: the schema must hold at least one table with rows.',
          ),
        /**
         * Instance class the validator adds to the restored cluster (AWS Backup restores Aurora clusters without
         * instances).
         */
        instanceClass: z
          .string()
          .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { message: 'must be an RDS instance class such as "db.t4g.medium"' })
          .default(DEFAULT_RESTORE_VALIDATION.instanceClass)
          .describe(
            'Instance class the validator adds to the restored cluster (AWS Backup restores Aurora clusters without instances).',
          ),
      })
      .prefault({})
      .describe('What the restore validation checks in the restored cluster (BKP-5).'),
    /** Restore time the audit framework expects the restore tests to meet, in minutes. */
    restoreTimeTargetMinutes: z
      .number()
      .int()
      .min(30)
      .max(1440)
      .default(DEFAULT_RESTORE_TIME_TARGET_MINUTES)
      .describe('Restore time the audit framework expects the restore tests to meet, in minutes.'),
    /** Deploy an AWS Backup Audit Manager framework (needs AWS Config recording in the account). */
    auditFramework: z
      .boolean()
      .default(DEFAULT_AUDIT_FRAMEWORK)
      .describe('Deploy an AWS Backup Audit Manager framework (needs AWS Config recording in the account).'),
    /**
     * Also keep every daily recovery point in a logically air-gapped vault of the primary region (BKP-7): AWS Backup
     * locks it in compliance mode and shares it for restore only. Off (and ignored) on disposable stages.
     */
    airGappedCopy: z
      .boolean()
      .default(DEFAULT_AIR_GAPPED_COPY)
      .describe(
        'Also keep every daily recovery point in a logically air-gapped vault of the primary region (BKP-7): AWS Backup locks it in compliance mode and shares it for restore only. Off (and ignored) on disposable stages.',
      ),
    /** Optional copy of every scheduled recovery point to a vault in a second account. */
    secondAccountCopy: z
      .strictObject({
        /** The second account (not the stage's own). */
        account: z
          .string()
          .regex(/^\d{12}$/, { message: 'must be a 12-digit AWS account id' })
          .describe("The second account (not the stage's own)."),
        /** ARN of the vault of that account that receives the copies; it must admit this account's copy jobs. */
        vaultArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_.-]+$/, {
            message: 'must be a backup vault ARN: arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME',
          })
          .describe(
            "ARN of the vault of that account that receives the copies; it must admit this account's copy jobs.",
          ),
      })
      .optional()
      .describe('Optional copy of every scheduled recovery point to a vault in a second account.'),
  })
  .prefault({})
  .describe('Backup options (BKP-1..BKP-6).');

export type BackupConfig = z.output<typeof backupSchema>;
