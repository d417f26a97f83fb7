import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import {
  ALB_SSL_POLICY,
  HSTS_HEADER_VALUE,
  InternalLoadBalancer,
} from '../../../lib/constructs/app/internal-load-balancer';
import { LogBucket } from '../../../lib/constructs/app/log-bucket';

function fixture() {
  const stack = new Stack(new App(), 'Fixture', { env: { account: '111122223333', region: 'eu-west-3' } });
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
    responseHeaders: { contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'; object-src 'none'" },
  });
  lb.httpsListener.addAction('Default', { action: elbv2.ListenerAction.fixedResponse(204) });
  return { stack, lb };
}

describe('EDGE-2 ALB TLS policy', () => {
  test('the policy is a TLS 1.3/1.2 restricted one, never one that allows TLS 1.0/1.1 or CBC suites', () => {
    expect(ALB_SSL_POLICY).toMatch(/^ELBSecurityPolicy-TLS13-1-2-Res-/);
  });
});

describe('EDGE-5 InternalLoadBalancer', () => {
  const { stack } = fixture();
  const t = Template.fromStack(stack);

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

describe('LogBucket', () => {
  test('a bucket without a server access log destination has no logging configuration', () => {
    const stack = new Stack(new App(), 'B');
    new LogBucket(stack, 'L', { retentionDays: 7 });
    const [bucket] = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
    expect(bucket.Properties.LoggingConfiguration).toBeUndefined();
    expect(bucket.Properties.LifecycleConfiguration.Rules[0]).toMatchObject({
      ExpirationInDays: 7,
      NoncurrentVersionExpiration: { NoncurrentDays: 7 },
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });
});
