// Default values of the detection section (DET-1..DET-5), named once: the zod schema
// (lib/config/sections/detection.ts) and the detection constructs both fall back to them.

/** GuardDuty findings at or above this severity are sent to the team (RDS findings always are). */
export const DEFAULT_GUARDDUTY_MIN_SEVERITY = 4;

/** Security Hub is enabled with AWS FSBP by the stage, unless the account already has it. */
export const DEFAULT_SECURITY_HUB = 'create';

/** Days CloudTrail log files are kept in their bucket. */
export const DEFAULT_TRAIL_RETENTION_DAYS = 365;

/** S3 Object Lock retention modes: GOVERNANCE can be lifted by a principal allowed s3:BypassGovernanceRetention. */
export const OBJECT_LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;

/** An S3 Object Lock retention mode. */
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];

/**
 * Object Lock mode of the CloudTrail log files (DET-7, Control Tower CT.S3.PR.9): GOVERNANCE, so a principal allowed
 * `s3:BypassGovernanceRetention` can still correct a mistake; COMPLIANCE locks out everyone, the root user included.
 */
export const DEFAULT_TRAIL_OBJECT_LOCK_MODE: ObjectLockMode = 'GOVERNANCE';

/** Days each CloudTrail log file is locked against deletion and overwrite (at most the trail retention). */
export const DEFAULT_TRAIL_OBJECT_LOCK_DAYS = 365;

/** Days CloudTrail events stay in CloudWatch Logs (a CloudWatch Logs retention value). */
export const DEFAULT_TRAIL_LOG_GROUP_RETENTION_DAYS = 365;

/** Paths the canary and health checks fetch on every public hostname. */
export const DEFAULT_STATUS_PATHS: readonly string[] = ['/', '/login'];

/** Minutes between canary runs. */
export const DEFAULT_CANARY_INTERVAL_MINUTES = 5;

/** Text a status page must contain for a Route 53 health check to count it healthy. */
export const DEFAULT_STATUS_SEARCH_STRING = '<html';

/** Canary success percentage below which the status alarm fires. */
export const DEFAULT_CANARY_SUCCESS_PERCENT = 90;

/** Days canary screenshots and reports are kept. */
export const DEFAULT_CANARY_ARTIFACT_RETENTION_DAYS = 30;

/** SQL injection requests matched by WAF in 5 minutes that raise the alarm (1: every attempt). */
export const DEFAULT_SQL_INJECTION_ALARM_THRESHOLD = 1;

/** Load balancer 5xx responses (ELB and targets) in 5 minutes that raise the alarm. */
export const DEFAULT_LOAD_BALANCER_5XX_THRESHOLD = 10;

/** The StackSet roles are created by the stage unless the account already has them (DET-6). */
export const DEFAULT_STACKSET_ROLES = 'create';

/** The stage creates an AWS Config recorder where Security Hub or Backup Audit Manager runs (DET-6). */
export const DEFAULT_CONFIG_RECORDER = 'create';

/** Regions where GuardDuty runs by default (DET-6): every region AWS enables in every account (lib/core/regions.ts). */
export { DEFAULT_GUARDDUTY_REGIONS } from '../core/regions';
