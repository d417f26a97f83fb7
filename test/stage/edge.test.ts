import { Match } from 'aws-cdk-lib/assertions';
import { COOKIE_EDGE_RUNTIME, cookieEdgeCode } from '../../lib/constructs/edge/cookie-hardening';
import { pathVariants, rateAggregationKey, statementMatches } from '../../lib/core/waf-match';
import { HSTS_MAX_AGE_SECONDS } from '../../lib/defaults/constants';
import { DEFAULT_CSP, DEFAULT_PERMISSIONS_POLICY } from '../../lib/defaults/edge';
import {
  exampleStage,
  hasStack,
  INTERNAL,
  logicalIds,
  normalizedTemplate,
  openNagFindings,
  stackOf,
  templateOf,
} from './example-stage';

// The Edge stack of the public example stage, as `cdk synth` builds it.
const t = templateOf('Edge');
const dist = () => Object.values(t.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
const behaviors = () => [dist().DefaultCacheBehavior, ...(dist().CacheBehaviors ?? [])];
const headersConfig = () =>
  Object.values(t.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0].Properties.ResponseHeadersPolicyConfig;
const HOSTS = ['example.com', 'www.example.com', 'example.org', 'www.example.org'];
const COOKIE_FUNCTION_NAME = 'prod-Edge-cookie-hardening';

test('EDGE-3 EDGE-8 the edge stack deploys to us-east-1, where CloudFront reads certificates and web ACLs', () => {
  expect(stackOf('Edge').region).toBe('us-east-1');
});

test('ORG-2 the internal example has no edge stack', () => {
  expect(hasStack('Edge', INTERNAL)).toBe(false);
});

describe('EDGE-3 EDGE-9 certificate', () => {
  test('one certificate covers apex and www of every domain, DNS-validated in each zone, CT-logged', () => {
    t.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    const cert = Object.values(t.findResources('AWS::CertificateManager::Certificate'))[0].Properties;
    expect([cert.DomainName, ...cert.SubjectAlternativeNames]).toEqual(HOSTS);
    expect(cert.ValidationMethod).toBe('DNS');
    expect(cert.CertificateTransparencyLoggingPreference).toBe('ENABLED');
    const zones = Object.fromEntries(
      cert.DomainValidationOptions.map((o: { DomainName: string; HostedZoneId: unknown }) => [
        o.DomainName,
        JSON.stringify(o.HostedZoneId),
      ]),
    );
    expect(Object.keys(zones)).toEqual(HOSTS);
    expect(zones['example.com']).toBe(zones['www.example.com']);
    expect(zones['example.org']).toBe(zones['www.example.org']);
    expect(zones['example.com']).not.toBe(zones['example.org']);
  });
});

describe('EDGE-9 one distribution serves every domain', () => {
  test('aliases are the apex and www of every domain, with the certificate', () => {
    expect(dist().Aliases).toEqual(HOSTS);
    expect(dist().ViewerCertificate.AcmCertificateArn).toEqual({ Ref: expect.stringMatching(/^SiteCertificate/) });
  });

  test('apex and www of every domain have A and AAAA aliases to the distribution in their zone', () => {
    const records = Object.values(t.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties);
    for (const host of HOSTS) {
      for (const type of ['A', 'AAAA']) {
        const r = records.find((x) => x.Name === `${host}.` && x.Type === type);
        expect(r?.AliasTarget.DNSName).toEqual({
          'Fn::GetAtt': [expect.stringMatching(/^SiteDistribution/), 'DomainName'],
        });
        expect(JSON.stringify(r?.AliasTarget.HostedZoneId)).toContain('AWSCloudFrontPartitionHostedZoneIdMap');
      }
    }
    expect(records).toHaveLength(8);
  });

  test("the records of each domain go into that domain's zone of the Dns stack", () => {
    const records = Object.values(t.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties);
    for (const r of records) {
      const domain = (r.Name as string).replace(/^www\./, '').replace(/\.$/, '');
      expect(r.HostedZoneId).toEqual({
        'Fn::GetStackOutput': {
          StackName: 'prod-Dns',
          Region: 'us-east-1',
          OutputName: expect.stringMatching(new RegExp(`^PublishOutputRef${domain.replace(/\./g, '')}Zone`)),
        },
      });
    }
  });
});

describe('EDGE-1 HTTPS everywhere', () => {
  test('every behavior redirects HTTP to HTTPS', () => {
    expect(behaviors().length).toBeGreaterThanOrEqual(2);
    for (const b of behaviors()) expect(b.ViewerProtocolPolicy).toBe('redirect-to-https');
  });

  test('EDGE-5 the origin is the internal load balancer through a VPC origin, HTTPS only, TLS 1.2 only', () => {
    t.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
      VpcOriginEndpointConfig: Match.objectLike({
        OriginProtocolPolicy: 'https-only',
        OriginSSLProtocols: ['TLSv1.2'],
        HTTPSPort: 443,
      }),
    });
    const origins = dist().Origins;
    expect(origins).toHaveLength(1);
    expect(origins[0].DomainName).toBe('origin.example.com');
    expect(origins[0].VpcOriginConfig.VpcOriginId).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/VpcOrigin/), 'Id'],
    });
    expect(origins[0].CustomOriginConfig).toBeUndefined();
  });

  test('the viewer Host header is not forwarded, so CloudFront validates the origin certificate against origin.<first domain>', () => {
    for (const b of behaviors()) expect(b.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
  });
});

describe('EDGE-2 viewer TLS', () => {
  test('TLS 1.2+ with the 2025 policy, SNI only, HTTP/2 and HTTP/3, IPv6', () => {
    expect(dist().ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2025',
      SslSupportMethod: 'sni-only',
    });
    expect(dist().HttpVersion).toBe('http2and3');
    expect(dist().IPV6Enabled).toBe(true);
  });
});

describe('EDGE-4 response headers policy, header by header', () => {
  const sec = () => headersConfig().SecurityHeadersConfig;
  test('HSTS: two years, includeSubDomains, preload, override', () => {
    expect(HSTS_MAX_AGE_SECONDS).toBe(63_072_000);
    expect(sec().StrictTransportSecurity).toEqual({
      AccessControlMaxAgeSec: 63_072_000,
      IncludeSubdomains: true,
      Preload: true,
      Override: true,
    });
  });
  test('Content-Security-Policy from config, strict by default, override', () => {
    expect(sec().ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: DEFAULT_CSP, Override: true });
    expect(DEFAULT_CSP).not.toMatch(/unsafe-/);
    expect(DEFAULT_CSP).toMatch(/default-src 'self'/);
    expect(DEFAULT_CSP).toMatch(/frame-ancestors 'none'/);
    expect(DEFAULT_CSP).toMatch(/object-src 'none'/);
  });
  test('X-Frame-Options: DENY, override', () => {
    expect(sec().FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
  });
  test('X-Content-Type-Options: nosniff, override', () => {
    expect(sec().ContentTypeOptions).toEqual({ Override: true });
  });
  test('Referrer-Policy: strict-origin-when-cross-origin, override', () => {
    expect(sec().ReferrerPolicy).toEqual({ ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true });
  });
  test('X-XSS-Protection: 0 by default, override', () => {
    expect(sec().XSSProtection).toEqual({ Protection: false, Override: true });
  });
  test('Permissions-Policy as a custom header, override; no Expect-CT by default', () => {
    expect(headersConfig().CustomHeadersConfig.Items).toEqual([
      { Header: 'Permissions-Policy', Value: DEFAULT_PERMISSIONS_POLICY, Override: true },
    ]);
  });
  test('Server and X-Powered-By are removed', () => {
    expect(headersConfig().RemoveHeadersConfig.Items).toEqual([{ Header: 'Server' }, { Header: 'X-Powered-By' }]);
  });
});

describe('EDGE-4 EDGE-7 every behavior has the headers policy and the cookie function', () => {
  const cookieFunction = () =>
    Object.entries(t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: COOKIE_FUNCTION_NAME } }));

  test('default and additional behaviors alike: the headers policy, the cookie function on origin response', () => {
    const policy = Object.keys(t.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0];
    const [[fnId]] = cookieFunction();
    const versions = Object.entries(t.findResources('AWS::Lambda::Version')).filter(
      ([, v]) => v.Properties.FunctionName.Ref === fnId,
    );
    expect(versions).toHaveLength(1);
    expect(dist().CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual(['/assets/*']);
    for (const b of behaviors()) {
      expect(b.ResponseHeadersPolicyId).toEqual({ Ref: policy });
      expect(b.LambdaFunctionAssociations).toEqual([
        { EventType: 'origin-response', LambdaFunctionARN: { Ref: versions[0][0] } },
      ]);
      // No viewer-response function: it would skip 400 and above, and cached responses keep the hardened headers.
      expect(b.FunctionAssociations).toBeUndefined();
    }
    t.resourceCountIs('AWS::CloudFront::Function', 0);
  });

  test('EDGE-7 the function: a current Node.js runtime, the unit-tested code with the stage settings, no environment', () => {
    const [[, fn]] = cookieFunction();
    expect(fn.Properties).toMatchObject({
      Runtime: COOKIE_EDGE_RUNTIME.name,
      Handler: 'index.handler',
      Architectures: ['x86_64'],
      Code: { ZipFile: cookieEdgeCode({ allowSameSiteNone: false }) },
    });
    expect(fn.Properties.Environment).toBeUndefined(); // Lambda@Edge refuses environment variables
  });

  test('EDGE-7 ORG-1 its role: assumed by Lambda and Lambda@Edge, may write its own log groups only', () => {
    const [[, fn]] = cookieFunction();
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const role = t.toJSON().Resources[roleId];
    const trusted = role.Properties.AssumeRolePolicyDocument.Statement.flatMap((s: any) =>
      [s.Principal.Service].flat(),
    );
    expect(new Set(trusted)).toEqual(new Set(['lambda.amazonaws.com', 'edgelambda.amazonaws.com']));
    expect(role.Properties.Policies).toBeUndefined();
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const attached = (type: string) =>
      Object.values(t.findResources(type)).filter((p) =>
        (p.Properties.Roles ?? []).some((r: { Ref: string }) => r.Ref === roleId),
      );
    expect(attached('AWS::IAM::Policy')).toEqual([]);
    const policies = attached('AWS::IAM::ManagedPolicy');
    expect(policies).toHaveLength(1);
    const group = `arn:aws:logs:*:111122223333:log-group:/aws/lambda/us-east-1.${COOKIE_FUNCTION_NAME}`;
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: group },
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${group}:log-stream:*` },
    ]);
  });

  test('EDGE-7 DET-4 its us-east-1 log group: the name Lambda@Edge writes to, KMS-encrypted, 365 days, retained', () => {
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: `/aws/lambda/us-east-1.${COOKIE_FUNCTION_NAME}`,
        KmsKeyId: Match.anyValue(),
        RetentionInDays: 365,
      },
      DeletionPolicy: 'Retain',
    });
  });
});

describe('EDGE-8 EDGE-6 the CLOUDFRONT web ACL is attached', () => {
  test('the distribution uses the ACL of this stack', () => {
    expect(dist().WebACLId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WafWebAcl/), 'Arn'] });
    t.resourceCountIs('AWS::WAFv2::WebACL', 1);
    t.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
  });

  test('the ACL inspects login responses (ATP response inspection)', () => {
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'AWSManagedRulesATPRuleSet',
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              ManagedRuleGroupConfigs: [
                { AWSManagedRulesATPRuleSet: Match.objectLike({ ResponseInspection: Match.anyValue() }) },
              ],
            }),
          },
        }),
      ]),
    });
  });
});

describe('EDGE-10 the CLOUDFRONT ACL counts the connection address, and every spelling of the paths', () => {
  const e = exampleStage().config.edge;
  const rate = (name: string) =>
    Object.values(t.findResources('AWS::WAFv2::WebACL'))[0].Properties.Rules.find((r: any) => r.Name === name).Statement
      .RateBasedStatement;
  const counted = (name: string, target: string) => statementMatches(rate(name).ScopeDownStatement, { target });

  test("a request naming a club in X-Forwarded-For is counted under its own address, never the club's", () => {
    const club = { target: e.loginPath, sourceIp: '203.0.113.7' };
    const forged = { target: e.loginPath, sourceIp: '198.51.100.66', headers: { 'X-Forwarded-For': '203.0.113.7' } };
    for (const name of ['LoginRateLimit', 'MailRateLimit'])
      expect(rateAggregationKey(rate(name), forged)).not.toBe(rateAggregationKey(rate(name), club));
  });

  test.each([
    ...[e.loginPath, ...e.passwordResetPaths].map((p) => [p, 'LoginRateLimit']),
    ...e.mailSendingPaths.map((p) => [p, 'MailRateLimit']),
  ])('%s, however spelled, counts in %s', (path, name) => {
    for (const variant of [path, ...pathVariants(path)])
      expect([variant, counted(name, variant)]).toEqual([variant, true]);
  });

  test('near misses are not counted', () => {
    for (const miss of ['/logout', '/static/login', '/api/invitation'])
      expect(counted('LoginRateLimit', miss)).toBe(false);
    expect(counted('MailRateLimit', '/api/invitation')).toBe(false);
  });
});

describe('EDGE-1 DET-4 access logs', () => {
  test('standard logs go to the log bucket without cookies', () => {
    expect(dist().Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^AccessLogsBucket/), 'RegionalDomainName'] },
      IncludeCookies: false,
      Prefix: 'cloudfront/',
    });
  });

  test('the bucket is private, versioned, KMS-encrypted, retained, with a lifecycle from config', () => {
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
          ],
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              Id: 'Expire',
              ExpirationInDays: 365,
              Status: 'Enabled',
              NoncurrentVersionExpiration: { NoncurrentDays: 365 },
            }),
          ],
        },
      }),
      DeletionPolicy: 'Retain',
    });
  });

  test('the bucket refuses plain HTTP and TLS below 1.2', () => {
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('PROOF-4 the log key lets CloudFront log delivery generate data keys and, for the S3 Bucket Key, decrypt; it rotates', () => {
    // CloudFront developer guide, standard logging: with an S3 Bucket Key the statement needs kms:Decrypt too.
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }),
          }),
        ],
      },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudFrontLogDelivery',
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });
});

describe('PROOF-1 cdk-nag', () => {
  test('no open findings in the edge stack', () => {
    expect(openNagFindings(undefined, 'Edge')).toEqual([]);
  });

  test('every acknowledgment names its rule and a reason', () => {
    const resources = Object.values(t.toJSON().Resources as Record<string, { Metadata?: Record<string, any> }>);
    const acks: Array<{ id: string; reason: string }> = resources.flatMap(
      (r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? [],
    );
    const edgeLogs = 'arn:aws:logs:*:111122223333:log-group:/aws/lambda/us-east-1.prod-Edge-cookie-hardening';
    expect(acks.map((a) => a.id).sort()).toEqual([
      'AwsSolutions-CFR1',
      `AwsSolutions-IAM5[Resource::${edgeLogs}:log-stream:*]`,
      `AwsSolutions-IAM5[Resource::${edgeLogs}]`,
      'AwsSolutions-S1',
      // EDGE-7: what Lambda@Edge rules out (VPC, DLQ) or makes harmful (a concurrency cap on every response).
      'HIPAA.Security-LambdaConcurrency',
      'HIPAA.Security-LambdaDLQ',
      'HIPAA.Security-LambdaInsideVPC',
      'HIPAA.Security-S3BucketLoggingEnabled',
      'HIPAA.Security-S3BucketReplicationEnabled',
      'NIST.800.53.R5-LambdaConcurrency',
      'NIST.800.53.R5-LambdaDLQ',
      'NIST.800.53.R5-LambdaInsideVPC',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'PCI.DSS.321-LambdaConcurrency',
      'PCI.DSS.321-LambdaDLQ',
      'PCI.DSS.321-LambdaInsideVPC',
      'PCI.DSS.321-S3BucketLoggingEnabled',
      'PCI.DSS.321-S3BucketReplicationEnabled',
    ]);
    for (const a of acks) expect(a.reason.length).toBeGreaterThan(40);
  });
});

test('DB-6 BKP-6 PROOF-3 stateful logical IDs never change', () => {
  expect(
    logicalIds('Edge', [
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
      'AWS::S3::Bucket',
      'AWS::CloudFront::Distribution',
      'AWS::CertificateManager::Certificate',
      'AWS::WAFv2::WebACL',
    ]),
  ).toMatchSnapshot();
});

test('PROOF-3 template snapshot', () => {
  expect(normalizedTemplate('Edge')).toMatchSnapshot();
});
