import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ALB_SSL_POLICY, InternalLoadBalancer } from '../../../lib/constructs/app/internal-load-balancer';
import { LogBucket } from '../../../lib/constructs/app/log-bucket';
import { HSTS_HEADER_VALUE } from '../../../lib/defaults/constants';
import { testStack } from '../../helpers';

const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; object-src 'none'";

/** GIVEN an internal load balancer in a /16 VPC, with the given CSP. */
function build(contentSecurityPolicy = STRICT_CSP): Template {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-3a', 'eu-west-3b'],
    ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'),
  });
  const certificate = acm.Certificate.fromCertificateArn(
    stack,
    'Cert',
    'arn:aws:acm:eu-west-3:111122223333:certificate/abc',
  );
  const logs = new LogBucket(stack, 'Logs', { retentionDays: 30 });
  const lb = new InternalLoadBalancer(stack, 'Lb', {
    vpc,
    vpcCidr: '10.20.0.0/16',
    certificate,
    accessLogsBucket: logs.bucket,
    responseHeaders: { contentSecurityPolicy },
  });
  lb.httpsListener.addAction('Default', { action: elbv2.ListenerAction.fixedResponse(204) });
  return Template.fromStack(stack);
}

const listenerAttribute = (t: Template, key: string): unknown => {
  const [https] = Object.values(
    t.findResources('AWS::ElasticLoadBalancingV2::Listener', { Properties: { Port: 443 } }),
  );
  return https.Properties.ListenerAttributes.find((a: { Key: string }) => a.Key === key)?.Value;
};

describe('EDGE-2 ALB TLS policy', () => {
  test('the policy is a TLS 1.3/1.2 restricted one, never one that allows TLS 1.0/1.1 or CBC suites', () => {
    expect(ALB_SSL_POLICY).toMatch(/^ELBSecurityPolicy-TLS13-1-2-Res-/);
  });
});

describe('EDGE-5 InternalLoadBalancer', () => {
  const t = build();

  test('the security group admits only the given VPC range, on 443 and 80', () => {
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.20.0.0/16', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ CidrIp: '10.20.0.0/16', FromPort: 80, ToPort: 80 }),
      ],
    });
    const rules = [
      ...Object.values(t.findResources('AWS::EC2::SecurityGroup')),
      ...Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')),
    ];
    expect(JSON.stringify(rules)).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
  });

  test('EDGE-4 the default HSTS header is two years with includeSubDomains and preload', () => {
    expect(HSTS_HEADER_VALUE).toBe('max-age=63072000; includeSubDomains; preload');
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      ListenerAttributes: Match.arrayWith([
        { Key: 'routing.http.response.strict_transport_security.header_value', Value: HSTS_HEADER_VALUE },
      ]),
    });
  });
});

describe('EDGE-4 security headers set by the load balancer', () => {
  test('the CSP is the configured one', () => {
    const custom = "default-src 'self'; object-src 'none'; frame-ancestors 'none'";
    expect(listenerAttribute(build(custom), 'routing.http.response.content_security_policy.header_value')).toBe(custom);
  });
});
