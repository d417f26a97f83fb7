// DET-6: detection in every region. Constructs of lib/constructs/detection/ that fan out beyond the stage's own
// regions (GuardDuty StackSet, AWS Config recorder, Security Hub aggregation), each test on a fresh stack; then what
// the stacks derive from config, read from the cached example stages.

import * as cloudformationSdk from '@aws-sdk/client-cloudformation';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { resourceStarAllowed } from '../../lib/compliance/resource-star-allowlist';
import { ConfigDeliveryBucket, ConfigRecorder } from '../../lib/constructs/detection/config-recorder';
import {
  GuardDutyStackSet,
  type GuardDutyStackSetProps,
  guardDutyStackSetTemplate,
  STACKSET_S3_ACTIONS,
  STACKSET_STACK_ACTIONS,
  STACKSET_TEMPLATE_MAX_BYTES,
  STACKSET_UNSCOPED_CLOUDFORMATION_ACTIONS,
} from '../../lib/constructs/detection/guardduty-stackset';
import { ServerAccessLogBucket } from '../../lib/constructs/detection/secure-bucket';
import { forwardedEventPattern } from '../../lib/constructs/detection/tamper-alerts';
import { FindingRouting, SecurityHubBaseline, ThreatDetector } from '../../lib/constructs/detection/threat-detection';
import { matchesPattern } from '../../lib/core/event-pattern';
import { DEFAULT_GUARDDUTY_REGIONS } from '../../lib/core/regions';
import { nagFindings, testStack } from '../helpers';
import { exampleStage, INTERNAL, PUBLIC } from '../stage/example-stage';

const RUNTIME_MONITORING = {
  Name: 'RUNTIME_MONITORING',
  Status: 'ENABLED',
  AdditionalConfiguration: [{ Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'ENABLED' }],
};

describe('DET-6 ThreatDetector', () => {
  test('a created detector runs Fargate runtime monitoring, GuardDuty managing the agent', () => {
    const stack = testStack();
    new ThreatDetector(stack, 'GuardDuty', { mode: 'create' });
    Template.fromStack(stack).hasResourceProperties('AWS::GuardDuty::Detector', {
      Features: Match.arrayWith([RUNTIME_MONITORING]),
    });
  });
});

describe('DET-6 GuardDutyStackSet', () => {
  const REGIONS = ['us-west-2', 'ap-south-1'];
  function stackSet(props: Partial<GuardDutyStackSetProps> = {}): { stack: Stack; t: Template } {
    const stack = testStack();
    new GuardDutyStackSet(stack, 'GuardDutyRegions', { stackSetName: 'p-guardduty', regions: REGIONS, ...props });
    return { stack, t: Template.fromStack(stack) };
  }
  const body = () => guardDutyStackSetTemplate('p-guardduty') as any;

  test(`the template fits CloudFormation's ${STACKSET_TEMPLATE_MAX_BYTES}-byte TemplateBody limit`, () => {
    expect(Buffer.byteLength(JSON.stringify(body()))).toBeLessThanOrEqual(STACKSET_TEMPLATE_MAX_BYTES);
  });

  test("each instance: a retained detector with the stage's features, runtime monitoring included", () => {
    const detector = body().Resources.Detector;
    expect(detector.DeletionPolicy).toBe('Retain');
    expect(detector.Properties.Features).toContainEqual(RUNTIME_MONITORING);
    expect(detector.Properties.Features.map((f: any) => f.Name)).toEqual(
      expect.arrayContaining(['RDS_LOGIN_EVENTS', 'S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION']),
    );
    expect(detector.Properties.DataSources).toBeUndefined();
  });

  test('each instance forwards every GuardDuty finding, at any severity, to the primary bus with a role', () => {
    const rule = body().Resources.ForwardRule.Properties;
    expect(rule.EventPattern).toEqual(forwardedEventPattern());
    expect(rule.Targets[0]).toEqual({
      Id: expect.any(String),
      Arn: { Ref: 'TargetEventBusArn' },
      RoleArn: { Ref: 'ForwardRoleArn' },
    });
    const finding = {
      source: 'aws.guardduty',
      'detail-type': 'GuardDuty Finding',
      region: 'us-west-2',
      detail: { severity: 1, type: 'Recon:EC2/PortProbeUnprotectedPort' },
    };
    expect(matchesPattern(rule.EventPattern, finding)).toBe(true);
    expect(matchesPattern(rule.EventPattern, { ...finding, source: 'aws.ec2' })).toBe(false);
  });

  test('self-managed, administered from its own region, to this account in exactly the given regions', () => {
    const { t } = stackSet();
    t.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SELF_MANAGED',
      ExecutionRoleName: 'AWSCloudFormationStackSetExecutionRole',
      StackInstancesGroup: [{ DeploymentTargets: { Accounts: ['111122223333'] }, Regions: REGIONS }],
      Parameters: Match.arrayWith([
        {
          ParameterKey: 'TargetEventBusArn',
          ParameterValue: 'arn:aws:events:eu-west-3:111122223333:event-bus/default',
        },
      ]),
    });
  });

  test('"create": both roles with their documented names, CloudFormation trust bound to this account, before it', () => {
    const { t } = stackSet({ stackSetRoles: 'create' });
    const roles = t.findResources('AWS::IAM::Role');
    const idOf = (name: string) => Object.keys(roles).find((id) => roles[id].Properties.RoleName === name) as string;
    const admin = idOf('AWSCloudFormationStackSetAdministrationRole');
    const execution = idOf('AWSCloudFormationStackSetExecutionRole');
    expect(roles[admin].Properties.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
      Principal: { Service: 'cloudformation.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111122223333' },
        StringLike: { 'aws:SourceArn': 'arn:aws:cloudformation:*:111122223333:stackset/*' },
      },
    });
    expect(roles[execution].Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      AWS: { 'Fn::GetAtt': [admin, 'Arn'] },
    });
    const [set] = Object.values(t.findResources('AWS::CloudFormation::StackSet'));
    // The administration role is ordered by the GetAtt below; the execution role by DependsOn.
    expect(set.DependsOn).toEqual(expect.arrayContaining([execution]));
    expect(set.Properties.AdministrationRoleARN).toEqual({ 'Fn::GetAtt': [admin, 'Arn'] });
  });

  test("the execution role: the documented StackSet minimum, as narrow as ORG-1 allows, and the template's needs", () => {
    // CloudFormation user guide, "Grant self-managed permissions": full CloudFormation permissions and S3 actions.
    const { t } = stackSet();
    const [execution] = Object.values(t.findResources('AWS::IAM::ManagedPolicy')).filter((p: any) =>
      p.Properties.PolicyDocument.Statement.some((s: any) => s.Sid === 'StackSetStacks'),
    ) as any[];
    const statements: any[] = execution.Properties.PolicyDocument.Statement;
    const bySid = (sid: string) => statements.find((s) => s.Sid === sid);
    expect(bySid('StackSetStacks')).toMatchObject({
      Action: [...STACKSET_STACK_ACTIONS].sort(),
      Resource: 'arn:aws:cloudformation:*:111122223333:stack/StackSet-p-guardduty-*/*',
    });
    // "Full" on those stacks: every operation of the CloudFormation API that acts on a stack or its change sets.
    const stackOperations = Object.keys(cloudformationSdk)
      .filter((k) => k.endsWith('Command') && k !== 'Command')
      .map((k) => `cloudformation:${k.slice(0, -'Command'.length)}`)
      .filter((a) => /Stack|ChangeSet|Template|Hook|SignalResource|TagResource|Events$/.test(a))
      .filter((a) => !/StackSet|StackInstance|StackRefactor|GeneratedTemplate/.test(a));
    expect(stackOperations.length).toBeGreaterThan(25);
    for (const a of stackOperations)
      expect([a, [...STACKSET_STACK_ACTIONS, ...STACKSET_UNSCOPED_CLOUDFORMATION_ACTIONS].includes(a)]).toEqual([
        a,
        true,
      ]);
    expect(bySid('CloudFormationWithoutResourceType')).toMatchObject({
      Action: [...STACKSET_UNSCOPED_CLOUDFORMATION_ACTIONS].sort(),
      Resource: '*',
    });
    expect(bySid('StackSetsInstanceState')).toMatchObject({
      Action: [...STACKSET_S3_ACTIONS].sort(),
      Resource: 'arn:aws:s3:::*/*',
    });
    expect(STACKSET_S3_ACTIONS.every((a) => a.startsWith('s3:'))).toBe(true);
    for (const s of statements) {
      const actions: string[] = [s.Action].flat();
      // ORG-1 and Control Tower CT.IAM.PR.3: no wildcard action; "*" only for actions without a resource type.
      for (const a of actions) expect(a).not.toMatch(/\*/);
      if ([s.Resource].flat().includes('*'))
        for (const a of actions) expect([a, resourceStarAllowed(a)]).toEqual([a, true]);
    }
    expect(statements.map((s) => s.Sid)).toEqual(
      expect.arrayContaining([
        'CreateDetector',
        'Detectors',
        'GuardDutyServiceLinkedRoles',
        'ForwardRule',
        'PassForwardRole',
      ]),
    );
    t.resourcePropertiesCountIs(
      'AWS::IAM::Role',
      { ManagedPolicyArns: Match.arrayWith([Match.stringLikeRegexp('AdministratorAccess')]) },
      0,
    );
  });

  test('opt-in regions: the administration role also trusts their regional CloudFormation principal', () => {
    const trustOf = (t: Template) =>
      Object.values(t.findResources('AWS::IAM::Role')).find(
        (r: any) => r.Properties.RoleName === 'AWSCloudFormationStackSetAdministrationRole',
      )?.Properties.AssumeRolePolicyDocument.Statement as any[];
    const optIn = trustOf(stackSet({ regions: ['us-west-2', 'eu-south-1', 'ap-east-1', 'eu-south-1'] }).t);
    expect(optIn).toHaveLength(2);
    expect(optIn[1]).toEqual({
      Sid: 'OptInRegions',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { Service: ['cloudformation.ap-east-1.amazonaws.com', 'cloudformation.eu-south-1.amazonaws.com'] },
      Condition: optIn[0].Condition,
    });
    // Regions enabled by default need the global principal only.
    expect(trustOf(stackSet().t)).toHaveLength(1);
  });

  test('no failure tolerated: a failing region fails the operation and the deploy (recovery: docs/detection.md)', () => {
    stackSet().t.hasResourceProperties('AWS::CloudFormation::StackSet', {
      OperationPreferences: {
        RegionConcurrencyType: 'PARALLEL',
        MaxConcurrentPercentage: 100,
        FailureToleranceCount: 0,
      },
    });
  });

  test('"existing": no role created, the StackSet names the account\'s administration role', () => {
    const { t } = stackSet({ stackSetRoles: 'existing' });
    t.resourcePropertiesCountIs('AWS::IAM::Role', { RoleName: Match.anyValue() }, 0);
    t.hasResourceProperties('AWS::CloudFormation::StackSet', {
      AdministrationRoleARN: 'arn:aws:iam::111122223333:role/AWSCloudFormationStackSetAdministrationRole',
    });
  });

  test('the forward role: EventBridge of this account and rule only, PutEvents on the primary bus only', () => {
    const { t } = stackSet();
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111122223333' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:events:*:111122223333:rule/p-guardduty-forward' },
            },
          }),
        ],
      },
    });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'events:PutEvents',
            Resource: 'arn:aws:events:eu-west-3:111122223333:event-bus/default',
          }),
        ],
      },
    });
  });

  test('an empty region list is refused at synth', () => {
    expect(() => stackSet({ regions: [] })).toThrow(/regions is empty/);
  });

  test('no open cdk-nag finding', () => {
    expect(nagFindings(stackSet().stack)).toEqual([]);
  });
});

describe('DET-6 ConfigRecorder and ConfigDeliveryBucket', () => {
  function recorder(recordGlobalResources: boolean) {
    const stack = testStack();
    const delivery = new ConfigDeliveryBucket(stack, 'ConfigDelivery', {
      accessLogBucket: new ServerAccessLogBucket(stack, 'AccessLogs', { retentionDays: 30 }),
    });
    new ConfigRecorder(stack, 'ConfigRecorder', {
      deliveryBucketName: delivery.bucket.bucketName,
      deliveryKeyArn: delivery.key.key.keyArn,
      recordGlobalResources,
    });
    return { stack, t: Template.fromStack(stack) };
  }

  test('every supported type, global ones only where asked, with the service-linked role', () => {
    for (const global of [true, false]) {
      recorder(global).t.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
        RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: global },
        RoleARN: 'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
      });
    }
  });

  test('the delivery channel writes KMS-encrypted files and is created after the recorder', () => {
    const { t } = recorder(true);
    const [recorderId] = Object.keys(t.findResources('AWS::Config::ConfigurationRecorder'));
    t.hasResource('AWS::Config::DeliveryChannel', {
      Properties: { S3KmsKeyArn: Match.anyValue(), S3BucketName: Match.anyValue() },
      DependsOn: Match.arrayWith([recorderId]),
    });
  });

  test('the key admits AWS Config of this account; the bucket policy admits it to its own prefix only', () => {
    const { t } = recorder(true);
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'config.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AWSConfigBucketDelivery',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111122223333', 's3:x-amz-acl': 'bucket-owner-full-control' },
            },
          }),
        ]),
      },
    });
  });

  test('versioned and retained, not under Object Lock (Config cannot deliver to a locked bucket)', () => {
    const { t } = recorder(true);
    const buckets = Object.values(t.findResources('AWS::S3::Bucket')).filter(
      (b: any) =>
        b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
          .SSEAlgorithm === 'aws:kms',
    );
    expect(buckets).toHaveLength(1);
    expect(buckets[0]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });
    expect(buckets[0].Properties.ObjectLockEnabled).toBeUndefined();
  });

  test('no open cdk-nag finding', () => {
    expect(nagFindings(recorder(true).stack)).toEqual([]);
  });
});

describe('DET-6 Security Hub aggregation', () => {
  test('the home region links the other regions, itself excluded; none with "existing"', () => {
    const stack = testStack();
    new SecurityHubBaseline(stack, 'SecurityHub', { linkedRegions: ['eu-west-3', 'eu-central-1', 'us-east-1'] });
    Template.fromStack(stack).hasResourceProperties('AWS::SecurityHub::FindingAggregator', {
      RegionLinkingMode: 'SPECIFIED_REGIONS',
      Regions: ['eu-central-1', 'us-east-1'],
    });
    const existing = testStack();
    new SecurityHubBaseline(existing, 'SecurityHub', { mode: 'existing', linkedRegions: ['eu-central-1'] });
    Template.fromStack(existing).resourceCountIs('AWS::SecurityHub::FindingAggregator', 0);
  });

  test('a region whose findings are aggregated elsewhere routes GuardDuty only (no second alert)', () => {
    const stack = testStack();
    const routing = new FindingRouting(stack, 'FindingRouting', {
      topic: new sns.Topic(stack, 'Topic'),
      securityHubFindings: false,
    });
    expect(routing.securityHubRule).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::Events::Rule', 1);
  });
});

describe('DET-6 the stage: every region covered once', () => {
  /** Both example stages, read from the assembly the jest global setup caches (test/stage/example-stage.ts). */
  const stages = Object.fromEntries(
    [PUBLIC, INTERNAL].map((file) => {
      const { config, stacks } = exampleStage(file);
      const byRegion = (type: string) =>
        stacks.flatMap((s) =>
          Object.values(s.template.Resources ?? {})
            .filter((r) => r.Type === type)
            .map((r: any) => ({ region: s.region, stack: s.name, r })),
        );
      return [file, { config, byRegion }];
    }),
  );

  test('public stage: us-east-1 now has a detector; the StackSet covers the 14 other default regions', () => {
    const { byRegion } = stages[PUBLIC];
    expect(
      byRegion('AWS::GuardDuty::Detector')
        .map((d) => d.region)
        .sort(),
    ).toEqual(['eu-central-1', 'eu-west-3', 'us-east-1']);
    const [set] = byRegion('AWS::CloudFormation::StackSet');
    const regions: string[] = set.r.Properties.StackInstancesGroup[0].Regions;
    expect(regions).toHaveLength(14);
    expect(new Set([...regions, 'eu-central-1', 'eu-west-3', 'us-east-1'])).toEqual(new Set(DEFAULT_GUARDDUTY_REGIONS));
  });

  test('internal stage (no us-east-1 stack): the StackSet covers us-east-1 too', () => {
    const [set] = stages[INTERNAL].byRegion('AWS::CloudFormation::StackSet');
    expect(set.r.Properties.StackInstancesGroup[0].Regions).toContain('us-east-1');
    expect(set.r.Properties.StackInstancesGroup[0].Regions).toHaveLength(15);
  });

  test('a recorder and a hub in every region of the stage, global types in the primary only', () => {
    const { byRegion, config } = stages[PUBLIC];
    const recorders = byRegion('AWS::Config::ConfigurationRecorder');
    expect(recorders.map((x) => x.region).sort()).toEqual(['eu-central-1', 'eu-west-3', 'us-east-1']);
    expect(
      recorders.filter((x) => x.r.Properties.RecordingGroup.IncludeGlobalResourceTypes).map((x) => x.region),
    ).toEqual([config.primaryRegion]);
    expect(
      byRegion('AWS::SecurityHub::Hub')
        .map((x) => x.region)
        .sort(),
    ).toEqual(['eu-central-1', 'eu-west-3', 'us-east-1']);
    const [aggregator] = byRegion('AWS::SecurityHub::FindingAggregator');
    expect(aggregator.region).toBe(config.primaryRegion);
    expect(aggregator.r.Properties.Regions.sort()).toEqual(['eu-central-1', 'us-east-1']);
  });

  test('Security Hub findings are routed in the primary region only (aggregated there)', () => {
    const { byRegion, config } = stages[PUBLIC];
    const hubRoutes = byRegion('AWS::Events::Rule').filter((x) =>
      (x.r.Properties.EventPattern['detail-type'] ?? []).includes('Security Hub Findings - Imported'),
    );
    expect(hubRoutes.map((x) => x.region)).toEqual([config.primaryRegion]);
  });
});
