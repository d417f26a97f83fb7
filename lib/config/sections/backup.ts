import { z } from 'zod';

/** Backup options (BKP-1..BKP-6). */
export const backupSchema = z
  .strictObject({
    /** Days of point-in-time recovery (continuous backup); AWS allows 1-35, we require at least 7. */
    continuousRetentionDays: z.number().int().min(7).max(35).default(35),
    /** Hours between frequent snapshots (1, 2, 3, 4, 6, 8 or 12). */
    frequentIntervalHours: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(6), z.literal(8), z.literal(12)]).default(4),
    /** Days each frequent snapshot is kept. */
    frequentRetentionDays: z.number().int().min(1).max(35).default(1),
    /** Days each daily snapshot is kept: the page promises 90, then destruction. */
    dailyRetentionDays: z.number().int().min(1).max(90).default(90),
    /** UTC hour the daily snapshot starts. */
    dailyStartHourUtc: z.number().int().min(0).max(23).default(3),
    /** Manual DB cluster snapshots allowed per region (RDS quota "Manual DB cluster snapshots"). */
    snapshotQuota: z.number().int().min(1).default(100),
    /** Vault Lock settings for the snapshot vaults. */
    lock: z
      .strictObject({
        /** compliance: nobody can shorten retention once the cooling-off period ends; governance: privileged users can. */
        mode: z.enum(['compliance', 'governance']).default('compliance'),
        /** Cooling-off days before a compliance lock becomes immutable (minimum 3). */
        changeableForDays: z.number().int().min(3).max(36500).default(3),
      })
      .prefault({}),
    /** Schedule of the automatic restore test, an EventBridge cron expression in UTC. */
    restoreTestSchedule: z.string().regex(/^cron\(.+\)$/, { message: 'must be cron(...) as EventBridge writes it' }).default('cron(0 6 ? * SAT *)'),
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
