import { z } from 'zod';

const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Backup options (BKP-1..BKP-6). */
export const backupSchema = z
  .strictObject({
    /** Days of point-in-time recovery (continuous backup); AWS allows 1-35, we require at least 7. */
    continuousRetentionDays: z
      .number()
      .int()
      .min(7, { message: 'must be at least 7 days of point-in-time recovery' })
      .max(35, { message: 'must be at most 35 days, the AWS maximum for continuous backup' })
      .default(35),
    /** Hours between frequent snapshots (1, 2, 3, 4, 6, 8 or 12): the page promises "every few hours", at most 4. */
    frequentIntervalHours: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).default(4),
    /** Days each frequent snapshot is kept. */
    frequentRetentionDays: z.number().int().min(1).max(35).default(1),
    /** Days each daily snapshot is kept: the page promises 90, then destruction. */
    dailyRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(90, { message: 'must be at most 90: the page promises destruction after 90 days' })
      .default(90),
    /** UTC hour the daily snapshot starts. */
    dailyStartHourUtc: z.number().int().min(0).max(23).default(3),
    /** Manual DB cluster snapshots allowed per region (RDS quota "Manual DB cluster snapshots", code L-9B510759). */
    snapshotQuota: z.number().int().min(1).default(100),
    /** Vault Lock settings for the snapshot and continuous vaults. */
    lock: z
      .strictObject({
        /** compliance: nobody can shorten retention once the cooling-off period ends; governance: privileged users can (test stages). */
        mode: z.enum(['compliance', 'governance']).default('compliance'),
        /** Cooling-off days before a compliance lock becomes immutable (minimum 3); ignored in governance mode. */
        changeableForDays: z
          .number()
          .int()
          .min(3, { message: 'must be at least 3, the AWS minimum cooling-off period' })
          .max(36500)
          .default(3),
      })
      .prefault({}),
    /** Schedule of the automatic restore test, an EventBridge cron expression in UTC. */
    restoreTestSchedule: z
      .string()
      .regex(/^cron\(.+\)$/, { message: 'must be cron(...) as EventBridge writes it' })
      .default('cron(0 6 ? * SAT *)'),
    /** What the restore validation checks in the restored cluster (BKP-5). */
    restoreValidation: z
      .strictObject({
        /** Schema that must exist in the restored database. */
        schema: z
          .string()
          .regex(PG_IDENTIFIER, { message: 'must be a PostgreSQL identifier such as "public"' })
          .default('public'),
        /** Tables of that schema that must hold rows; empty: the schema must hold at least one table with rows. */
        tables: z
          .array(z.string().regex(PG_IDENTIFIER, { message: 'must be a PostgreSQL table name (lowercase identifier)' }))
          .default([]),
        /** Instance class the validator adds to the restored cluster (AWS Backup restores Aurora clusters without instances). */
        instanceClass: z
          .string()
          .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { message: 'must be an RDS instance class such as "db.t4g.medium"' })
          .default('db.t4g.medium'),
      })
      .prefault({}),
    /** Restore time the audit framework expects the restore tests to meet, in minutes. */
    restoreTimeTargetMinutes: z.number().int().min(30).max(1440).default(240),
    /** Deploy an AWS Backup Audit Manager framework (needs AWS Config recording in the account). */
    auditFramework: z.boolean().default(true),
    /** Optional copy of every scheduled recovery point to a vault in a second account. */
    secondAccountCopy: z
      .strictObject({
        account: z.string().regex(/^\d{12}$/, { message: 'must be a 12-digit AWS account id' }),
        vaultArn: z.string().regex(/^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_.-]+$/, {
          message: 'must be a backup vault ARN: arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME',
        }),
      })
      .optional(),
  })
  .prefault({});

export type BackupConfig = z.output<typeof backupSchema>;
