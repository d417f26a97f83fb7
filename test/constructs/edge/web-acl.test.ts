import { Match, Template } from 'aws-cdk-lib/assertions';
import { WAF_METRICS } from '../../../lib/constructs/edge/waf-metrics';
import { EdgeWebAcl, type EdgeWebAclProps, MANAGED_GROUP_WCU, WCU_BUDGET } from '../../../lib/constructs/edge/web-acl';
import { EDGE_REGION } from '../../../lib/defaults/constants';
import { nagFindings, TEST_ENV, testStack } from '../../helpers';

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
    expect(rate.ScopeDownStatement.OrStatement.Statements.map((s: Json) => s.ByteMatchStatement.SearchString)).toEqual([
      '/sign-in',
      '/forgot',
    ]);
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
    expect(rate.ScopeDownStatement.OrStatement.Statements.map((s: Json) => s.ByteMatchStatement.SearchString)).toEqual([
      '/password/reset',
      '/api/invitations',
    ]);
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
