import { z } from 'zod';
import { logRetention, urlPath } from './common';

/** Detection, audit trail and status options (DET-1..DET-5). */
export const detectionSchema = z
  .strictObject({
    /** GuardDuty findings at or above this severity are sent to the team (RDS findings always are). */
    guardDutyMinSeverity: z.number().min(1).max(8.9).default(4),
    /** "create" enables Security Hub with AWS FSBP; "existing" when the account already has it. */
    securityHub: z.enum(['create', 'existing']).default('create'),
    /** Days CloudTrail logs are kept in their bucket. */
    trailRetentionDays: z.number().int().min(90).max(3650).default(365),
    /** Days CloudTrail logs stay in CloudWatch Logs. */
    trailLogGroupRetentionDays: logRetention(365),
    /** Paths the canary and health checks fetch on every public hostname. */
    statusPaths: z
      .array(urlPath)
      .min(1)
      .refine((paths) => new Set(paths).size === paths.length, {
        message: 'lists a path twice: list each path once (one health check per path)',
      })
      .default(['/', '/login']),
    /** Minutes between canary runs. */
    canaryIntervalMinutes: z.number().int().min(1).max(60).default(5),
    /**
     * Text every status path must return in the first 5,120 bytes of its body for a
     * Route 53 health check to count it healthy (HTTPS_STR_MATCH, case-sensitive).
     */
    statusSearchString: z
      .string()
      .min(1, { message: 'must not be empty: an empty search string makes any error page healthy' })
      .max(255, { message: 'must be at most 255 characters (Route 53 SearchString limit)' })
      .default('<html'),
    /** Canary success percentage below which the status alarm fires. */
    canarySuccessPercent: z.number().min(1).max(100).default(90),
    /** Days canary screenshots and reports are kept. */
    canaryArtifactRetentionDays: z.number().int().min(1).max(3650).default(30),
    /** SQL injection requests matched by WAF in 5 minutes that raise the alarm (1: every attempt). */
    sqlInjectionAlarmThreshold: z.number().int().min(1).default(1),
    /** Load balancer 5xx responses (ELB and targets) in 5 minutes that raise the alarm. */
    loadBalancer5xxThreshold: z.number().int().min(1).default(10),
  })
  .prefault({});

export type DetectionConfig = z.output<typeof detectionSchema>;
