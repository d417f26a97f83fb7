import { z } from 'zod';
import { KNOWN_REGIONS } from '../../core/regions';

/** An AWS commercial region code. */
export const region = z.string().refine((r) => KNOWN_REGIONS.includes(r), {
  message: `is not a known AWS commercial region (known: ${KNOWN_REGIONS.join(', ')})`,
});

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const logRetention = (fallback: number) =>
  z
    .number()
    .int()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
      message: `must be one of the CloudWatch Logs retention values: ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(fallback);

export const email = z.string().regex(/^[^\s@]+@[^\s@]+\.[a-zA-Z]{2,}$/, {
  message: 'is not an email address; write it as name@example.com',
});

/** A URL path the WAF scopes a rule to. */
export const urlPath = z.string().regex(/^\/[A-Za-z0-9._~\-/]*$/, {
  message: 'must be an absolute URL path such as /login (no query string, no spaces)',
});
