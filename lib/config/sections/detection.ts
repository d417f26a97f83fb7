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
    statusPaths: z.array(urlPath).min(1).default(['/', '/login']),
    /** Minutes between canary runs. */
    canaryIntervalMinutes: z.number().int().min(1).max(60).default(5),
  })
  .prefault({});

export type DetectionConfig = z.output<typeof detectionSchema>;
