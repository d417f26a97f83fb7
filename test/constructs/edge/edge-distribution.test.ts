import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EdgeDistribution, type EdgeDistributionProps } from '../../../lib/constructs/edge/edge-distribution';
import { EDGE_REGION } from '../../../lib/defaults/constants';
import { TEST_ENV, testStack } from '../../helpers';

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
