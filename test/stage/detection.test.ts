import { Match, type Template } from 'aws-cdk-lib/assertions';
import { matchesPattern } from '../../lib/core/event-pattern';
import {
  hasStack,
  INTERNAL,
  logicalIds,
  normalizedTemplate,
  openNagFindings,
  PUBLIC,
  stackOf,
  templateOf,
} from './example-stage';

// The detection stacks of the example stages, as `cdk synth` builds them (cached assembly): the claims
// hold on what deploys. Config variants and refusals are construct tests in test/constructs/detection/.
const t = templateOf('Detection');
const backup = templateOf('DetectionBackupRegion');
const global = templateOf('DetectionGlobal');
const ti = templateOf('Detection', INTERNAL);
const network = templateOf('Network');

const resourcesOf = (tpl: Template, type: string) => Object.values(tpl.findResources(type));
const ruleByDescription = (tpl: Template, words: RegExp) => {
  const rule = resourcesOf(tpl, 'AWS::Events::Rule').find((r) => words.test(r.Properties.Description));
  if (!rule) throw new Error(`no rule described by ${words}`);
  return rule.Properties;
};
const keyStatements = (tpl: Template): any[] =>
  resourcesOf(tpl, 'AWS::KMS::Key').flatMap((k) => k.Properties.KeyPolicy.Statement);

const gdEvent = (type: string, severity: number, resourceType: string) => ({
  version: '0',
  source: 'aws.guardduty',
  'detail-type': 'GuardDuty Finding',
  account: '111122223333',
  region: 'eu-west-3',
  detail: {
    schemaVersion: '2.0',
    accountId: '111122223333',
    region: 'eu-west-3',
    id: 'f1',
    type,
    severity,
    title: 't',
    resource: { resourceType },
  },
});
const hubEvent = (label: string, status = 'NEW', recordState = 'ACTIVE') => ({
  source: 'aws.securityhub',
  'detail-type': 'Security Hub Findings - Imported',
  detail: {
    findings: [
      {
        Severity: { Label: label },
        Workflow: { Status: status },
        RecordState: recordState,
        Title: 'x',
        ProductName: 'Config',
        Types: ['Software and Configuration Checks'],
      },
    ],
  },
});

describe('DET-1 GuardDuty', () => {
  test('DET-6 the primary, backup and us-east-1 regions get a detector with RDS login, S3, malware protection and Fargate runtime monitoring as Features', () => {
    for (const tpl of [t, backup, global]) {
      tpl.resourceCountIs('AWS::GuardDuty::Detector', 1);
      tpl.hasResource('AWS::GuardDuty::Detector', {
        Properties: {
          Enable: true,
          Features: [
            { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
            { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
            { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
            {
              Name: 'RUNTIME_MONITORING',
              Status: 'ENABLED',
              AdditionalConfiguration: [{ Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'ENABLED' }],
            },
          ],
        },
        DeletionPolicy: 'Retain',
      });
      for (const d of resourcesOf(tpl, 'AWS::GuardDuty::Detector')) expect(d.Properties.DataSources).toBeUndefined();
    }
  });

  test('guardDuty "existing": no detector anywhere, the finding routing is still deployed', () => {
    for (const tpl of [ti, templateOf('DetectionBackupRegion', INTERNAL)]) {
      tpl.resourceCountIs('AWS::GuardDuty::Detector', 0);
      expect(ruleByDescription(tpl, /GuardDuty/).EventPattern.source).toEqual(['aws.guardduty']);
    }
  });
});

describe('DET-3 finding routing', () => {
  const gd = ruleByDescription(t, /GuardDuty/);
  const hub = ruleByDescription(t, /Security Hub/);

  test('a GuardDuty RDS finding of any severity matches the synthesized pattern', () => {
    for (const severity of [1, 2, 5, 8]) {
      expect(
        matchesPattern(
          gd.EventPattern,
          gdEvent('CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin', severity, 'RDSDBInstance'),
        ),
      ).toBe(true);
    }
    expect(matchesPattern(gd.EventPattern, gdEvent('Discovery:RDS/TorIPCaller', 2, 'RDSDBInstance'))).toBe(true);
  });

  test('a high-severity EC2 finding matches; a low-severity discovery finding does not', () => {
    expect(matchesPattern(gd.EventPattern, gdEvent('UnauthorizedAccess:EC2/SSHBruteForce', 8, 'Instance'))).toBe(true);
    expect(matchesPattern(gd.EventPattern, gdEvent('Discovery:S3/AnomalousBehavior', 2, 'S3Bucket'))).toBe(false);
  });

  test('DET-7 policy and evasion findings match at any severity', () => {
    expect(matchesPattern(gd.EventPattern, gdEvent('Policy:S3/BucketBlockPublicAccessDisabled', 2, 'S3Bucket'))).toBe(
      true,
    );
    expect(matchesPattern(gd.EventPattern, gdEvent('Stealth:IAMUser/CloudTrailLoggingDisabled', 2, 'AccessKey'))).toBe(
      true,
    );
  });

  test('the severity threshold (config default 4) is inclusive', () => {
    // Other thresholds: test/constructs/detection/threat-detection.test.ts.
    expect(matchesPattern(gd.EventPattern, gdEvent('Recon:EC2/PortProbeUnprotectedPort', 4, 'Instance'))).toBe(true);
    expect(matchesPattern(gd.EventPattern, gdEvent('Recon:EC2/PortProbeUnprotectedPort', 3.9, 'Instance'))).toBe(false);
  });

  test('Security Hub: new, active HIGH and CRITICAL findings match; others do not', () => {
    expect(matchesPattern(hub.EventPattern, hubEvent('CRITICAL'))).toBe(true);
    expect(matchesPattern(hub.EventPattern, hubEvent('HIGH'))).toBe(true);
    expect(matchesPattern(hub.EventPattern, hubEvent('MEDIUM'))).toBe(false);
    expect(matchesPattern(hub.EventPattern, hubEvent('HIGH', 'RESOLVED'))).toBe(false);
    expect(matchesPattern(hub.EventPattern, hubEvent('HIGH', 'NEW', 'ARCHIVED'))).toBe(false);
    expect(matchesPattern(hub.EventPattern, { ...gdEvent('X:EC2/Y', 8, 'Instance') })).toBe(false);
  });

  test('the GuardDuty message names the type, severity, resource, region, account and links the finding', () => {
    const target = gd.Targets[0];
    expect(target.InputTransformer.InputPathsMap).toEqual({
      'detail-severity': '$.detail.severity',
      'detail-title': '$.detail.title',
      'detail-type': '$.detail.type',
      'detail-resource-resourceType': '$.detail.resource.resourceType',
      'detail-accountId': '$.detail.accountId',
      'detail-region': '$.detail.region',
      'detail-id': '$.detail.id',
    });
    const text: string = target.InputTransformer.InputTemplate;
    expect(text).toContain('GuardDuty finding (severity <detail-severity>): <detail-title>');
    expect(text).toContain('Type: <detail-type>');
    expect(text).toContain('Resource: <detail-resource-resourceType>');
    expect(text).toContain('Account <detail-accountId>, region <detail-region>');
    expect(text).toContain(
      'https://<detail-region>.console.aws.amazon.com/guardduty/home?region=<detail-region>#/findings?macros=current&fId=<detail-id>',
    );
  });

  test('the Security Hub message names the label, title, type, resource, account, region and links the console', () => {
    const transformer = hub.Targets[0].InputTransformer;
    expect(transformer.InputPathsMap).toMatchObject({
      'detail-findings-0--Severity-Label': '$.detail.findings[0].Severity.Label',
      'detail-findings-0--Resources-0--Id': '$.detail.findings[0].Resources[0].Id',
      'detail-findings-0--Region': '$.detail.findings[0].Region',
      'detail-findings-0--AwsAccountId': '$.detail.findings[0].AwsAccountId',
    });
    expect(transformer.InputTemplate).toContain('Security Hub finding (<detail-findings-0--Severity-Label>)');
    expect(transformer.InputTemplate).toContain('securityhub/home?region=<detail-findings-0--Region>#/findings');
  });

  test('PROOF-4 both rules publish to the primary alert topic under its resource policy, with no target role', () => {
    // EventBridge guide: no RoleArn on SNS targets, delivery to KMS-encrypted topics may fail with one.
    for (const rule of [gd, hub]) {
      expect(rule.Targets).toHaveLength(1);
      expect(rule.Targets[0].Arn).toEqual({
        'Fn::GetStackOutput': expect.objectContaining({
          StackName: 'prod-Network',
          OutputName: expect.stringMatching(/AlertsTopic/),
        }),
      });
      expect(rule.Targets[0].RoleArn).toBeUndefined();
    }
    // The one events role is the StackSet's forwarder to the primary bus (DET-6), never an SNS target's.
    expect(
      resourcesOf(t, 'AWS::IAM::Role')
        .filter((r) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('events.amazonaws.com'))
        .map((r) => r.Metadata['aws:cdk:path']),
    ).toEqual(['prod-Detection/GuardDutyRegions/ForwardRole/Resource']);
    network.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sns:Publish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
  });

  test('PROOF-4 in the other regions the rules publish to the local topic, whose policy admits EventBridge', () => {
    for (const tpl of [backup, global]) {
      for (const r of resourcesOf(tpl, 'AWS::Events::Rule')) {
        expect(r.Properties.Targets.every((target: any) => target.RoleArn === undefined)).toBe(true);
      }
      tpl.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: Match.stringLikeRegexp('^AlertsTopic') }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'sns:Publish',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Resource: { Ref: Match.stringLikeRegexp('^AlertsTopic') },
            }),
          ]),
        },
      });
    }
  });

  test('DET-6 Security Hub is enabled with FSBP in every region with stacks, and not with "existing"', () => {
    t.hasResourceProperties('AWS::SecurityHub::Hub', {
      EnableDefaultStandards: false,
      ControlFindingGenerator: 'SECURITY_CONTROL',
    });
    t.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: 'arn:aws:securityhub:eu-west-3::standards/aws-foundational-security-best-practices/v/1.0.0',
    });
    backup.resourceCountIs('AWS::SecurityHub::Hub', 1);
    global.resourceCountIs('AWS::SecurityHub::Hub', 1);
    // "existing": test/constructs/detection/threat-detection.test.ts.
  });

  test('each other region has its own encrypted alert topic with the team subscribed and routes its findings there', () => {
    for (const tpl of [backup, global]) {
      tpl.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      tpl.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.com' });
      const rule = ruleByDescription(tpl, /GuardDuty/);
      expect(rule.Targets[0].Arn).toEqual({ Ref: expect.stringMatching(/^AlertsTopic/) });
    }
  });

  test('PROOF-4 the regional topic keys admit CloudWatch alarms and EventBridge', () => {
    for (const tpl of [backup, global]) {
      const sids = keyStatements(tpl).map((s) => s.Sid);
      expect(sids).toEqual(expect.arrayContaining(['AllowCloudWatchAlarmsPublish', 'AllowEventBridgePublish']));
    }
  });

  test('PROOF-4 the EventBridge key statement of every alert topic carries no source condition (unsupported for EventBridge-to-encrypted topics)', () => {
    // SNS developer guide: "Adding the aws:SourceAccount, aws:SourceArn, and aws:SourceOrgID to a
    // AWS KMS policy is not supported for EventBridge-to-encrypted topics": delivery fails with them.
    for (const tpl of [network, backup, global]) {
      const events = keyStatements(tpl).filter((st) => JSON.stringify(st.Principal).includes('events.amazonaws.com'));
      expect(events.length).toBeGreaterThan(0);
      for (const st of events) {
        expect(st).toMatchObject({ Effect: 'Allow', Action: expect.arrayContaining(['kms:Decrypt']) });
        expect(JSON.stringify(st.Condition ?? {})).not.toMatch(/aws:Source(Account|Arn|OrgID)/);
      }
    }
  });
});

describe('DB-2 any read of the master secret alerts the team', () => {
  const rule = ruleByDescription(t, /master password/);
  const read = (issuer: string) => ({
    source: 'aws.secretsmanager',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: {
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'GetSecretValue',
      userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { arn: issuer } } },
      requestParameters: { secretId: 'rds!cluster-0a1b2c3d-4e5f-6789-abcd-ef0123456789' },
    },
  });

  test('in both stages, the rule receives read-only management events (GetSecretValue is one)', () => {
    for (const tpl of [t, ti])
      expect(ruleByDescription(tpl, /master password/).State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
  });

  test('it watches the cluster master secret of the data stack and publishes to the alert topic, with no role', () => {
    expect(rule.EventPattern.detail.requestParameters.secretId).toContainEqual({
      'Fn::GetStackOutput': expect.objectContaining({
        StackName: 'prod-Data',
        OutputName: expect.stringMatching(/MasterUserSecretSecretArn/),
      }),
    });
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0].Arn).toEqual({
      'Fn::GetStackOutput': expect.objectContaining({
        StackName: 'prod-Network',
        OutputName: expect.stringMatching(/AlertsTopic/),
      }),
    });
    expect(rule.Targets[0].RoleArn).toBeUndefined();
  });

  test('an operator read matches; a read by RDS rotation (its service-linked role) does not', () => {
    // The secret's ARN is a cross-stack reference; the read below names the secret by its RDS name.
    const p = JSON.parse(JSON.stringify(rule.EventPattern).replace(/\{"Fn::GetStackOutput":\{[^}]*\}\}/g, '"arn"'));
    expect(matchesPattern(p, read('arn:aws:iam::111122223333:role/prod-Data-OperatorRole-1A2B3C'))).toBe(true);
    expect(
      matchesPattern(p, read('arn:aws:iam::111122223333:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS')),
    ).toBe(false);
  });
});

describe('DET-4 audit trail', () => {
  test('one multi-region trail with log file validation, KMS, global events and CloudWatch Logs delivery', () => {
    t.resourceCountIs('AWS::CloudTrail::Trail', 1);
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'prod-audit-trail',
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailKey'), 'Arn'] },
      S3BucketName: { Ref: Match.stringLikeRegexp('^AuditTrailBucket') },
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailLogGroup'), 'Arn'] },
    });
  });

  test('PROOF-4 the trail key lets CloudTrail encrypt for this trail only, with the encryption-context condition', () => {
    const statements = keyStatements(t);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'AllowCloudTrailEncryptLogs',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Condition: {
          StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-3:111122223333:trail/prod-audit-trail' },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' },
        },
      }),
    );
    // The bucket has an S3 Bucket Key: CloudTrail needs kms:Decrypt to create the trail.
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'AllowCloudTrailDecryptTrail',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:Decrypt',
        Condition: {
          StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-3:111122223333:trail/prod-audit-trail' },
        },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'AllowCloudTrailDescribeKey',
        Action: 'kms:DescribeKey',
        Condition: {
          StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-3:111122223333:trail/prod-audit-trail' },
        },
      }),
    );
  });

  test('PROOF-4 the trail key lets CloudWatch Logs of this region encrypt the trail log group (log-group:<name>)', () => {
    expect(keyStatements(t)).toContainEqual(
      expect.objectContaining({
        Sid: 'AllowCloudWatchLogsTrailGroup',
        Principal: { Service: 'logs.eu-west-3.amazonaws.com' },
        Condition: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn':
              'arn:aws:logs:eu-west-3:111122223333:log-group:/aws/cloudtrail/prod-audit-trail',
          },
        },
      }),
    );
  });

  test('PROOF-4 the CloudTrail log role may create and write the trail streams, with the documented stream ARN', () => {
    const [roleId, role] = Object.entries(
      t.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('^CloudTrail') } }),
    )[0];
    // CloudTrail assumes the role without source context: a condition here fails CreateTrail.
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' } },
    ]);
    const policyId = role.Properties.ManagedPolicyArns[0].Ref;
    const statements = t.toJSON().Resources[policyId].Properties.PolicyDocument.Statement;
    // Not <LogGroup.Arn>:log-stream:*: that Arn ends in ':*' and the pattern would match no stream.
    expect(statements).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource:
          'arn:aws:logs:eu-west-3:111122223333:log-group:/aws/cloudtrail/prod-audit-trail:log-stream:111122223333_CloudTrail_*',
      },
    ]);
    expect(roleId).toMatch(/^AuditTrailLogsRole/);
    t.hasResourceProperties('AWS::CloudTrail::Trail', { CloudWatchLogsRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } });
  });

  test('the trail log group is encrypted, retained, with the configured retention', () => {
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: '/aws/cloudtrail/prod-audit-trail',
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailKey'), 'Arn'] },
        RetentionInDays: 365,
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('the trail bucket is private, TLS-only, versioned, KMS-encrypted, access-logged, expires at the retention, retained', () => {
    const [id] = Object.keys(
      t.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: { LogFilePrefix: 'cloudtrail/' } } }),
    );
    const bucket = t.toJSON().Resources[id];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogsBucket/) } },
      LifecycleConfiguration: {
        Rules: [
          expect.objectContaining({
            ExpirationInDays: 365,
            NoncurrentVersionExpiration: { NoncurrentDays: 365 },
            Status: 'Enabled',
          }),
        ],
      },
    });
    const policy = resourcesOf(t, 'AWS::S3::BucketPolicy').find((p) => p.Properties.Bucket.Ref === id)!.Properties
      .PolicyDocument.Statement;
    expect(policy).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(policy).toContainEqual(
      expect.objectContaining({
        Sid: 'AllowCloudTrailAclCheck',
        Action: 's3:GetBucketAcl',
        Condition: {
          StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-3:111122223333:trail/prod-audit-trail' },
        },
      }),
    );
    expect(policy).toContainEqual(
      expect.objectContaining({
        Sid: 'AllowCloudTrailWrite',
        Action: 's3:PutObject',
        Condition: {
          StringEquals: {
            'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-3:111122223333:trail/prod-audit-trail',
            's3:x-amz-acl': 'bucket-owner-full-control',
          },
        },
      }),
    );
  });

  test('the trail waits for its bucket policy and log role policy (the key is ordered by KMSKeyId)', () => {
    const trail = Object.values(t.findResources('AWS::CloudTrail::Trail'))[0];
    expect(trail.DependsOn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AuditTrailBucketPolicy/),
        expect.stringMatching(/^AuditTrailLogsPolicy/),
      ]),
    );
  });

  test('the access-log bucket is private, TLS-only, versioned and retained', () => {
    t.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('every log group of the detection stacks has an explicit retention', () => {
    for (const tpl of [t, backup, global, ti]) {
      for (const group of resourcesOf(tpl, 'AWS::Logs::LogGroup'))
        expect(group.Properties.RetentionInDays).toEqual(expect.any(Number));
    }
  });
});

describe('DET-2 SQL injection alarms', () => {
  const alarmOn = (tpl: Template, acl: string) =>
    resourcesOf(tpl, 'AWS::CloudWatch::Alarm').find((a) =>
      a.Properties.Metrics?.some((m: any) => m.MetricStat?.Metric.Dimensions.some((d: any) => d.Value === acl)),
    )?.Properties;

  test('the REGIONAL web ACL alarm reads Blocked and Counted requests of the SQLi rule, with the Region dimension', () => {
    const alarm = alarmOn(t, 'AlbWebAcl');
    expect(alarm).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    const stats = alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat);
    expect(stats.map((s: any) => s.Metric.MetricName).sort()).toEqual(['BlockedRequests', 'CountedRequests']);
    for (const s of stats) {
      expect(s.Metric.Namespace).toBe('AWS/WAFV2');
      expect(s.Metric.Dimensions).toEqual(
        expect.arrayContaining([
          { Name: 'Rule', Value: 'SqlInjection' },
          { Name: 'WebACL', Value: 'AlbWebAcl' },
          { Name: 'Region', Value: 'eu-west-3' },
        ]),
      );
      expect(s.Stat).toBe('Sum');
    }
    expect(alarm.AlarmActions).toEqual([
      { 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'prod-Network' }) },
    ]);
  });

  test('the CLOUDFRONT web ACL alarm is in us-east-1, without a Region dimension, to the local topic', () => {
    expect(stackOf('DetectionGlobal').region).toBe('us-east-1');
    const alarm = alarmOn(global, 'EdgeWebAcl');
    for (const m of alarm.Metrics.filter((x: any) => x.MetricStat)) {
      expect(m.MetricStat.Metric.Dimensions).toEqual([
        { Name: 'Rule', Value: 'SqlInjection' },
        { Name: 'WebACL', Value: 'EdgeWebAcl' },
      ]);
    }
    expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlertsTopic/) }]);
  });
});

describe('DET-5 status', () => {
  test('a Route 53 HTTPS string-match health check per public hostname (apex and www of each domain) and status path, each with an alarm', () => {
    global.resourceCountIs('AWS::Route53::HealthCheck', 8);
    const hosts = resourcesOf(global, 'AWS::Route53::HealthCheck').map(
      (h) => `${h.Properties.HealthCheckConfig.FullyQualifiedDomainName}${h.Properties.HealthCheckConfig.ResourcePath}`,
    );
    expect(hosts.sort()).toEqual([
      'example.com/',
      'example.com/login',
      'example.org/',
      'example.org/login',
      'www.example.com/',
      'www.example.com/login',
      'www.example.org/',
      'www.example.org/login',
    ]);
    for (const host of ['example.com', 'www.example.com', 'example.org', 'www.example.org']) {
      for (const path of ['/', '/login']) {
        global.hasResourceProperties('AWS::Route53::HealthCheck', {
          HealthCheckConfig: {
            Type: 'HTTPS_STR_MATCH',
            FullyQualifiedDomainName: host,
            ResourcePath: path,
            Port: 443,
            SearchString: '<html',
            EnableSNI: true,
            RequestInterval: 30,
            FailureThreshold: 3,
          },
        });
      }
    }
    const alarms = resourcesOf(global, 'AWS::CloudWatch::Alarm').filter(
      (a) => a.Properties.Namespace === 'AWS/Route53',
    );
    expect(alarms).toHaveLength(8);
    for (const a of alarms) {
      expect(a.Properties).toMatchObject({
        MetricName: 'HealthCheckStatus',
        Statistic: 'Minimum',
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlertsTopic/) }]);
    }
  });

  test('internal stages have no public health check (no DetectionGlobal stack)', () => {
    expect(hasStack('DetectionGlobal', INTERNAL)).toBe(false);
  });

  test('the public canary loads the main and login page of every domain, outside the VPC, with encrypted artifacts', () => {
    const canary = resourcesOf(t, 'AWS::Synthetics::Canary')[0].Properties;
    expect(canary.RuntimeVersion).toBe('syn-nodejs-puppeteer-13.0');
    expect(canary.VPCConfig).toBeUndefined();
    expect(JSON.parse(canary.RunConfig.EnvironmentVariables.TARGET_URLS)).toEqual([
      'https://example.com/',
      'https://example.com/login',
      'https://example.org/',
      'https://example.org/login',
    ]);
    expect(canary.Schedule.Expression).toBe('rate(5 minutes)');
    expect(canary.ArtifactConfig.S3Encryption).toEqual({
      EncryptionMode: 'SSE_KMS',
      KmsKeyArn: { 'Fn::GetAtt': [expect.stringMatching(/^StatusCanaryKey/), 'Arn'] },
    });
    t.hasResource('AWS::S3::Bucket', {
      Properties: {
        LoggingConfiguration: { LogFilePrefix: 'canary-artifacts/' },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true }),
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
          ],
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('the internal canary checks the internal load balancer from inside the VPC and is admitted on 443 only', () => {
    const canary = resourcesOf(ti, 'AWS::Synthetics::Canary')[0].Properties;
    expect(JSON.parse(canary.RunConfig.EnvironmentVariables.TARGET_URLS)).toEqual([
      'https://origin.test.example.net/',
      'https://origin.test.example.net/login',
    ]);
    expect(canary.VPCConfig.SubnetIds.length).toBeGreaterThan(0);
    ti.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      SourceSecurityGroupId: Match.anyValue(),
    });
  });

  test('the canary alarm fires under the configured success percent, to the alert topic', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CloudWatchSynthetics',
      MetricName: 'SuccessPercent',
      Threshold: 90,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ 'Fn::GetStackOutput': Match.objectLike({ StackName: 'prod-Network' }) }],
    });
  });

  test('ORG-1 the canary role has a managed policy scoped to its bucket and key, no inline policy', () => {
    const policy = resourcesOf(t, 'AWS::IAM::ManagedPolicy').find((p) =>
      p.Properties.PolicyDocument.Statement.some((s: any) => s.Action === 's3:PutObject'),
    )!;
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'cloudwatch:PutMetricData',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StatusCanaryKey/), 'Arn'] },
      }),
    );
    expect(statements.some((s: any) => String(s.Action).startsWith('ec2:'))).toBe(false);
  });

  test('load balancer alarms: 5xx over the threshold and unhealthy targets, to the alert topic', () => {
    const alarms = resourcesOf(t, 'AWS::CloudWatch::Alarm').map((a) => a.Properties);
    const fiveXx = alarms.find((a) =>
      a.Metrics?.some((m: any) => m.MetricStat?.Metric.MetricName === 'HTTPCode_ELB_5XX_Count'),
    );
    expect(fiveXx).toMatchObject({ Threshold: 10, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(
      fiveXx.Metrics.map((m: any) => m.MetricStat?.Metric.MetricName)
        .filter(Boolean)
        .sort(),
    ).toEqual(['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count']);
    const unhealthy = alarms.find((a) =>
      a.Metrics?.some((m: any) => /UnHealthyHostCount/.test(JSON.stringify(m.Expression))),
    );
    expect(unhealthy).toMatchObject({ Threshold: 1, EvaluationPeriods: 3 });
    for (const a of [fiveXx, unhealthy])
      expect(a.AlarmActions).toEqual([
        { 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'prod-Network' }) },
      ]);
  });

  test('every alarm of the three stacks notifies its region topic, on alarm and on recovery', () => {
    for (const tpl of [t, backup, global, ti]) {
      for (const a of resourcesOf(tpl, 'AWS::CloudWatch::Alarm')) {
        expect(a.Properties.AlarmActions).toHaveLength(1);
        expect(a.Properties.OKActions).toEqual(a.Properties.AlarmActions);
      }
    }
  });

  test('the platform dashboard shows the load balancer, DB cluster, regional WAF, backups and canary', () => {
    const body = JSON.stringify(resourcesOf(t, 'AWS::CloudWatch::Dashboard')[0].Properties.DashboardBody);
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'prod-platform' });
    expect(body).toMatch(/DBClusterIdentifier.*prod-Data/);
    expect(body).toMatch(/LoadBalancerFullName/);
    expect(body).toContain('DatabaseConnections');
    expect(body).toContain('CPUUtilization');
    expect(body).toContain('AWS/Backup');
    expect(body).toContain('NumberOfBackupJobsFailed');
    expect(body).toContain('WebACL=\\\\\\"AlbWebAcl\\\\\\"');
    expect(body).toContain('SuccessPercent');
  });

  test('the edge dashboard shows CloudFront errors and latency, edge WAF blocks by rule and every health check', () => {
    global.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'prod-edge' });
    const body = JSON.stringify(resourcesOf(global, 'AWS::CloudWatch::Dashboard')[0].Properties.DashboardBody);
    for (const word of [
      '5xxErrorRate',
      'OriginLatency',
      'DistributionId',
      'EdgeWebAcl',
      'HealthCheckStatus',
      'example.org/login',
    ])
      expect(body).toContain(word);
  });
});

describe('DET-7 tamper alerts in every region with detection stacks, each event once', () => {
  const tamperRules = (tpl: Template) =>
    resourcesOf(tpl, 'AWS::Events::Rule').filter((r) => /\(DET-7\)$/.test(r.Properties.Description));
  const rootSignIn = (region: string) => ({
    source: 'aws.signin',
    'detail-type': 'AWS Console Sign In via CloudTrail',
    region,
    detail: { eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } },
  });
  const alerted = (tpl: Template, region: string) =>
    tamperRules(tpl).filter((r) => matchesPattern(r.Properties.EventPattern, rootSignIn(region))).length;

  test.each([
    ['primary', t],
    ['backup region', backup],
    ['us-east-1', global],
    ['internal primary', ti],
  ])('%s: sixteen tamper rules and one for root sign-in', (_name, tpl) => {
    expect(tamperRules(tpl)).toHaveLength(17);
  });

  test('public: us-east-1 alerts on its own root sign-ins, the primary does not again; internal: the primary does', () => {
    expect([alerted(global, 'us-east-1'), alerted(t, 'us-east-1'), alerted(backup, 'us-east-1')]).toEqual([1, 0, 0]);
    expect(alerted(t, 'ap-south-1')).toBe(1);
    expect(alerted(ti, 'us-east-1')).toBe(1);
  });
});

describe('PROOF-1 cdk-nag', () => {
  test.each([
    ['public', PUBLIC, 'Detection'],
    ['public backup region', PUBLIC, 'DetectionBackupRegion'],
    ['public us-east-1', PUBLIC, 'DetectionGlobal'],
    ['internal', INTERNAL, 'Detection'],
    ['internal backup region', INTERNAL, 'DetectionBackupRegion'],
  ])('%s: no open finding in any pack', (_name, file, concern) => {
    expect(hasStack(concern, file)).toBe(true);
    expect(openNagFindings(file, concern)).toEqual([]);
  });
});

test('DET-4 the primary detection stack is termination-protected', () => {
  expect(stackOf('Detection').terminationProtection).toBe(true);
});

test('DB-6 BKP-6 PROOF-3 stateful logical IDs never change', () => {
  const types = [
    'AWS::KMS::Key',
    'AWS::S3::Bucket',
    'AWS::Logs::LogGroup',
    'AWS::CloudTrail::Trail',
    'AWS::GuardDuty::Detector',
    'AWS::SNS::Topic',
    // DET-6: a renamed StackSet or recorder is replaced; both are named or one per region, so the replacement fails.
    'AWS::CloudFormation::StackSet',
    'AWS::Config::ConfigurationRecorder',
  ];
  expect({
    detection: logicalIds('Detection', types),
    backupRegion: logicalIds('DetectionBackupRegion', types),
    global: logicalIds('DetectionGlobal', types),
  }).toMatchSnapshot();
});

test.each(['Detection', 'DetectionBackupRegion', 'DetectionGlobal'])('PROOF-3 template snapshot of %s', (concern) => {
  expect(normalizedTemplate(concern)).toMatchSnapshot();
});
