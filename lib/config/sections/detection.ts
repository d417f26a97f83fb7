import { z } from 'zod';
import {
  DEFAULT_CANARY_ARTIFACT_RETENTION_DAYS,
  DEFAULT_CANARY_INTERVAL_MINUTES,
  DEFAULT_CANARY_SUCCESS_PERCENT,
  DEFAULT_CONFIG_RECORDER,
  DEFAULT_GUARDDUTY_MIN_SEVERITY,
  DEFAULT_LOAD_BALANCER_5XX_THRESHOLD,
  DEFAULT_SECURITY_HUB,
  DEFAULT_SQL_INJECTION_ALARM_THRESHOLD,
  DEFAULT_STACKSET_ROLES,
  DEFAULT_STATUS_PATHS,
  DEFAULT_STATUS_SEARCH_STRING,
  DEFAULT_TRAIL_LOG_GROUP_RETENTION_DAYS,
  DEFAULT_TRAIL_OBJECT_LOCK_DAYS,
  DEFAULT_TRAIL_OBJECT_LOCK_MODE,
  DEFAULT_TRAIL_RETENTION_DAYS,
  OBJECT_LOCK_MODES,
} from '../../defaults/detection';
import { logRetention, region, urlPath } from './common';

/** Detection, audit trail and status options (DET-1..DET-5). */
export const detectionSchema = z
  .strictObject({
    /** GuardDuty findings at or above this severity are sent to the team (RDS findings always are). */
    guardDutyMinSeverity: z
      .number()
      .min(1)
      .max(8.9)
      .default(DEFAULT_GUARDDUTY_MIN_SEVERITY)
      .describe('GuardDuty findings at or above this severity are sent to the team (RDS findings always are).'),
    /** "create" enables Security Hub with AWS FSBP; "existing" when the account already has it. */
    securityHub: z
      .enum(['create', 'existing'])
      .default(DEFAULT_SECURITY_HUB)
      .describe('"create" enables Security Hub with AWS FSBP; "existing" when the account already has it.'),
    /**
     * Regions where GuardDuty runs, through a StackSet, besides those of the stage's stacks (DET-6): every region the
     * account has enabled, since attackers use the unused ones.
     * @default - the regions AWS enables by default in every account (DEFAULT_GUARDDUTY_REGIONS)
     */
    guardDutyRegions: z
      .array(region)
      .optional()
      .describe(
        "Regions where GuardDuty runs, through a StackSet, besides those of the stage's stacks (DET-6): every region the account has enabled, since attackers use the unused ones.",
      ),
    /** Regions where the account already has a GuardDuty detector (one per region): none is created there. */
    guardDutyExistingRegions: z
      .array(region)
      .default([])
      .describe('Regions where the account already has a GuardDuty detector (one per region): none is created there.'),
    /**
     * "create" the StackSet administration and execution roles, or use the account's "existing" ones
     * (AWSCloudFormationStackSetAdministrationRole, AWSCloudFormationStackSetExecutionRole).
     */
    stackSetRoles: z
      .enum(['create', 'existing'])
      .default(DEFAULT_STACKSET_ROLES)
      .describe(
        '"create" the StackSet administration and execution roles, or use the account\'s "existing" ones (AWSCloudFormationStackSetAdministrationRole, AWSCloudFormationStackSetExecutionRole).',
      ),
    /**
     * "create" an AWS Config recorder in each region with Security Hub or Backup Audit Manager, or rely on the
     * account's "existing" one (one recorder per region): both evaluate nothing without it (DET-6).
     */
    configRecorder: z
      .enum(['create', 'existing'])
      .default(DEFAULT_CONFIG_RECORDER)
      .describe(
        '"create" an AWS Config recorder in each region with Security Hub or Backup Audit Manager, or rely on the account\'s "existing" one (one recorder per region): both evaluate nothing without it (DET-6).',
      ),
    /** Days CloudTrail logs are kept in their bucket. */
    trailRetentionDays: z
      .number()
      .int()
      .min(90)
      .max(3650)
      .default(DEFAULT_TRAIL_RETENTION_DAYS)
      .describe('Days CloudTrail logs are kept in their bucket.'),
    /**
     * S3 Object Lock mode of the CloudTrail log files (DET-7, Control Tower CT.S3.PR.9). GOVERNANCE: a principal
     * allowed `s3:BypassGovernanceRetention` can still delete a locked file. COMPLIANCE: no one can, the root user
     * included, and the retention of a file already written can never be shortened or removed, nor the lock taken
     * off the bucket: choose it only once the retention is settled.
     */
    trailObjectLockMode: z
      .enum(OBJECT_LOCK_MODES)
      .default(DEFAULT_TRAIL_OBJECT_LOCK_MODE)
      .describe(
        'S3 Object Lock mode of the CloudTrail log files (DET-7, Control Tower CT.S3.PR.9). GOVERNANCE: a principal allowed `s3:BypassGovernanceRetention` can still delete a locked file. COMPLIANCE: no one can, the root user included, and the retention of a file already written can never be shortened or removed, nor the lock taken off the bucket: choose it only once the retention is settled.',
      ),
    /** Days each CloudTrail log file is locked against deletion and overwrite; at most trailRetentionDays. */
    trailObjectLockDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(DEFAULT_TRAIL_OBJECT_LOCK_DAYS)
      .describe('Days each CloudTrail log file is locked against deletion and overwrite; at most trailRetentionDays.'),
    /** Days CloudTrail logs stay in CloudWatch Logs. */
    trailLogGroupRetentionDays: logRetention(DEFAULT_TRAIL_LOG_GROUP_RETENTION_DAYS).describe(
      'Days CloudTrail logs stay in CloudWatch Logs.',
    ),
    /** Paths the canary and health checks fetch on every public hostname. */
    statusPaths: z
      .array(urlPath)
      .min(1)
      .refine((paths) => new Set(paths).size === paths.length, {
        message: 'lists a path twice: list each path once (one health check per path)',
      })
      .default(() => [...DEFAULT_STATUS_PATHS])
      .describe('Paths the canary and health checks fetch on every public hostname.'),
    /** Minutes between canary runs. */
    canaryIntervalMinutes: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(DEFAULT_CANARY_INTERVAL_MINUTES)
      .describe('Minutes between canary runs.'),
    /**
     * Text every status path must return in the first 5,120 bytes of its body for a
     * Route 53 health check to count it healthy (HTTPS_STR_MATCH, case-sensitive).
     */
    statusSearchString: z
      .string()
      .min(1, { message: 'must not be empty: an empty search string makes any error page healthy' })
      .max(255, { message: 'must be at most 255 characters (Route 53 SearchString limit)' })
      .default(DEFAULT_STATUS_SEARCH_STRING)
      .describe(
        'Text every status path must return in the first 5,120 bytes of its body for a Route 53 health check to count it healthy (HTTPS_STR_MATCH, case-sensitive).',
      ),
    /** Canary success percentage below which the status alarm fires. */
    canarySuccessPercent: z
      .number()
      .min(1)
      .max(100)
      .default(DEFAULT_CANARY_SUCCESS_PERCENT)
      .describe('Canary success percentage below which the status alarm fires.'),
    /** Days canary screenshots and reports are kept. */
    canaryArtifactRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(DEFAULT_CANARY_ARTIFACT_RETENTION_DAYS)
      .describe('Days canary screenshots and reports are kept.'),
    /** SQL injection requests matched by WAF in 5 minutes that raise the alarm (1: every attempt). */
    sqlInjectionAlarmThreshold: z
      .number()
      .int()
      .min(1)
      .default(DEFAULT_SQL_INJECTION_ALARM_THRESHOLD)
      .describe('SQL injection requests matched by WAF in 5 minutes that raise the alarm (1: every attempt).'),
    /** Load balancer 5xx responses (ELB and targets) in 5 minutes that raise the alarm. */
    loadBalancer5xxThreshold: z
      .number()
      .int()
      .min(1)
      .default(DEFAULT_LOAD_BALANCER_5XX_THRESHOLD)
      .describe('Load balancer 5xx responses (ELB and targets) in 5 minutes that raise the alarm.'),
  })
  .superRefine((d, ctx) => {
    // DET-7: the lifecycle rule expires log files after trailRetentionDays; a lock that outlasts it would keep
    // versions S3 must delete, and the retention promised would not be the one kept.
    if (d.trailObjectLockDays > d.trailRetentionDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['trailRetentionDays'],
        input: d.trailRetentionDays,
        message:
          `is shorter than detection.trailObjectLockDays ${d.trailObjectLockDays}: log files would expire while ` +
          'still locked; keep them at least as long as the lock, or shorten the lock',
      });
    }
  })
  .prefault({})
  .describe('Detection, audit trail and status options (DET-1..DET-5).');

export type DetectionConfig = z.output<typeof detectionSchema>;
