// Construct tests of lib/constructs/edge/, one describe per construct, each test on a fresh stack.
// One file per concern: jest loads aws-cdk-lib once per test file, about half a second of every file.

import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CloudFrontLogBucket } from '../../lib/constructs/edge/cloudfront-log-bucket';
import {
  COOKIE_EDGE_RUNTIME,
  CookieHardeningFunction,
  cookieEdgeCode,
} from '../../lib/constructs/edge/cookie-hardening';
import { AMAZON_CAS, DomainZone, type DomainZoneProps } from '../../lib/constructs/edge/domain-zone';
import { EdgeDistribution, type EdgeDistributionProps } from '../../lib/constructs/edge/edge-distribution';
import { SecurityHeadersPolicy, type SecurityHeadersPolicyProps } from '../../lib/constructs/edge/security-headers';
import { WAF_METRICS } from '../../lib/constructs/edge/waf-metrics';
import { EdgeWebAcl, type EdgeWebAclProps, MANAGED_GROUP_WCU, WCU_BUDGET } from '../../lib/constructs/edge/web-acl';
import { pathVariants, statementMatches } from '../../lib/core/waf-match';
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

    test('with more cached paths configured, every behavior still has both, the function on origin response', () => {
      const d = distributionConfig({ cachedPathPatterns: ['/assets/*', '/img/*', '/favicon.ico'] });
      expect(d.CacheBehaviors).toHaveLength(3);
      for (const b of [d.DefaultCacheBehavior, ...d.CacheBehaviors]) {
        expect(b.ResponseHeadersPolicyId).toBe('headers-id');
        expect(b.LambdaFunctionAssociations).toEqual([
          { EventType: 'origin-response', LambdaFunctionARN: { Ref: expect.stringMatching(/CurrentVersion/) } },
        ]);
        expect(b.FunctionAssociations).toBeUndefined();
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
        LambdaFunctionAssociations: [expect.objectContaining({ EventType: 'origin-response' })],
      });
    });
  });

  describe('EDGE-7 the cookie function: Lambda@Edge on origin response', () => {
    /** The template of a distribution built with `more`, and the logical ID of its cookie function. */
    function built(more: Partial<EdgeDistributionProps> = {}) {
      const stack = edgeStack();
      distribution(stack, more);
      const t = Template.fromStack(stack);
      const [[fnId, fn]] = Object.entries(t.findResources('AWS::Lambda::Function'));
      return { t, fnId, fn: fn.Properties };
    }

    test('every behavior runs the published version of the one function, on origin response only', () => {
      const { t, fnId } = built({ cachedPathPatterns: ['/assets/*', '/img/*'] });
      const [versionId, version] = Object.entries(t.findResources('AWS::Lambda::Version'))[0];
      expect(version.Properties.FunctionName).toEqual({ Ref: fnId });
      expect(version.DeletionPolicy).toBe('Retain'); // replicated versions outlive their replacement
      const d = Object.values(t.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
      for (const b of [d.DefaultCacheBehavior, ...d.CacheBehaviors]) {
        expect(b.LambdaFunctionAssociations).toEqual([
          { EventType: 'origin-response', LambdaFunctionARN: { Ref: versionId } },
        ]);
      }
      t.resourceCountIs('AWS::CloudFront::Function', 0);
    });

    test('a current Node.js runtime, inline code with the settings baked in, no environment variables', () => {
      const { fn } = built();
      expect(fn).toMatchObject({
        FunctionName: 'Edge-cookie-hardening',
        Runtime: COOKIE_EDGE_RUNTIME.name,
        Handler: 'index.handler',
        Timeout: 5,
        Code: { ZipFile: cookieEdgeCode({ allowSameSiteNone: false }) },
      });
      expect(fn.Environment).toBeUndefined();
      expect(built({ allowSameSiteNone: true }).fn.Code.ZipFile).toBe(cookieEdgeCode({ allowSameSiteNone: true }));
    });

    test('ORG-1 its role: trusted by Lambda and Lambda@Edge; one managed policy, its own log groups, any region', () => {
      const { t, fn } = built();
      const roleId = fn.Role['Fn::GetAtt'][0];
      const role = t.toJSON().Resources[roleId].Properties;
      expect(role.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: ['edgelambda.amazonaws.com', 'lambda.amazonaws.com'] },
        },
      ]);
      expect(role.Policies).toBeUndefined();
      expect(role.ManagedPolicyArns).toBeUndefined();
      t.resourceCountIs('AWS::IAM::Policy', 0);
      const group = `arn:aws:logs:*:${TEST_ENV.account}:log-group:/aws/lambda/us-east-1.Edge-cookie-hardening`;
      t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: group },
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: `${group}:log-stream:*`,
            },
          ],
        },
      });
    });

    test('DET-4 PROOF-4 its us-east-1 log group: encrypted by a key admitting CloudWatch Logs for it alone', () => {
      const { t, fn } = built();
      const name = '/aws/lambda/us-east-1.Edge-cookie-hardening';
      const [[groupId, group]] = Object.entries(t.findResources('AWS::Logs::LogGroup'));
      expect(group).toMatchObject({
        Properties: {
          LogGroupName: name,
          RetentionInDays: 365,
          KmsKeyId: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
        },
        DeletionPolicy: 'Retain',
      });
      expect(fn.LoggingConfig).toEqual({ LogGroup: { Ref: groupId } });
      t.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'AllowCloudWatchLogs',
              Principal: { Service: 'logs.us-east-1.amazonaws.com' },
              Condition: {
                ArnEquals: {
                  'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:${TEST_ENV.account}:log-group:${name}`,
                },
              },
            }),
          ]),
        },
      });
    });

    test('PROOF-1 no open cdk-nag finding; what Lambda@Edge rules out is acknowledged on the function with its reason', () => {
      const stack = edgeStack();
      distribution(stack);
      expect(nagFindings(stack)).toEqual([]); // writes the acknowledgments into the template
      const [fn] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
      const fnAcks = fn.Metadata.cdk_nag.rules_to_suppress;
      expect(fnAcks.map((a: { id: string }) => a.id.replace(/^[^-]+-/, '')).sort()).toEqual(
        ['LambdaConcurrency', 'LambdaDLQ', 'LambdaInsideVPC'].flatMap((r) => [r, r, r]),
      );
      for (const a of fnAcks) expect(a.reason).toMatch(/Lambda@Edge|every origin response/);
    });

    test('outside us-east-1, or with a name Lambda refuses, the function is refused at synth', () => {
      expect(() => new CookieHardeningFunction(testStack(), 'Cookies')).toThrow(
        /Test\/Cookies: Lambda@Edge functions must be created in us-east-1, not eu-west-3/,
      );
      expect(() => new CookieHardeningFunction(edgeStack(), 'Cookies', { functionName: 'x'.repeat(65) })).toThrow(
        /must be 1 to 64 letters/,
      );
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
        expect(p).toMatchObject({ FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH' });
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

    test('an ACL behind a VPC origin leaves account takeover prevention to the ACL in front (it counts connection addresses only)', () => {
      const { t } = build('REGIONAL', { seesClientAddresses: false });
      expect(() => rule(t, 'AWSManagedRulesATPRuleSet')).toThrow(/no rule/);
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

  describe('EDGE-10 the limits count the real client, however the path is spelled', () => {
    const behindVpcOrigin = build('REGIONAL', { seesClientAddresses: false });
    const loginScopes = (t: Template): Json[] => [
      rule(t, 'LoginRateLimit').Statement.RateBasedStatement.ScopeDownStatement,
      rule(t, 'AWSManagedRulesATPRuleSet').Statement.ManagedRuleGroupStatement.ScopeDownStatement,
    ];
    const mailScope = (t: Template): Json => rule(t, 'MailRateLimit').Statement.RateBasedStatement.ScopeDownStatement;
    const counts = (scope: Json, target: string) => statementMatches(scope, { target });
    test.each(pathVariants('/login'))(
      '%s counts as /login in the login rate rule and the ATP scope-down',
      (variant) => {
        for (const { t } of [cf, regional])
          for (const scope of loginScopes(t)) expect(counts(scope, variant)).toBe(true);
      },
    );

    test.each([...pathVariants('/password/reset'), ...pathVariants('/api/invitations'), '/x/../API/Invitations'])(
      '%s counts in the mail rate rule',
      (variant) => {
        for (const { t } of [cf, regional]) expect(counts(mailScope(t), variant)).toBe(true);
      },
    );

    test.each(['/logout', '/log/in', '/api/login', '/static/login', '/%2Flogout'])(
      '%s is not counted as /login',
      (miss) => {
        for (const scope of loginScopes(cf.t)) expect(counts(scope, miss)).toBe(false);
      },
    );

    test('STARTS_WITH, as ATP matches its own login path: /loginx is counted too (EXACTLY would let /login/ and /login;jsessionid=1 pass)', () => {
      const [rate] = loginScopes(cf.t);
      for (const target of ['/loginx', '/login;jsessionid=1', '/login/step2']) expect(counts(rate, target)).toBe(true);
    });

    test('every path match decodes, then normalizes, then lowercases the path', () => {
      const statements = [cf.t, regional.t].flatMap((t) =>
        [...loginScopes(t), mailScope(t)].flatMap((s) => s.OrStatement?.Statements ?? [s]),
      );
      expect(statements.length).toBeGreaterThanOrEqual(10);
      for (const s of statements) {
        expect(s.ByteMatchStatement).toMatchObject({
          FieldToMatch: { UriPath: {} },
          PositionalConstraint: 'STARTS_WITH',
          TextTransformations: [
            { Priority: 0, Type: 'URL_DECODE' },
            { Priority: 1, Type: 'NORMALIZE_PATH_WIN' },
            { Priority: 2, Type: 'LOWERCASE' },
          ],
        });
      }
    });

    test('configured paths are written in the form the transformations produce, so /Sign-In/ still counts', () => {
      const { t } = build('CLOUDFRONT', { loginPath: '/Sign-In/', passwordResetPaths: ['/Forgot//Password'] });
      const [rate, atp] = loginScopes(t);
      for (const variant of [...pathVariants('/Sign-In'), '/sign-in', '/forgot/password', '/FORGOT/password/'])
        expect(counts(rate, variant)).toBe(true);
      for (const variant of pathVariants('/Sign-In')) expect(counts(atp, variant)).toBe(true);
    });

    test('a path that decodes to bytes that are not UTF-8 is refused: no search string could match it', () => {
      expect(() => build('CLOUDFRONT', { loginPath: '/%C3' })).toThrow(
        /Waf: path \/%C3 decodes to bytes that are not UTF-8/,
      );
    });

    test('no rule takes an address from a header, in any scope (X-Forwarded-For is client-written)', () => {
      for (const { t } of [cf, regional, behindVpcOrigin]) {
        expect(JSON.stringify(t.findResources('AWS::WAFv2::WebACL'))).not.toMatch(/ForwardedIP|FORWARDED_IP/);
      }
      for (const name of ['LoginRateLimit', 'MailRateLimit']) {
        for (const { t } of [cf, regional])
          expect(rule(t, name).Statement.RateBasedStatement.AggregateKeyType).toBe('IP');
      }
    });

    test('behind a VPC origin no rule keys on an address: no rate rule, no ATP, no IP lists; the content rules stay', () => {
      const acl = Object.values(behindVpcOrigin.t.findResources('AWS::WAFv2::WebACL'))[0];
      const names = acl.Properties.Rules.map((r: Json) => r.Name);
      expect(names).toEqual([
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'AWSManagedRulesSQLiRuleSet',
      ]);
      expect(behindVpcOrigin.acl.capacity).toBe(
        MANAGED_GROUP_WCU.AWSManagedRulesCommonRuleSet +
          MANAGED_GROUP_WCU.AWSManagedRulesKnownBadInputsRuleSet +
          MANAGED_GROUP_WCU.AWSManagedRulesSQLiRuleSet,
      );
      expect(nagFindings(behindVpcOrigin.stack)).toEqual([]);
    });

    test('an ACL that sees its clients keeps every address rule: IP lists, rate limits and ATP', () => {
      for (const { t } of [cf, regional]) {
        for (const name of [
          'AWSManagedRulesAmazonIpReputationList',
          'AWSManagedRulesAnonymousIpList',
          'LoginRateLimit',
          'MailRateLimit',
          'AWSManagedRulesATPRuleSet',
        ])
          expect(rule(t, name)).toBeDefined();
      }
    });
  });

  describe('EDGE-8 WCU budget', () => {
    test('the computed capacity is under the budget and counts every managed group', () => {
      const managed = Object.values(MANAGED_GROUP_WCU).reduce((a, b) => a + b, 0);
      // login + reset (2 paths), mail (2 paths), ATP scope-down (1 path): 2 WCU per path match and 10 per each of
      // its 3 transformations (EDGE-10), 2 per rate rule
      expect(cf.acl.capacity).toBe(managed + 2 * 2 + 5 * 32);
      expect(cf.acl.capacity).toBe(1389);
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
