import { z } from 'zod';
import { email, logRetention, urlPath } from './common';

/** A strict CSP suitable for a server-rendered app whose assets come from its own origin. */
export const DEFAULT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests";

export const DEFAULT_PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

/** Web edge options (EDGE-1..EDGE-9, ORG-2). */
export const edgeSchema = z
  .strictObject({
    /** Login path protected by WAF account takeover prevention and a per-IP rate limit. */
    loginPath: urlPath.default('/login'),
    /** Password-reset paths, rate-limited per IP. */
    passwordResetPaths: z.array(urlPath).min(1).default(['/password/reset']),
    /** Paths that make the platform send an email, rate-limited per IP (MAIL-3). */
    mailSendingPaths: z.array(urlPath).min(1).default(['/password/reset', '/api/invitations']),
    /** How the login form posts its credentials, so WAF account takeover prevention can read them. */
    loginPayloadType: z.enum(['FORM_ENCODED', 'JSON']).default('FORM_ENCODED'),
    /** Username field of the login request: a form field name, or a JSON pointer such as /username for JSON. */
    loginUsernameField: z.string().min(1).max(512).default('username'),
    /** Password field of the login request: a form field name, or a JSON pointer such as /password for JSON. */
    loginPasswordField: z.string().min(1).max(512).default('password'),
    /** Login response status codes meaning success (ATP response inspection, CloudFront only). */
    loginSuccessStatusCodes: z.array(z.number().int().min(100).max(599)).min(1).max(10).default([302, 303]),
    /** Login response status codes meaning a failed attempt: ATP counts them per client and blocks after too many. */
    loginFailureStatusCodes: z.array(z.number().int().min(100).max(599)).min(1).max(10).default([401, 403]),
    /** Address receiving CAA violation reports (iodef); none by default. */
    caaIodefEmail: email.optional(),
    /** Requests per IP per 5 minutes on the login and password-reset paths. */
    loginRateLimit: z.number().int().min(10).max(2_000_000_000).default(100),
    /** Requests per IP per 5 minutes on the mail-sending paths. */
    mailRateLimit: z.number().int().min(10).max(2_000_000_000).default(20),
    /** Content-Security-Policy sent on every response. */
    contentSecurityPolicy: z
      .string()
      .min(1)
      .refine((v) => !/'unsafe-(inline|eval)'/.test(v), { message: "must not allow 'unsafe-inline' or 'unsafe-eval'" })
      .refine((v) => /(^|;)\s*default-src /.test(v) && /frame-ancestors /.test(v) && /object-src 'none'/.test(v), {
        message: "must set default-src, frame-ancestors and object-src 'none'",
      })
      .default(DEFAULT_CSP),
    /** Permissions-Policy sent on every response. */
    permissionsPolicy: z.string().min(1).default(DEFAULT_PERMISSIONS_POLICY),
    /** X-XSS-Protection value: "0" (OWASP advice: the auditor is gone and could be abused), "1; mode=block", or "omit". */
    xssProtection: z.enum(['0', '1; mode=block', 'omit']).default('0'),
    /** Send the obsolete Expect-CT header with this max-age in seconds; 0 sends none. */
    expectCtMaxAge: z.number().int().min(0).default(0),
    /** Subdomain of the first domain that names the load balancer behind CloudFront. */
    originSubdomain: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'must be one DNS label' })
      .default('origin'),
    /** Path patterns served from the CloudFront cache (static assets); everything else goes to the app uncached. */
    cachedPathPatterns: z
      .array(
        z.string().regex(/^\/[A-Za-z0-9._~\-/*]*$/, { message: 'must be a CloudFront path pattern such as /assets/*' }),
      )
      .max(20)
      .default(['/assets/*']),
    /** Days edge, load balancer and WAF logs are kept. */
    accessLogRetentionDays: z.number().int().min(1).max(3650).default(365),
    /** Days WAF logs stay in CloudWatch Logs. */
    wafLogRetentionDays: logRetention(365),
  })
  .prefault({});

export type EdgeConfig = z.output<typeof edgeSchema>;
