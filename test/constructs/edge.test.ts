// Construct tests of lib/constructs/edge/, one describe per construct, each test on a fresh stack.
// One file per concern: jest loads aws-cdk-lib once per test file, about half a second of every file.

import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CloudFrontLogBucket } from '../../lib/constructs/edge/cloudfront-log-bucket';
import { AMAZON_CAS, DomainZone, type DomainZoneProps } from '../../lib/constructs/edge/domain-zone';
import { EdgeDistribution, type EdgeDistributionProps } from '../../lib/constructs/edge/edge-distribution';
import { SecurityHeadersPolicy, type SecurityHeadersPolicyProps } from '../../lib/constructs/edge/security-headers';
import { WAF_METRICS } from '../../lib/constructs/edge/waf-metrics';
import { EdgeWebAcl, type EdgeWebAclProps, MANAGED_GROUP_WCU, WCU_BUDGET } from '../../lib/constructs/edge/web-acl';
import { EDGE_REGION } from '../../lib/defaults/constants';
import { DEFAULT_CSP, DEFAULT_PERMISSIONS_POLICY } from '../../lib/defaults/edge';
import { nagFindings, TEST_ENV, testStack } from '../helpers';

describe('CloudfrontLogBucket', () => {
  function build(retentionDays?: number) {
    const stack = testStack('Logs', { account: TEST_ENV.account, region: EDGE_REGION });
    new CloudFrontLogBucket(stack, 'AccessLogs', retentionDays ? { retentionDays } : undefined);
    return { t: Template.fromStack(stack) };
  }

  describe('DET-4 CloudFrontLogBucket', () => {
    test('one lifecycle rule expires logs and superseded versions after the retention, 365 days by default', () => {
      build().t.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'Expire',
              Status: 'Enabled',
              ExpirationInDays: 365,
              NoncurrentVersionExpiration: { NoncurrentDays: 365 },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            },
          ],
        },
      });
    });

    test('a shorter retention is honoured', () => {
      build(90).t.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 90 } })],
        },
      });
    });

    test('ACLs stay enabled, owned by the bucket owner: CloudFront standard logging writes with an ACL', () => {
      build().t.hasResourceProperties('AWS::S3::Bucket', {
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      });
    });

    test('PROOF-1 the bucket alone has no open cdk-nag finding; its acknowledgments stay on the bucket', () => {
      const stack = testStack('Logs', { account: TEST_ENV.account, region: EDGE_REGION });
      new CloudFrontLogBucket(stack, 'AccessLogs');
      expect(nagFindings(stack)).toEqual([]); // writes the acknowledgments into the template
      const [bucket] = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
      expect(bucket.Metadata.cdk_nag.rules_to_suppress.map((a: { id: string }) => a.id)).toEqual([
        'AwsSolutions-S1',
        'NIST.800.53.R5-S3BucketLoggingEnabled',
        'PCI.DSS.321-S3BucketLoggingEnabled',
        'HIPAA.Security-S3BucketLoggingEnabled',
        'NIST.800.53.R5-S3BucketReplicationEnabled',
        'PCI.DSS.321-S3BucketReplicationEnabled',
        'HIPAA.Security-S3BucketReplicationEnabled',
      ]);
    });
  });
});

describe('DomainZone', () => {
  const AMAZON_ONLY = AMAZON_CAS.map((ca) => `0 issue "${ca}"`);

  function build(props: DomainZoneProps) {
    const stack = testStack();
    const domain = new DomainZone(stack, props.name, props);
    return { stack, domain, t: Template.fromStack(stack) };
  }

  describe('EDGE-9 DomainZone', () => {
    test('without a hostedZoneId, a zone is created with its comment, and retained', () => {
      build({ name: 'example.com', comment: 'prod: example.com' }).t.hasResource('AWS::Route53::HostedZone', {
        Properties: { Name: 'example.com.', HostedZoneConfig: { Comment: 'prod: example.com' } },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    test('a domain with a hostedZoneId is imported by id, never created or looked up', () => {
      const { domain, t } = build({ name: 'test.example.net', hostedZoneId: 'Z0EXAMPLE123456789ABC' });
      t.resourceCountIs('AWS::Route53::HostedZone', 0);
      expect(domain.zone.hostedZoneId).toBe('Z0EXAMPLE123456789ABC');
      expect(domain.zone.zoneName).toBe('test.example.net');
    });
  });

  describe('EDGE-3 DomainZone CAA record', () => {
    test('only the Amazon CAs, at the apex, for an hour', () => {
      build({ name: 'example.com' }).t.hasResourceProperties('AWS::Route53::RecordSet', {
        Type: 'CAA',
        Name: 'example.com.',
        TTL: '3600',
        ResourceRecords: AMAZON_ONLY,
      });
    });

    test('an iodef address, when configured, is added to the CAA record', () => {
      for (const hostedZoneId of [undefined, 'Z0EXAMPLE123456789ABC']) {
        build({ name: 'example.com', hostedZoneId, caaIodefEmail: 'caa@example.com' }).t.hasResourceProperties(
          'AWS::Route53::RecordSet',
          {
            Type: 'CAA',
            HostedZoneId: Match.anyValue(),
            ResourceRecords: [...AMAZON_ONLY, '0 iodef "mailto:caa@example.com"'],
          },
        );
      }
    });

    test('PROOF-1 no cdk-nag finding', () => {
      expect(nagFindings(build({ name: 'example.com' }).stack)).toEqual([]);
    });
  });
});

describe('EdgeDistribution', () => {
  /** A distribution for example.com and example.org in `stack`, with stand-ins for what other constructs provide. */
  function distribution(stack: Stack, more: Partial<EdgeDistributionProps> = {}): EdgeDistribution {
    const zone = (name: string) => new route53.PublicHostedZone(stack, `${name}-Zone`, { zoneName: name });
    return new EdgeDistribution(stack, 'Site', {
      domains: [
        { name: 'example.com', zone: zone('example.com') },
        { name: 'example.org', zone: zone('example.org') },
      ],
      comment: 'test',
      loadBalancer: elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
        loadBalancerArn: `arn:aws:elasticloadbalancing:${TEST_ENV.region}:${TEST_ENV.account}:loadbalancer/app/alb/0123456789abcdef`,
        securityGroupId: 'sg-0123456789abcdef0',
        loadBalancerDnsName: 'internal-alb-0123.eu-west-3.elb.amazonaws.com',
      }),
      originDomainName: 'origin.example.com',
      webAclArn: `arn:aws:wafv2:${EDGE_REGION}:${TEST_ENV.account}:global/webacl/acl/0123`,
      headersPolicy: cloudfront.ResponseHeadersPolicy.fromResponseHeadersPolicyId(stack, 'Headers', 'headers-id'),
      logBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'access-logs'),
      ...more,
    });
  }

  const edgeStack = () => testStack('Edge', { account: TEST_ENV.account, region: EDGE_REGION });

  function distributionConfig(more: Partial<EdgeDistributionProps> = {}): Record<string, any> {
    const stack = edgeStack();
    distribution(stack, more);
    const t = Template.fromStack(stack);
    return Object.values(t.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
  }

  describe('EDGE-4 EDGE-7 every behavior has the headers policy and the cookie function', () => {
    test('by default only /assets/* is cached', () => {
      expect(distributionConfig().CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual([
        '/assets/*',
      ]);
    });

    test('with more cached paths configured, every behavior still has both', () => {
      const d = distributionConfig({ cachedPathPatterns: ['/assets/*', '/img/*', '/favicon.ico'] });
      expect(d.CacheBehaviors).toHaveLength(3);
      for (const b of [d.DefaultCacheBehavior, ...d.CacheBehaviors]) {
        expect(b.ResponseHeadersPolicyId).toBe('headers-id');
        expect(b.FunctionAssociations).toEqual([expect.objectContaining({ EventType: 'viewer-response' })]);
        expect(b.ViewerProtocolPolicy).toBe('redirect-to-https');
      }
    });

    test('with no cached path, the default behavior alone, uncached, still has both', () => {
      const d = distributionConfig({ cachedPathPatterns: [] });
      expect(d.CacheBehaviors).toBeUndefined();
      expect(d.DefaultCacheBehavior).toMatchObject({
        ResponseHeadersPolicyId: 'headers-id',
        ViewerProtocolPolicy: 'redirect-to-https',
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // CachingDisabled
      });
    });
  });

  describe('EDGE-9 EDGE-3 every domain', () => {
    test("apex and www of each domain are aliased in that domain's zone", () => {
      const stack = edgeStack();
      distribution(stack);
      const t = Template.fromStack(stack);
      const zoneOf = Object.fromEntries(
        Object.values(t.findResources('AWS::Route53::RecordSet')).map((r) => [
          `${r.Properties.Name} ${r.Properties.Type}`,
          r.Properties.HostedZoneId.Ref,
        ]),
      );
      for (const domain of ['example.com', 'example.org']) {
        const zone = expect.stringMatching(new RegExp(`^${domain.replace('.', '')}Zone`));
        for (const name of [`${domain}.`, `www.${domain}.`])
          expect([zoneOf[`${name} A`], zoneOf[`${name} AAAA`]]).toEqual([zone, zone]);
      }
    });

    test('a distribution without a domain is refused', () => {
      expect(() => distribution(edgeStack(), { domains: [] })).toThrow(
        /Edge\/Site: a distribution needs at least one domain/,
      );
    });

    test('outside us-east-1 it is refused: CloudFront reads viewer certificates from there only', () => {
      expect(() => distribution(testStack())).toThrow(/reads viewer certificates from us-east-1 only, not eu-west-3/);
    });
  });
});

describe('SecurityHeaders', () => {
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
});

describe('WebAcl', () => {
  /** An ACL with the default rules, in the region its scope requires. */
  function build(scope: 'CLOUDFRONT' | 'REGIONAL', more: Partial<EdgeWebAclProps> = {}) {
    const stack = testStack(`Acl${scope}`, {
      account: TEST_ENV.account,
      region: scope === 'CLOUDFRONT' ? EDGE_REGION : TEST_ENV.region,
    });
    const acl = new EdgeWebAcl(stack, 'Waf', { scope, stageName: 'prod', ...more });
    return { stack, acl, t: Template.fromStack(stack) };
  }

  const cf = build('CLOUDFRONT');
  const regional = build('REGIONAL');

  type Json = Record<string, any>;

  function rule(t: Template, name: string): Json {
    const acl = Object.values(t.findResources('AWS::WAFv2::WebACL'))[0];
    const found = acl.Properties.Rules.find((r: { Name: string }) => r.Name === name);
    if (!found) throw new Error(`no rule ${name}`);
    return found;
  }

  describe('EDGE-8 managed rule groups', () => {
    test.each([
      ['AWSManagedRulesCommonRuleSet'],
      ['AWSManagedRulesKnownBadInputsRuleSet'],
      ['AWSManagedRulesSQLiRuleSet'],
      ['AWSManagedRulesAmazonIpReputationList'],
      ['AWSManagedRulesAnonymousIpList'],
    ])('%s is applied in both scopes, not overridden to count', (name) => {
      for (const { t } of [cf, regional]) {
        const r = rule(t, name);
        expect(r.Statement.ManagedRuleGroupStatement).toMatchObject({ VendorName: 'AWS', Name: name });
        expect(r.OverrideAction).toEqual({ None: {} });
      }
    });

    test('only the hosting-provider list is counted instead of blocked', () => {
      expect(
        rule(cf.t, 'AWSManagedRulesAnonymousIpList').Statement.ManagedRuleGroupStatement.RuleActionOverrides,
      ).toEqual([{ Name: 'HostingProviderIPList', ActionToUse: { Count: {} } }]);
    });

    test('the ACL allows by default and uses the shared metric names', () => {
      cf.t.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'CLOUDFRONT',
        DefaultAction: { Allow: {} },
        VisibilityConfig: Match.objectLike({ MetricName: WAF_METRICS.cloudFrontAcl, CloudWatchMetricsEnabled: true }),
      });
      regional.t.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'REGIONAL',
        VisibilityConfig: Match.objectLike({ MetricName: WAF_METRICS.regionalAcl }),
      });
    });

    test('DET-2 the SQL injection group publishes the metric the alarm reads', () => {
      expect(rule(cf.t, 'AWSManagedRulesSQLiRuleSet').VisibilityConfig.MetricName).toBe(WAF_METRICS.sqliRule);
      expect(rule(regional.t, 'AWSManagedRulesSQLiRuleSet').VisibilityConfig.MetricName).toBe(WAF_METRICS.sqliRule);
    });

    test('rule priorities are unique', () => {
      const acl = Object.values(cf.t.findResources('AWS::WAFv2::WebACL'))[0];
      const priorities = acl.Properties.Rules.map((r: { Priority: number }) => r.Priority);
      expect(new Set(priorities).size).toBe(priorities.length);
    });

    test('a CLOUDFRONT ACL outside us-east-1 is refused: CloudFront reads web ACLs from there only', () => {
      const stack = testStack('Elsewhere');
      expect(() => new EdgeWebAcl(stack, 'Waf', { scope: 'CLOUDFRONT', stageName: 'prod' })).toThrow(
        /Elsewhere\/Waf: a CLOUDFRONT web ACL must be created in us-east-1, not eu-west-3/,
      );
    });
  });

  describe('EDGE-6 login brute-force protection', () => {
    test('a per-IP rate rule on login and password reset blocks with 429', () => {
      const r = rule(cf.t, 'LoginRateLimit');
      expect(r.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
      const rate = r.Statement.RateBasedStatement;
      expect(rate).toMatchObject({ Limit: 100, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
      const paths = rate.ScopeDownStatement.OrStatement.Statements.map((s: Json) => s.ByteMatchStatement);
      expect(paths.map((p: Json) => p.SearchString)).toEqual(['/login', '/password/reset']);
      for (const p of paths) {
        expect(p).toMatchObject({
          FieldToMatch: { UriPath: {} },
          PositionalConstraint: 'STARTS_WITH',
          TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
        });
      }
    });

    test('account takeover prevention reads the login form and, on CloudFront, the response codes', () => {
      const group = rule(cf.t, 'AWSManagedRulesATPRuleSet').Statement.ManagedRuleGroupStatement;
      expect(group.ScopeDownStatement.ByteMatchStatement.SearchString).toBe('/login');
      expect(group.ManagedRuleGroupConfigs).toEqual([
        {
          AWSManagedRulesATPRuleSet: {
            LoginPath: '/login',
            RequestInspection: {
              PayloadType: 'FORM_ENCODED',
              UsernameField: { Identifier: 'username' },
              PasswordField: { Identifier: 'password' },
            },
            ResponseInspection: { StatusCode: { SuccessCodes: [302, 303], FailureCodes: [401, 403] } },
          },
        },
      ]);
      expect(rule(cf.t, 'AWSManagedRulesATPRuleSet').OverrideAction).toEqual({ None: {} });
    });

    test('the login form, limits and response codes come from the props', () => {
      const { t } = build('CLOUDFRONT', {
        loginPath: '/Sign-In',
        passwordResetPaths: ['/forgot'],
        loginPayloadType: 'JSON',
        loginUsernameField: '/email',
        loginPasswordField: '/secret',
        loginSuccessStatusCodes: [200],
        loginFailureStatusCodes: [401],
        loginRateLimit: 50,
      });
      const rate = rule(t, 'LoginRateLimit').Statement.RateBasedStatement;
      expect(rate.Limit).toBe(50);
      expect(
        rate.ScopeDownStatement.OrStatement.Statements.map((s: Json) => s.ByteMatchStatement.SearchString),
      ).toEqual(['/sign-in', '/forgot']);
      expect(rule(t, 'AWSManagedRulesATPRuleSet').Statement.ManagedRuleGroupStatement.ManagedRuleGroupConfigs).toEqual([
        {
          AWSManagedRulesATPRuleSet: {
            LoginPath: '/Sign-In',
            RequestInspection: {
              PayloadType: 'JSON',
              UsernameField: { Identifier: '/email' },
              PasswordField: { Identifier: '/secret' },
            },
            ResponseInspection: { StatusCode: { SuccessCodes: [200], FailureCodes: [401] } },
          },
        },
      ]);
    });

    test('a REGIONAL ACL has no response inspection (CloudFront only)', () => {
      const config = rule(regional.t, 'AWSManagedRulesATPRuleSet').Statement.ManagedRuleGroupStatement
        .ManagedRuleGroupConfigs[0];
      expect(config.AWSManagedRulesATPRuleSet.ResponseInspection).toBeUndefined();
      expect(config.AWSManagedRulesATPRuleSet.RequestInspection).toBeDefined();
    });

    test('an ACL behind a proxy can leave account takeover prevention to the ACL in front (it counts connection addresses only)', () => {
      const { t, acl } = build('REGIONAL', { forwardedIpHeader: 'X-Forwarded-For', accountTakeoverPrevention: false });
      expect(() => rule(t, 'AWSManagedRulesATPRuleSet')).toThrow(/no rule/);
      expect(rule(t, 'LoginRateLimit')).toBeDefined();
      // neither the group nor its scope-down statement is counted
      expect(acl.capacity).toBe(regional.acl.capacity - MANAGED_GROUP_WCU.AWSManagedRulesATPRuleSet - 12);
    });

    test('behind CloudFront, rate rules can aggregate on a forwarded address header', () => {
      const { t } = build('REGIONAL', { forwardedIpHeader: 'X-Forwarded-For' });
      expect(rule(t, 'LoginRateLimit').Statement.RateBasedStatement).toMatchObject({
        AggregateKeyType: 'FORWARDED_IP',
        ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' },
      });
    });
  });

  describe('MAIL-3 mail-sending paths are rate-limited per IP', () => {
    test('the mail rule covers every configured path with its own limit', () => {
      const rate = rule(cf.t, 'MailRateLimit').Statement.RateBasedStatement;
      expect(rate).toMatchObject({ Limit: 20, AggregateKeyType: 'IP' });
      expect(
        rate.ScopeDownStatement.OrStatement.Statements.map((s: Json) => s.ByteMatchStatement.SearchString),
      ).toEqual(['/password/reset', '/api/invitations']);
    });

    test('a single mail path and another limit', () => {
      const { t } = build('CLOUDFRONT', { mailSendingPaths: ['/invite'], mailRateLimit: 10 });
      expect(rule(t, 'MailRateLimit').Statement.RateBasedStatement).toMatchObject({
        Limit: 10,
        ScopeDownStatement: { ByteMatchStatement: { SearchString: '/invite' } },
      });
    });
  });

  describe('EDGE-8 WCU budget', () => {
    test('the computed capacity is under the budget and counts every managed group', () => {
      const managed = Object.values(MANAGED_GROUP_WCU).reduce((a, b) => a + b, 0);
      // login + reset (2 paths), mail (2 paths), ATP scope-down (1 path): 12 WCU per lower-cased path, 2 per rate rule
      expect(cf.acl.capacity).toBe(managed + 2 * 2 + 5 * 12);
      expect(cf.acl.capacity).toBeLessThanOrEqual(WCU_BUDGET);
    });

    test('a configuration that would exceed the budget is refused at synth', () => {
      const many = Array.from({ length: 30 }, (_, i) => `/mail/${i}`);
      expect(() => build('CLOUDFRONT', { mailSendingPaths: many })).toThrow(/over the 1500 budget.*mailSendingPaths/);
    });
  });

  describe('EDGE-8 WAF logging', () => {
    test('logs go to an aws-waf-logs- group, KMS-encrypted, retained, with the configured retention', () => {
      cf.t.hasResource('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: 'aws-waf-logs-prod-cloudfront', KmsKeyId: Match.anyValue(), RetentionInDays: 365 },
        DeletionPolicy: 'Retain',
      });
      build('REGIONAL', { stageName: 'test', wafLogRetentionDays: 90 }).t.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: 'aws-waf-logs-test-regional',
        RetentionInDays: 90,
      });
    });

    test('authorization, cookie and API-key headers and the query string are redacted', () => {
      cf.t.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
        // The group ARN without the `:*` suffix of LogGroup.logGroupArn, as cdk.json's partition context writes it.
        LogDestinationConfigs: ['arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-prod-cloudfront'],
        RedactedFields: [
          { SingleHeader: { Name: 'authorization' } },
          { SingleHeader: { Name: 'cookie' } },
          { SingleHeader: { Name: 'x-api-key' } },
          { QueryString: {} },
        ],
      });
    });

    test('PROOF-4 the log key admits CloudWatch Logs for the WAF log group only, and rotates', () => {
      cf.t.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'AllowCloudWatchLogs',
              Principal: { Service: 'logs.us-east-1.amazonaws.com' },
              Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
            }),
          ]),
        },
      });
      const key = Object.values(cf.t.findResources('AWS::KMS::Key'))[0];
      const stmt = key.Properties.KeyPolicy.Statement.find((s: Json) => s.Sid === 'AllowCloudWatchLogs');
      expect(JSON.stringify(stmt.Condition)).toContain('log-group:aws-waf-logs-prod-cloudfront');
    });
  });

  test('PROOF-1 the ACL construct alone has no cdk-nag findings', () => {
    expect(nagFindings(cf.stack)).toEqual([]);
    expect(nagFindings(regional.stack)).toEqual([]);
  });
});
