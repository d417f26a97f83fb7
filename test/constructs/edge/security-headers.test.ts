import { Template } from 'aws-cdk-lib/assertions';
import { SecurityHeadersPolicy, type SecurityHeadersPolicyProps } from '../../../lib/constructs/edge/security-headers';
import { DEFAULT_CSP, DEFAULT_PERMISSIONS_POLICY } from '../../../lib/defaults/edge';
import { testStack } from '../../helpers';

/** The ResponseHeadersPolicyConfig of a policy built with `props`. */
function headersConfig(props?: SecurityHeadersPolicyProps): Record<string, any> {
  const stack = testStack();
  new SecurityHeadersPolicy(stack, 'SecurityHeaders', props);
  const t = Template.fromStack(stack);
  return Object.values(t.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0].Properties
    .ResponseHeadersPolicyConfig;
}

describe('EDGE-4 SecurityHeadersPolicy', () => {
  test('by default: HSTS two years, the strict CSP, DENY, nosniff, strict referrer, X-XSS-Protection 0, Permissions-Policy, no Expect-CT', () => {
    const c = headersConfig();
    expect(c.SecurityHeadersConfig).toEqual({
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 63_072_000,
        IncludeSubdomains: true,
        Preload: true,
        Override: true,
      },
      ContentSecurityPolicy: { ContentSecurityPolicy: DEFAULT_CSP, Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
      XSSProtection: { Protection: false, Override: true },
    });
    expect(c.CustomHeadersConfig.Items).toEqual([
      { Header: 'Permissions-Policy', Value: DEFAULT_PERMISSIONS_POLICY, Override: true },
    ]);
    expect(c.RemoveHeadersConfig.Items).toEqual([{ Header: 'Server' }, { Header: 'X-Powered-By' }]);
  });

  test('configured: X-XSS-Protection "1; mode=block"; Expect-CT when a max-age is set; custom CSP and Permissions-Policy', () => {
    const csp = "default-src 'none'; frame-ancestors 'none'; object-src 'none'";
    const block = headersConfig({
      xssProtection: '1; mode=block',
      expectCtMaxAge: 86400,
      contentSecurityPolicy: csp,
      permissionsPolicy: 'camera=()',
    });
    expect(block.SecurityHeadersConfig.XSSProtection).toEqual({ Protection: true, ModeBlock: true, Override: true });
    expect(block.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).toBe(csp);
    expect(block.CustomHeadersConfig.Items).toEqual([
      { Header: 'Permissions-Policy', Value: 'camera=()', Override: true },
      { Header: 'Expect-CT', Value: 'max-age=86400', Override: true },
    ]);
  });

  test('configured: X-XSS-Protection omitted', () => {
    expect(headersConfig({ xssProtection: 'omit' }).SecurityHeadersConfig.XSSProtection).toBeUndefined();
  });

  test('the invariants hold whatever is configured', () => {
    const c = headersConfig({ xssProtection: 'omit', contentSecurityPolicy: "default-src 'self'" });
    expect(c.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true },
      FrameOptions: { FrameOption: 'DENY' },
      ContentTypeOptions: { Override: true },
    });
  });
});
