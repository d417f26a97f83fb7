import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ServerAccessLogBucket } from '../../../lib/constructs/detection/secure-bucket';
import { HealthChecks, StatusCanary, type StatusCanaryProps } from '../../../lib/constructs/detection/status';
import { EDGE_REGION } from '../../../lib/defaults/constants';
import { TEST_ENV, testStack } from '../../helpers';

/** GIVEN a fresh stack in `region` WHEN health checks of example.com and example.org on / and /login are added. */
function healthChecks(region: string = EDGE_REGION) {
  const stack = testStack('Test', { ...TEST_ENV, region });
  const checks = new HealthChecks(stack, 'HealthChecks', {
    targets: ['example.com', 'example.org'].flatMap((host) => ['/', '/login'].map((path) => ({ host, path }))),
    topic: new sns.Topic(stack, 'Topic'),
  });
  return { checks, template: Template.fromStack(stack) };
}

/** GIVEN a fresh stack WHEN a status canary is added with `props` (and an access-log bucket, a topic). */
function canary(props: Partial<StatusCanaryProps> & { inVpc?: boolean } = {}) {
  const stack = testStack();
  const vpc = props.inVpc ? new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }) : undefined;
  new StatusCanary(stack, 'StatusCanary', {
    urls: ['https://example.com/'],
    accessLogBucket: new ServerAccessLogBucket(stack, 'AccessLogs', { retentionDays: 30 }),
    topic: new sns.Topic(stack, 'Topic'),
    vpc,
    ...props,
  });
  return Template.fromStack(stack);
}

describe('DET-5 HealthChecks', () => {
  test('refused outside us-east-1: Route 53 publishes health check metrics there only', () => {
    expect(() => healthChecks(TEST_ENV.region)).toThrow(/must be in us-east-1/);
  });

  test('the apex and www of each domain times each path, in target order, with the default search string "<html"', () => {
    const { checks, template } = healthChecks();
    expect(checks.checks.map(({ target }) => `${target.host}${target.path}`)).toEqual([
      'example.com/',
      'www.example.com/',
      'example.com/login',
      'www.example.com/login',
      'example.org/',
      'www.example.org/',
      'example.org/login',
      'www.example.org/login',
    ]);
    template.resourceCountIs('AWS::Route53::HealthCheck', 8);
    template.allResourcesProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ Type: 'HTTPS_STR_MATCH', SearchString: '<html' }),
    });
  });
});

describe('DET-5 StatusCanary', () => {
  test('refuses a URL that is not https', () => {
    expect(() => canary({ urls: ['http://example.com/'] })).toThrow(/https URLs only, got http:\/\/example.com\//);
  });

  test('defaults: a run every 5 minutes, alarm under 90 % success, artifacts kept 30 days', () => {
    const t = canary();
    t.hasResourceProperties('AWS::Synthetics::Canary', {
      Schedule: Match.objectLike({ Expression: 'rate(5 minutes)' }),
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SuccessPercent', Threshold: 90 });
    t.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { LogFilePrefix: 'canary-artifacts/' },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30 })] },
    });
  });

  test('in a VPC: private subnets, and the role may manage the function network interfaces', () => {
    const t = canary({ inVpc: true });
    t.hasResourceProperties('AWS::Synthetics::Canary', {
      VPCConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
    });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['ec2:CreateNetworkInterface']), Resource: '*' }),
        ]),
      },
    });
  });
});
