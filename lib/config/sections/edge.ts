import { z } from 'zod';
import {
  DEFAULT_ACCESS_LOG_RETENTION_DAYS,
  DEFAULT_ALLOW_SAME_SITE_NONE,
  DEFAULT_CACHED_PATH_PATTERNS,
  DEFAULT_CSP,
  DEFAULT_EXPECT_CT_MAX_AGE,
  DEFAULT_LOGIN_FAILURE_STATUS_CODES,
  DEFAULT_LOGIN_PASSWORD_FIELD,
  DEFAULT_LOGIN_PATH,
  DEFAULT_LOGIN_PAYLOAD_TYPE,
  DEFAULT_LOGIN_RATE_LIMIT,
  DEFAULT_LOGIN_SUCCESS_STATUS_CODES,
  DEFAULT_LOGIN_USERNAME_FIELD,
  DEFAULT_MAIL_RATE_LIMIT,
  DEFAULT_MAIL_SENDING_PATHS,
  DEFAULT_ORIGIN_SUBDOMAIN,
  DEFAULT_PASSWORD_RESET_PATHS,
  DEFAULT_PERMISSIONS_POLICY,
  DEFAULT_WAF_LOG_RETENTION_DAYS,
  DEFAULT_XSS_PROTECTION,
  LOGIN_PAYLOAD_TYPES,
  XSS_PROTECTION_VALUES,
} from '../../defaults/edge';
import { email, logRetention, urlPath } from './common';

/** Web edge options (EDGE-1..EDGE-9, ORG-2). */
export const edgeSchema = z
  .strictObject({
    /** Login path protected by WAF account takeover prevention and a per-IP rate limit. */
    loginPath: urlPath
      .default(DEFAULT_LOGIN_PATH)
      .describe('Login path protected by WAF account takeover prevention and a per-IP rate limit.'),
    /** Password-reset paths, rate-limited per IP. */
    passwordResetPaths: z
      .array(urlPath)
      .min(1)
      .default(() => [...DEFAULT_PASSWORD_RESET_PATHS])
      .describe('Password-reset paths, rate-limited per IP.'),
    /** Paths that make the platform send an email, rate-limited per IP (MAIL-3). */
    mailSendingPaths: z
      .array(urlPath)
      .min(1)
      .default(() => [...DEFAULT_MAIL_SENDING_PATHS])
      .describe('Paths that make the platform send an email, rate-limited per IP (MAIL-3).'),
    /** How the login form posts its credentials, so WAF account takeover prevention can read them. */
    loginPayloadType: z
      .enum(LOGIN_PAYLOAD_TYPES)
      .default(DEFAULT_LOGIN_PAYLOAD_TYPE)
      .describe('How the login form posts its credentials, so WAF account takeover prevention can read them.'),
    /** Username field of the login request: a form field name, or a JSON pointer such as /username for JSON. */
    loginUsernameField: z
      .string()
      .min(1)
      .max(512)
      .default(DEFAULT_LOGIN_USERNAME_FIELD)
      .describe(
        'Username field of the login request: a form field name, or a JSON pointer such as /username for JSON.',
      ),
    /** Password field of the login request: a form field name, or a JSON pointer such as /password for JSON. */
    loginPasswordField: z
      .string()
      .min(1)
      .max(512)
      .default(DEFAULT_LOGIN_PASSWORD_FIELD)
      .describe(
        'Password field of the login request: a form field name, or a JSON pointer such as /password for JSON.',
      ),
    /** Login response status codes meaning success (ATP response inspection, CloudFront only). */
    loginSuccessStatusCodes: z
      .array(z.number().int().min(100).max(599))
      .min(1)
      .max(10)
      .default(() => [...DEFAULT_LOGIN_SUCCESS_STATUS_CODES])
      .describe('Login response status codes meaning success (ATP response inspection, CloudFront only).'),
    /** Login response status codes meaning a failed attempt: ATP counts them per client and blocks after too many. */
    loginFailureStatusCodes: z
      .array(z.number().int().min(100).max(599))
      .min(1)
      .max(10)
      .default(() => [...DEFAULT_LOGIN_FAILURE_STATUS_CODES])
      .describe(
        'Login response status codes meaning a failed attempt: ATP counts them per client and blocks after too many.',
      ),
    /** Address receiving CAA violation reports (iodef); none by default. */
    caaIodefEmail: email.optional().describe('Address receiving CAA violation reports (iodef); none by default.'),
    /** Requests per IP per 5 minutes on the login and password-reset paths. */
    loginRateLimit: z
      .number()
      .int()
      .min(10)
      .max(2_000_000_000)
      .default(DEFAULT_LOGIN_RATE_LIMIT)
      .describe('Requests per IP per 5 minutes on the login and password-reset paths.'),
    /** Requests per IP per 5 minutes on the mail-sending paths. */
    mailRateLimit: z
      .number()
      .int()
      .min(10)
      .max(2_000_000_000)
      .default(DEFAULT_MAIL_RATE_LIMIT)
      .describe('Requests per IP per 5 minutes on the mail-sending paths.'),
    /** Content-Security-Policy sent on every response. */
    contentSecurityPolicy: z
      .string()
      .min(1)
      .refine((v) => !/'unsafe-(inline|eval)'/.test(v), { message: "must not allow 'unsafe-inline' or 'unsafe-eval'" })
      .refine((v) => /(^|;)\s*default-src /.test(v) && /frame-ancestors /.test(v) && /object-src 'none'/.test(v), {
        message: "must set default-src, frame-ancestors and object-src 'none'",
      })
      .default(DEFAULT_CSP)
      .describe('Content-Security-Policy sent on every response.'),
    /** Permissions-Policy sent on every response. */
    permissionsPolicy: z
      .string()
      .min(1)
      .default(DEFAULT_PERMISSIONS_POLICY)
      .describe('Permissions-Policy sent on every response.'),
    /**
     * X-XSS-Protection value: "0" (OWASP advice: the auditor is gone and could be abused), "1; mode=block", or "omit".
     */
    xssProtection: z
      .enum(XSS_PROTECTION_VALUES)
      .default(DEFAULT_XSS_PROTECTION)
      .describe(
        'X-XSS-Protection value: "0" (OWASP advice: the auditor is gone and could be abused), "1; mode=block", or "omit".',
      ),
    /** Send the obsolete Expect-CT header with this max-age in seconds; 0 sends none. */
    expectCtMaxAge: z
      .number()
      .int()
      .min(0)
      .default(DEFAULT_EXPECT_CT_MAX_AGE)
      .describe('Send the obsolete Expect-CT header with this max-age in seconds; 0 sends none.'),
    /** Subdomain of the first domain that names the load balancer behind CloudFront. */
    originSubdomain: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'must be one DNS label' })
      .default(DEFAULT_ORIGIN_SUBDOMAIN)
      .describe('Subdomain of the first domain that names the load balancer behind CloudFront.'),
    /** Path patterns served from the CloudFront cache (static assets); everything else goes to the app uncached. */
    cachedPathPatterns: z
      .array(
        z.string().regex(/^\/[A-Za-z0-9._~\-/*]*$/, { message: 'must be a CloudFront path pattern such as /assets/*' }),
      )
      .max(20)
      .default(() => [...DEFAULT_CACHED_PATH_PATTERNS])
      .describe(
        'Path patterns served from the CloudFront cache (static assets); everything else goes to the app uncached.',
      ),
    /** Days edge, load balancer and WAF logs are kept. */
    accessLogRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(DEFAULT_ACCESS_LOG_RETENTION_DAYS)
      .describe('Days edge, load balancer and WAF logs are kept.'),
    /** Days WAF logs stay in CloudWatch Logs. */
    wafLogRetentionDays: logRetention(DEFAULT_WAF_LOG_RETENTION_DAYS).describe(
      'Days WAF logs stay in CloudWatch Logs.',
    ),
    /**
     * Keep `SameSite=None` cookies (with `Secure` enforced) instead of rewriting them to `Lax` at the edge (EDGE-7);
     * only for cookies a cross-site frame or POST must carry.
     */
    allowSameSiteNone: z
      .boolean()
      .default(DEFAULT_ALLOW_SAME_SITE_NONE)
      .describe(
        'Keep `SameSite=None` cookies (with `Secure` enforced) instead of rewriting them to `Lax` at the edge (EDGE-7); only for cookies a cross-site frame or POST must carry.',
      ),
  })
  .prefault({})
  .describe('Web edge options (EDGE-1..EDGE-9, ORG-2).');

export type EdgeConfig = z.output<typeof edgeSchema>;
