// Construct tests of lib/constructs/network/, one describe per construct, each test on a fresh stack.
// One file per concern: jest loads aws-cdk-lib once per test file, about half a second of every file.
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { AlertTopic, AlertTopicTarget } from '../../lib/constructs/alert-topic';
import { Network, type NetworkProps } from '../../lib/constructs/network';
import { SecureKey } from '../../lib/constructs/secure-key';
import { vpcPrefixNeeded } from '../../lib/core/cidr';
import { testStack } from '../helpers';

describe('AlertTopic', () => {
  /** GIVEN a fresh stack, WHEN an AlertTopic is added for `emails`. */
  function alertTopic(emails: readonly string[] = ['ops@example.com']) {
    const stack = testStack();
    const alerts = new AlertTopic(stack, 'Alerts', { emails });
    return { stack, alerts, t: Template.fromStack(stack) };
  }

  describe('PROOF-5 DET-3 EventBridge rules of this account only', () => {
    test('the topic admits events.amazonaws.com only for rules of this account and region', () => {
      const { t } = alertTopic();
      const policy = Object.values(t.findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument;
      const fromEvents = policy.Statement.filter((s: { Principal?: { Service?: string } }) => {
        return s.Principal?.Service === 'events.amazonaws.com';
      });
      expect(fromEvents).toHaveLength(1);
      expect(fromEvents[0].Condition.StringEquals).toEqual({ 'aws:SourceAccount': '111122223333' });
      expect(JSON.stringify(fromEvents[0].Condition.ArnLike['aws:SourceArn'])).toContain(':rule/*');
    });

    test('AlertTopicTarget adds no statement of its own (targets.SnsTopic would add an unconditioned one)', () => {
      const stack = testStack();
      const alerts = new AlertTopic(stack, 'Alerts', { emails: ['ops@example.com'] });
      const rule = new events.Rule(stack, 'Rule', { eventPattern: { source: ['aws.guardduty'] } });
      rule.addTarget(new AlertTopicTarget(alerts.topic));
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: { Ref: Match.anyValue() } })] });
      const policy = Object.values(t.findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument;
      const unconditioned = policy.Statement.filter(
        (s: { Principal?: { Service?: string }; Condition?: unknown }) =>
          s.Principal?.Service === 'events.amazonaws.com' && !s.Condition,
      );
      expect(unconditioned).toEqual([]);
    });
  });

  describe('DET-3 AlertTopic', () => {
    test('encrypted with its own customer key, TLS-only, named for the team', () => {
      const { t } = alertTopic();
      t.hasResourceProperties('AWS::SNS::Topic', {
        DisplayName: 'Security and operations alerts',
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertsKey'), 'Arn'] },
      });
      t.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    test('one email subscription per address', () => {
      const { t } = alertTopic(['ops@example.com', 'security@example.com']);
      t.resourceCountIs('AWS::SNS::Subscription', 2);
      for (const address of ['ops@example.com', 'security@example.com'])
        t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: address });
    });

    test('PROOF-4 the key admits EventBridge (no source condition) and CloudWatch alarms of this account', () => {
      alertTopic().t.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'AllowEventBridgePublish',
              Principal: { Service: 'events.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Condition: Match.absent(),
            }),
            Match.objectLike({
              Sid: 'AllowCloudWatchAlarmsPublish',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
            }),
          ]),
        },
      });
    });

    test('only alarms of this account and region may publish as CloudWatch', () => {
      alertTopic().t.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'AllowCloudWatchAlarms',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Condition: {
                StringEquals: { 'aws:SourceAccount': '111122223333' },
                ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-3:111122223333:alarm:*' },
              },
            }),
          ]),
        },
      });
    });

    test('the key it exposes is the one that encrypts the topic', () => {
      const { stack, alerts } = alertTopic();
      expect(stack.resolve(alerts.topic.masterKey?.keyArn)).toEqual(stack.resolve(alerts.key.key.keyArn));
    });
  });
});

describe('Network', () => {
  const zonesOf = (count: number) =>
    'abcdef'
      .slice(0, count)
      .split('')
      .map((l) => `eu-west-3${l}`);

  /** GIVEN a fresh stack, WHEN a Network is added over `zones` zones with `props`. */
  function network(zones: number, props: Partial<NetworkProps> = {}) {
    const stack = testStack();
    new Network(stack, 'Network', { availabilityZones: zonesOf(zones), ...props });
    return Template.fromStack(stack);
  }

  describe('DB-1 VPC range checks', () => {
    // The validator's figure must be the size CDK actually carves: one prefix smaller fails
    // with CDK's own error, the computed one builds.
    const build = (vpcCidr: string, zones: number) => () => {
      new Network(testStack(), 'Network', {
        vpcCidr,
        availabilityZones: zonesOf(zones),
        natGateways: 1,
        flowLogRetentionDays: 7,
      });
    };
    test.each([2, 3, 4, 6])('%i zones: the computed prefix is the smallest CDK accepts', (zones) => {
      const needed = vpcPrefixNeeded(zones);
      expect(build(`10.0.0.0/${needed}`, zones)).not.toThrow();
      expect(build(`10.0.0.0/${needed + 1}`, zones)).toThrow(/exceeds remaining space/);
    });
  });

  describe('DB-1 DET-4 Network defaults and props', () => {
    test('defaults: 10.0.0.0/16, one NAT gateway per zone, flow logs kept 365 days', () => {
      const t = network(3);
      t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
      t.resourceCountIs('AWS::EC2::NatGateway', 3);
      t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    });

    test('range, NAT gateways and flow log retention follow the props', () => {
      const t = network(2, { vpcCidr: '10.20.0.0/20', natGateways: 1, flowLogRetentionDays: 30 });
      t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/20' });
      t.resourceCountIs('AWS::EC2::NatGateway', 1);
      t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    test('public, private and isolated subnets in every zone; none maps public IPs', () => {
      const subnets = Object.values(network(2).findResources('AWS::EC2::Subnet'));
      expect(subnets).toHaveLength(6);
      for (const s of subnets) expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
    });

    test('the flow log writes every flow with the immutable role, whose only policy is the managed one', () => {
      const t = network(2);
      t.hasResourceProperties('AWS::EC2::FlowLog', {
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        DeliverLogsPermissionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkFlowLogRole'), 'Arn'] },
      });
      t.resourceCountIs('AWS::IAM::Policy', 0);
      t.hasResourceProperties('AWS::IAM::Role', {
        ManagedPolicyArns: [{ Ref: Match.stringLikeRegexp('^NetworkFlowLogPolicy') }],
      });
    });

    test("cfn-lint W3005 is silenced on CDK's default-security-group provider only", () => {
      const t = network(2);
      const silenced = Object.entries(t.toJSON().Resources as Record<string, any>).filter(([, r]) =>
        JSON.stringify(r.Metadata?.['cfn-lint'] ?? {}).includes('W3005'),
      );
      expect(silenced.map(([id]) => id)).toEqual([
        expect.stringMatching(/^CustomVpcRestrictDefaultSGCustomResourceProvider/),
      ]);
    });
  });
});

describe('SecureKey', () => {
  /** GIVEN a fresh stack, WHEN a SecureKey is added and `configure` runs on it. */
  function key(configure: (k: SecureKey) => void = () => {}, alias?: string) {
    const stack = testStack();
    const k = new SecureKey(stack, 'Secure', { description: 'Encrypts the test data', alias });
    configure(k);
    return Template.fromStack(stack);
  }

  /** The key policy statement with `sid`. */
  const statement = (t: Template, sid: string) => {
    const [k] = Object.values(t.findResources('AWS::KMS::Key'));
    return k.Properties.KeyPolicy.Statement.find((s: { Sid?: string }) => s.Sid === sid);
  };

  describe('DB-4 SecureKey', () => {
    test('yearly rotation, retained with its stack and on replacement, described', () => {
      key().hasResource('AWS::KMS::Key', {
        Properties: { Description: 'Encrypts the test data', EnableKeyRotation: true },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    test('no alias unless one is given; the alias gets the alias/ prefix', () => {
      key().resourceCountIs('AWS::KMS::Alias', 0);
      key(undefined, 'team-data').hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/team-data' });
    });
  });

  // Control Tower CT.KMS.PR.3 accepts exactly this shape (its cfn-guard rule): a Deny of kms:CreateGrant alone, to
  // every principal, on every resource, under BoolIfExists on both keys set to "false", and no other condition.
  describe('ORG-7 PROOF-6 CT.KMS.PR.3 SecureKey grants only for AWS resources', () => {
    test('a Deny of kms:CreateGrant unless an AWS service creates it for an AWS resource', () => {
      expect(statement(key(), 'DenyGrantsExceptForAwsResources')).toEqual({
        Sid: 'DenyGrantsExceptForAwsResources',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      });
    });

    test("CDK's default root statement stays: the account keeps every other action (kms:*) under IAM", () => {
      const [k] = Object.values(key().findResources('AWS::KMS::Key'));
      const statements = k.Properties.KeyPolicy.Statement;
      expect(statements).toContainEqual({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'kms:*',
        Resource: '*',
      });
      // Nothing but CreateGrant is denied: ListGrants and RevokeGrant stay with the account.
      const denies = statements.filter((s: { Effect: string }) => s.Effect === 'Deny');
      expect(denies.map((s: { Action: unknown }) => s.Action)).toEqual(['kms:CreateGrant']);
    });

    test('the service statements come after it, unchanged', () => {
      const [k] = Object.values(
        key((sk) => sk.allowServiceToUse('AllowBackup', 'backup.amazonaws.com')).findResources('AWS::KMS::Key'),
      );
      expect(k.Properties.KeyPolicy.Statement.map((s: { Sid?: string }) => s.Sid)).toEqual([
        undefined,
        'DenyGrantsExceptForAwsResources',
        'AllowBackup',
      ]);
    });
  });

  describe('PROOF-4 SecureKey service statements', () => {
    test('allowCloudWatchLogs(): every log group of this account and region, as a pattern (ArnLike)', () => {
      const s = statement(
        key((k) => k.allowCloudWatchLogs()),
        'AllowCloudWatchLogs',
      );
      expect(s.Principal).toEqual({ Service: 'logs.eu-west-3.amazonaws.com' });
      expect(s.Condition).toEqual({
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-3:111122223333:log-group:*' },
      });
    });

    test('allowCloudWatchLogs(name, sid): that one group only (ArnEquals), under the given sid', () => {
      const s = statement(
        key((k) => k.allowCloudWatchLogs('/app/audit', 'AuditLogs')),
        'AuditLogs',
      );
      expect(s.Condition).toEqual({
        ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-3:111122223333:log-group:/app/audit' },
      });
    });

    test('allowServiceToUse: decrypt and data keys for the service, bound to this account', () => {
      const s = statement(
        key((k) => k.allowServiceToUse('AllowBackup', 'backup.amazonaws.com')),
        'AllowBackup',
      );
      expect(s).toEqual({
        Sid: 'AllowBackup',
        Effect: 'Allow',
        Principal: { Service: 'backup.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      });
    });
  });
});
