import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { HSTS_MAX_AGE_SECONDS } from '../../defaults/constants';
import {
  DEFAULT_CSP,
  DEFAULT_EXPECT_CT_MAX_AGE,
  DEFAULT_PERMISSIONS_POLICY,
  DEFAULT_XSS_PROTECTION,
  type XssProtection,
} from '../../defaults/edge';

/** Headers that reveal the origin's software; removed from every response. */
export const REMOVED_HEADERS = ['Server', 'X-Powered-By'] as const;

/** Properties of {@link SecurityHeadersPolicy}: the values of the headers a stage may tune. */
export interface SecurityHeadersPolicyProps {
  /**
   * Content-Security-Policy sent on every response.
   * @default DEFAULT_CSP (same-origin only, no inline script, framing and plugins refused)
   */
  readonly contentSecurityPolicy?: string;
  /**
   * Permissions-Policy sent on every response.
   * @default DEFAULT_PERMISSIONS_POLICY (camera, microphone, geolocation, payment, usb and FLoC off)
   */
  readonly permissionsPolicy?: string;
  /**
   * X-XSS-Protection: `0`, `1; mode=block`, or `omit` to send none.
   * @default DEFAULT_XSS_PROTECTION ('0')
   */
  readonly xssProtection?: XssProtection;
  /**
   * Max-age in seconds of the obsolete Expect-CT header; 0 sends none.
   * @default DEFAULT_EXPECT_CT_MAX_AGE (0)
   */
  readonly expectCtMaxAge?: number;
}

/**
 * The response headers policy of every CloudFront behavior (EDGE-4, "A+" on
 * securityheaders). Every header overrides whatever the origin sends, so the
 * application cannot weaken them by accident. HSTS, X-Frame-Options,
 * X-Content-Type-Options and Referrer-Policy are invariants, not props.
 */
export class SecurityHeadersPolicy extends Construct {
  /** The policy to attach to every behavior. */
  readonly policy: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: SecurityHeadersPolicyProps = {}) {
    super(scope, id);
    this.policy = new cloudfront.ResponseHeadersPolicy(this, 'Policy', {
      comment: 'Security headers on every response (EDGE-4)',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: props.contentSecurityPolicy ?? DEFAULT_CSP,
          override: true,
        },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        ...xssProtection(props.xssProtection ?? DEFAULT_XSS_PROTECTION),
      },
      customHeadersBehavior: { customHeaders: customHeaders(props) },
      removeHeaders: [...REMOVED_HEADERS],
    });
  }
}

/** "0" by default: the XSS auditor is gone from browsers and its filtering could be abused (OWASP). */
function xssProtection(value: XssProtection): Pick<cloudfront.ResponseSecurityHeadersBehavior, 'xssProtection'> {
  if (value === 'omit') return {};
  return {
    xssProtection: {
      protection: value !== '0',
      modeBlock: value === '1; mode=block' ? true : undefined,
      override: true,
    },
  };
}

function customHeaders(props: SecurityHeadersPolicyProps): cloudfront.ResponseCustomHeader[] {
  const headers: cloudfront.ResponseCustomHeader[] = [
    { header: 'Permissions-Policy', value: props.permissionsPolicy ?? DEFAULT_PERMISSIONS_POLICY, override: true },
  ];
  // Expect-CT is obsolete (Chromium enforces Certificate Transparency since version 107): sent only on request.
  const expectCtMaxAge = props.expectCtMaxAge ?? DEFAULT_EXPECT_CT_MAX_AGE;
  if (expectCtMaxAge > 0) {
    headers.push({ header: 'Expect-CT', value: `max-age=${expectCtMaxAge}`, override: true });
  }
  return headers;
}
