// Default values of the web edge (EDGE-1..EDGE-9, MAIL-3), named once: the config schema
// (lib/config/sections/edge.ts) defaults to them, and the edge constructs fall back to them.
// No aws-cdk-lib here: the config loads without the CDK.

/** A strict CSP suitable for a server-rendered app whose assets come from its own origin (EDGE-4). */
export const DEFAULT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; " +
  'upgrade-insecure-requests';

/** Permissions-Policy denying the powerful browser features a booking site never needs (EDGE-4). */
export const DEFAULT_PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

/** The X-XSS-Protection values the edge can send; `omit` sends none. */
export const XSS_PROTECTION_VALUES = ['0', '1; mode=block', 'omit'] as const;
export type XssProtection = (typeof XSS_PROTECTION_VALUES)[number];

/** "0": the XSS auditor is gone from browsers and its filtering could be abused (current OWASP advice). */
export const DEFAULT_XSS_PROTECTION: XssProtection = '0';

/** Expect-CT is obsolete (Chromium enforces Certificate Transparency since version 107): 0 sends none. */
export const DEFAULT_EXPECT_CT_MAX_AGE = 0;

/** How a login form can post its credentials, as WAF account takeover prevention names it. */
export const LOGIN_PAYLOAD_TYPES = ['FORM_ENCODED', 'JSON'] as const;
export type LoginPayloadType = (typeof LOGIN_PAYLOAD_TYPES)[number];

export const DEFAULT_LOGIN_PATH = '/login';
export const DEFAULT_PASSWORD_RESET_PATHS: readonly string[] = ['/password/reset'];
export const DEFAULT_MAIL_SENDING_PATHS: readonly string[] = ['/password/reset', '/api/invitations'];
export const DEFAULT_LOGIN_PAYLOAD_TYPE: LoginPayloadType = 'FORM_ENCODED';
export const DEFAULT_LOGIN_USERNAME_FIELD = 'username';
export const DEFAULT_LOGIN_PASSWORD_FIELD = 'password';
export const DEFAULT_LOGIN_SUCCESS_STATUS_CODES: readonly number[] = [302, 303];
export const DEFAULT_LOGIN_FAILURE_STATUS_CODES: readonly number[] = [401, 403];

/** Requests per IP per 5 minutes on the login and password-reset paths (EDGE-6). */
export const DEFAULT_LOGIN_RATE_LIMIT = 100;
/** Requests per IP per 5 minutes on the mail-sending paths (MAIL-3). */
export const DEFAULT_MAIL_RATE_LIMIT = 20;

/** Label of the origin name under the first domain: `origin.example.com`. */
export const DEFAULT_ORIGIN_SUBDOMAIN = 'origin';
/** Static assets, the only paths CloudFront caches. */
export const DEFAULT_CACHED_PATH_PATTERNS: readonly string[] = ['/assets/*'];

/** Days edge, load balancer and WAF access logs are kept. */
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 365;
/** Days WAF logs stay in CloudWatch Logs (a CloudWatch Logs retention value). */
export const DEFAULT_WAF_LOG_RETENTION_DAYS = 365;

/** `SameSite=None` is rewritten to `Lax` unless a stage allows it (EDGE-7). */
export const DEFAULT_ALLOW_SAME_SITE_NONE = false;
/** Days the cookie function's us-east-1 Lambda@Edge log group keeps events (a CloudWatch Logs retention value). */
export const DEFAULT_EDGE_FUNCTION_LOG_RETENTION_DAYS = 365;
