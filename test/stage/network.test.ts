import { Match } from 'aws-cdk-lib/assertions';
import { logicalIds, normalizedTemplate, templateOf } from './example-stage';

// The Network stack of the public example stage, as `cdk synth` builds it (cached assembly). Construct
// behaviour beyond the example config is in test/constructs/network/.
const t = templateOf('Network');

describe('DET-4 VPC flow logs', () => {
  test('every flow of the VPC is logged to CloudWatch Logs', () => {
    t.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
  });

  test('the flow log group is encrypted with a customer key, retained, with a set retention', () => {
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: Match.anyValue(), RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
  });

  test('PROOF-4 the flow log key lets CloudWatch Logs of this region use it', () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogs',
            Principal: { Service: 'logs.eu-west-3.amazonaws.com' },
            // The encryption context CloudWatch Logs sends is the group ARN, `log-group:<name>` (colon, not slash).
            Condition: {
              ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-3:111122223333:log-group:*' },
            },
          }),
        ]),
      },
    });
  });

  test('ORG-1 only VPC Flow Logs of this account and region may assume the flow log role (confused deputy)', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111122223333' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:eu-west-3:111122223333:vpc-flow-log/*' },
            },
          }),
        ],
      },
    });
  });

  test('ORG-1 the flow log role has no inline policy and is scoped to its log group', () => {
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'] }),
        ],
      },
    });
  });
});

describe('DB-1 network isolation', () => {
  test('the VPC spans the configured zones, never looked up', () => {
    const subnets = Object.values(t.findResources('AWS::EC2::Subnet')).map((r) => r.Properties.AvailabilityZone);
    expect(new Set(subnets)).toEqual(new Set(['eu-west-3a', 'eu-west-3b', 'eu-west-3c']));
  });

  test('no subnet auto-assigns public IPs', () => {
    for (const subnet of Object.values(t.findResources('AWS::EC2::Subnet'))) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  test('isolated subnets have no route out', () => {
    const routes = Object.values(t.findResources('AWS::EC2::Route'));
    const tables = Object.entries(t.findResources('AWS::EC2::RouteTable'))
      .filter(([id]) => id.includes('Isolated'))
      .map(([id]) => id);
    expect(tables).toHaveLength(3);
    for (const route of routes) expect(tables).not.toContain(route.Properties.RouteTableId.Ref);
  });

  test('the default security group is emptied', () => {
    t.hasResourceProperties('Custom::VpcRestrictDefaultSG', { DefaultSecurityGroupId: Match.anyValue() });
  });
});

describe('DET-3 alert topic', () => {
  test('the topic is encrypted with a customer key and TLS-only', () => {
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('PROOF-4 the topic key admits EventBridge and CloudWatch alarms', () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowEventBridgePublish',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: Match.absent(),
          }),
          Match.objectLike({ Sid: 'AllowCloudWatchAlarmsPublish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });

  test('only alarms of this account and region may publish as CloudWatch', () => {
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchAlarms',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111122223333' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-3:111122223333:alarm:*' },
            },
          }),
        ]),
      },
    });
  });

  test('every alert email is subscribed', () => {
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.com' });
  });
});

test('DB-6 BKP-6 PROOF-3 stateful logical IDs never change', () => {
  expect(logicalIds('Network', ['AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::SNS::Topic'])).toMatchSnapshot();
});

test('PROOF-3 template snapshot', () => {
  expect(normalizedTemplate('Network')).toMatchSnapshot();
});
