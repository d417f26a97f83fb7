import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import type { EdgeConfig } from '../../config/sections/edge';

/** HSTS max-age: two years, the preload list's recommendation (its minimum is one year). */
export const HSTS_MAX_AGE = Duration.days(730);

/** Headers that reveal the origin's software; removed from every response. */
export const REMOVED_HEADERS = ['Server', 'X-Powered-By'] as const;

/** Properties of {@link SecurityHeadersPolicy}. */
export interface SecurityHeadersPolicyProps {
  /** The stage's edge options: CSP, Permissions-Policy, X-XSS-Protection and Expect-CT values. */
  readonly edge: EdgeConfig;
}

/**
 * The response headers policy of every CloudFront behavior (EDGE-4, "A+" on
 * securityheaders). Every header overrides whatever the origin sends, so the
 * application cannot weaken them by accident.
 */
export class SecurityHeadersPolicy extends Construct {
  /** The policy to attach to every behavior. */
  readonly policy: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: SecurityHeadersPolicyProps) {
    super(scope, id);
    const edge = props.edge;
    const customHeaders: cloudfront.ResponseCustomHeader[] = [
      { header: 'Permissions-Policy', value: edge.permissionsPolicy, override: true },
    ];
    // Expect-CT is obsolete (Chromium enforces Certificate Transparency since version 107): sent only on request.
    if (edge.expectCtMaxAge > 0) {
      customHeaders.push({ header: 'Expect-CT', value: `max-age=${edge.expectCtMaxAge}`, override: true });
    }

    this.policy = new cloudfront.ResponseHeadersPolicy(this, 'Policy', {
      comment: 'Security headers on every response (EDGE-4)',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: HSTS_MAX_AGE,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: { contentSecurityPolicy: edge.contentSecurityPolicy, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        // "0" by default: the XSS auditor is gone from browsers and its filtering could be abused (OWASP).
        ...(edge.xssProtection === 'omit'
          ? {}
          : {
              xssProtection: {
                protection: edge.xssProtection !== '0',
                modeBlock: edge.xssProtection === '1; mode=block' ? true : undefined,
                override: true,
              },
            }),
      },
      customHeadersBehavior: { customHeaders },
      removeHeaders: [...REMOVED_HEADERS],
    });
  }
}
