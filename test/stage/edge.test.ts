import * as fs from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { COOKIE_FUNCTION_FILE } from '../../lib/constructs/edge/edge-distribution';
import { HSTS_MAX_AGE_SECONDS } from '../../lib/defaults/constants';
import { DEFAULT_CSP, DEFAULT_PERMISSIONS_POLICY } from '../../lib/defaults/edge';
import {
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
  test('default and additional behaviors alike', () => {
    const policy = Object.keys(t.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0];
    const fn = Object.keys(t.findResources('AWS::CloudFront::Function'))[0];
    expect(dist().CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual(['/assets/*']);
    for (const b of behaviors()) {
      expect(b.ResponseHeadersPolicyId).toEqual({ Ref: policy });
      expect(b.FunctionAssociations).toEqual([
        { EventType: 'viewer-response', FunctionARN: { 'Fn::GetAtt': [fn, 'FunctionARN'] } },
      ]);
    }
  });

  test('EDGE-7 the function runs cloudfront-js-2.0 and its code is the unit-tested file', () => {
    t.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
      FunctionCode: fs.readFileSync(COOKIE_FUNCTION_FILE, 'utf8'),
      AutoPublish: true,
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
    expect(acks.map((a) => a.id).sort()).toEqual([
      'AwsSolutions-CFR1',
      'AwsSolutions-S1',
      'HIPAA.Security-S3BucketLoggingEnabled',
      'HIPAA.Security-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
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
