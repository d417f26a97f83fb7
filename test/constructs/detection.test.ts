// Construct tests of lib/constructs/detection/, one describe per construct, each test on a fresh stack.
// One file per concern: jest loads aws-cdk-lib once per test file, about half a second of every file.

import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { SqlInjectionAlarm } from '../../lib/constructs/detection/alarms';
import { AuditTrail, type AuditTrailProps } from '../../lib/constructs/detection/audit-trail';
import { PlatformDashboard, type PlatformDashboardProps } from '../../lib/constructs/detection/dashboard';
import { READ_EVENTS_RULE_STATE, SecretReadAlarm } from '../../lib/constructs/detection/secret-read-alarm';
import { SecureBucket, ServerAccessLogBucket } from '../../lib/constructs/detection/secure-bucket';
import { HealthChecks, StatusCanary, type StatusCanaryProps } from '../../lib/constructs/detection/status';
import { FindingRouting, SecurityHubBaseline, ThreatDetector } from '../../lib/constructs/detection/threat-detection';
import { WAF_METRICS } from '../../lib/constructs/edge/waf-metrics';
import { matchesPattern } from '../../lib/core/event-pattern';
import { EDGE_REGION } from '../../lib/defaults/constants';
import { TEST_ENV, testStack } from '../helpers';

describe('Alarms', () => {
  /** GIVEN a fresh stack with a REGIONAL web ACL publishing under `metricName` WHEN a SqlInjectionAlarm watches it. */
  function alarmOn(metricName: string, threshold?: number) {
    const stack = testStack();
    const webAcl = new wafv2.CfnWebACL(stack, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true },
    });
    new SqlInjectionAlarm(stack, 'SqlInjection', {
      aclMetricName: WAF_METRICS.regionalAcl,
      webAcl,
      region: stack.region,
      topic: new sns.Topic(stack, 'Topic'),
      sqlInjectionAlarmThreshold: threshold,
    });
    return Template.fromStack(stack);
  }

  describe('DET-2 SqlInjectionAlarm', () => {
    test('a web ACL whose metric name differs from WAF_METRICS is refused at synth', () => {
      expect(() => alarmOn('Renamed')).toThrow(/differs from WAF_METRICS/);
    });

    test('without a threshold, every matched attempt raises the alarm (DEFAULT_SQL_INJECTION_ALARM_THRESHOLD)', () => {
      alarmOn(WAF_METRICS.regionalAcl).hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    test('the threshold is the configured one', () => {
      alarmOn(WAF_METRICS.regionalAcl, 5).hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 5 });
    });
  });
});

describe('AuditTrail', () => {
  /** GIVEN a fresh stack WHEN an audit trail is added with the given retentions and lock. */
  function trail(retention: Partial<Omit<AuditTrailProps, 'trailName' | 'accessLogBucket'>> = {}) {
    const stack = testStack();
    new AuditTrail(stack, 'AuditTrail', {
      trailName: 'test-audit-trail',
      accessLogBucket: new ServerAccessLogBucket(stack, 'AccessLogs', { retentionDays: 90 }),
      ...retention,
    });
    return Template.fromStack(stack);
  }

  describe('DET-4 AuditTrail', () => {
    test('without retentions, log files and events are kept 365 days (DEFAULT_TRAIL_*_RETENTION_DAYS)', () => {
      const t = trail();
      t.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: '/aws/cloudtrail/test-audit-trail',
        RetentionInDays: 365,
      });
      t.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: { LogFilePrefix: 'cloudtrail/' },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 365 } })],
        },
      });
    });

    test('the configured retentions apply to the bucket (objects and superseded versions) and the log group', () => {
      const t = trail({ trailRetentionDays: 730, trailLogGroupRetentionDays: 90 });
      t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
      t.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: { LogFilePrefix: 'cloudtrail/' },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ ExpirationInDays: 730, NoncurrentVersionExpiration: { NoncurrentDays: 730 } })],
        },
      });
    });
  });

  // Control Tower CT.S3.PR.9 passes only on ObjectLockEnabled: true (its cfn-guard rule).
  describe('DET-7 PROOF-6 CT.S3.PR.9 AuditTrail log files under S3 Object Lock', () => {
    /** The trail's bucket (the one CloudTrail writes to, not the access-log bucket). */
    const trailBucket = (t: Template) => {
      const found = Object.entries(t.findResources('AWS::S3::Bucket')).find(([id]) =>
        id.startsWith('AuditTrailBucket'),
      );
      if (!found) throw new Error('no trail bucket');
      return found[1];
    };

    test('defaults: Object Lock on, GOVERNANCE for 365 days, no longer than the lifecycle keeps the files', () => {
      const bucket = trailBucket(trail());
      expect(bucket.Properties.ObjectLockEnabled).toBe(true);
      expect(bucket.Properties.ObjectLockConfiguration).toEqual({
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } },
      });
      const [rule] = bucket.Properties.LifecycleConfiguration.Rules;
      expect(rule.ExpirationInDays).toBeGreaterThanOrEqual(365);
      expect(rule.NoncurrentVersionExpiration.NoncurrentDays).toBeGreaterThanOrEqual(365);
    });

    test('mode and days follow the props (COMPLIANCE for 180 days, files kept 730)', () => {
      const bucket = trailBucket(
        trail({ trailRetentionDays: 730, trailObjectLockMode: 'COMPLIANCE', trailObjectLockDays: 180 }),
      );
      expect(bucket.Properties.ObjectLockConfiguration.Rule).toEqual({
        DefaultRetention: { Mode: 'COMPLIANCE', Days: 180 },
      });
    });

    test('refuses a lock longer than the files are kept: they would expire while still locked', () => {
      expect(() => trail({ trailRetentionDays: 90 })).toThrow(
        /objectLock.days must be .* to retentionDays \(90\), got 365/,
      );
    });
  });
});

describe('Dashboard', () => {
  /** GIVEN a fresh stack (eu-west-3) WHEN a dashboard is added with `props`: its body, as a JSON string. */
  function body(props: Omit<PlatformDashboardProps, 'dashboardName'>): string {
    const stack = testStack();
    new PlatformDashboard(stack, 'Dashboard', { dashboardName: 'test-platform', ...props });
    const [dashboard] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
    return JSON.stringify(dashboard.Properties.DashboardBody);
  }

  describe('DET-5 PlatformDashboard', () => {
    test('shows only the widgets whose inputs are given', () => {
      const text = body({ header: '# test: platform status' });
      expect(text).toContain('# test: platform status');
      expect(text).not.toContain('"metrics"');
    });

    test('the CLOUDFRONT web ACL graphs read us-east-1, where WAF publishes them, from any region', () => {
      const text = body({ cloudFrontWaf: true });
      expect(text).toContain('EdgeWebAcl');
      expect(text).toMatch(/"region\\?":\\?"us-east-1\\?"/);
      expect(text).not.toContain('eu-west-3');
    });

    test('the REGIONAL web ACL graphs filter on its region', () => {
      const text = body({ regionalWafRegion: 'eu-west-3' });
      expect(text).toContain('AlbWebAcl');
      expect(text).toContain('Region=\\\\\\"eu-west-3\\\\\\"');
    });
  });
});

describe('SecureBucket', () => {
  /** GIVEN a fresh stack WHEN an access-log bucket (30 days) and a secure bucket (400 days) logging into it are added. */
  function buckets() {
    const stack = testStack();
    const accessLogBucket = new ServerAccessLogBucket(stack, 'AccessLogs', { retentionDays: 30 });
    new SecureBucket(stack, 'Logs', {
      encryptionKey: new kms.Key(stack, 'Key'),
      accessLogBucket,
      accessLogPrefix: 'logs/',
      retentionDays: 400,
      noReplicationReason: 'Test bucket: a reason that names the compensating control.',
    });
    const t = Template.fromStack(stack);
    const byId = (prefix: string) => {
      const found = Object.entries(t.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith(prefix));
      if (!found) throw new Error(`no bucket ${prefix}`);
      return found[1];
    };
    return { accessLogs: byId('AccessLogsBucket'), logs: byId('LogsBucket') };
  }

  const baseline = (days: number) => ({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    VersioningConfiguration: { Status: 'Enabled' },
    LifecycleConfiguration: {
      Rules: [
        {
          Id: 'Expire',
          Status: 'Enabled',
          ExpirationInDays: days,
          NoncurrentVersionExpiration: { NoncurrentDays: days },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    },
  });

  describe('DET-4 detection buckets on the secure bucket baseline', () => {
    test('ServerAccessLogBucket: SSE-S3 (access logging refuses SSE-KMS), superseded logs kept as long as logs, retained', () => {
      const { accessLogs } = buckets();
      expect(accessLogs.DeletionPolicy).toBe('Retain');
      expect(accessLogs.Properties).toMatchObject({
        ...baseline(30),
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      });
      expect(accessLogs.Properties.LoggingConfiguration).toBeUndefined();
    });

    test('DET-7 no Object Lock unless asked for (the canary artifacts stay deletable)', () => {
      const { accessLogs, logs } = buckets();
      expect(logs.Properties.ObjectLockEnabled).toBeUndefined();
      expect(accessLogs.Properties.ObjectLockEnabled).toBeUndefined();
    });

    test('DET-7 refuses an Object Lock longer than the retention, or of no whole day', () => {
      const lockFor = (days: number) => () => {
        const stack = testStack();
        new SecureBucket(stack, 'Logs', {
          encryptionKey: new kms.Key(stack, 'Key'),
          accessLogBucket: new ServerAccessLogBucket(stack, 'AccessLogs', { retentionDays: 30 }),
          accessLogPrefix: 'logs/',
          retentionDays: 30,
          noReplicationReason: 'Test bucket: a reason that names the compensating control.',
          objectLock: { mode: 'GOVERNANCE', days },
        });
      };
      expect(lockFor(31)).toThrow(/objectLock.days must be a whole number from 1 to retentionDays \(30\), got 31/);
      expect(lockFor(0.5)).toThrow(/got 0.5/);
      expect(lockFor(30)).not.toThrow();
    });

    test('SecureBucket: customer key with an S3 Bucket Key, access-logged under its prefix, retained', () => {
      const { logs } = buckets();
      expect(logs.DeletionPolicy).toBe('Retain');
      expect(logs.Properties).toMatchObject({
        ...baseline(400),
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
          ],
        },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogsBucket/) },
          LogFilePrefix: 'logs/',
        },
      });
    });
  });
});

describe('Status', () => {
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
    test('refuses a URL that is not https, or not on port 443', () => {
      expect(() => canary({ urls: ['http://example.com/'] })).toThrow(
        /https URLs on port 443 only, got http:\/\/example.com\//,
      );
      expect(() => canary({ urls: ['https://example.com:8443/'] })).toThrow(
        /port 443 only, got https:\/\/example.com:8443\//,
      );
      expect(() => canary({ urls: ['https://example.com:443/'] })).not.toThrow();
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

    test('DET-5 PROOF-6 in a VPC: its security group lets only HTTPS out (pages, S3, CloudWatch), nothing else', () => {
      const t = canary({ inVpc: true });
      const groups = Object.values(t.findResources('AWS::EC2::SecurityGroup')).filter((g) =>
        String(g.Properties.GroupDescription).startsWith('Status canary'),
      );
      expect(groups).toHaveLength(1);
      expect(groups[0].Properties.SecurityGroupEgress).toEqual([
        {
          CidrIp: '0.0.0.0/0',
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          Description: 'HTTPS: checked pages, S3, CloudWatch',
        },
      ]);
      // No group of the canary allows every protocol (IpProtocol -1) anywhere.
      for (const g of Object.values(t.findResources('AWS::EC2::SecurityGroup')))
        for (const rule of g.Properties.SecurityGroupEgress ?? []) expect(rule.IpProtocol).not.toBe('-1');
      const [canaryResource] = Object.values(t.findResources('AWS::Synthetics::Canary'));
      const [groupId] = Object.keys(t.findResources('AWS::EC2::SecurityGroup', { Properties: groups[0].Properties }));
      expect(canaryResource.Properties.VPCConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [groupId, 'GroupId'] }]);
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
});

describe('ThreatDetection', () => {
  const finding = (type: string, severity: number) => ({
    source: 'aws.guardduty',
    'detail-type': 'GuardDuty Finding',
    detail: { type, severity },
  });

  /** GIVEN a fresh stack WHEN FindingRouting is added with `minSeverity`: the GuardDuty rule's pattern. */
  function guardDutyPattern(minSeverity?: number) {
    const stack = testStack();
    new FindingRouting(stack, 'FindingRouting', {
      topic: new sns.Topic(stack, 'Topic'),
      guardDutyMinSeverity: minSeverity,
    });
    const rules = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule'));
    const rule = rules.find((r) => /GuardDuty/.test(r.Properties.Description));
    return rule?.Properties.EventPattern;
  }

  describe('DET-1 ThreatDetector', () => {
    test('"create": a retained detector with RDS login, S3, malware protection and Fargate runtime monitoring (DET-6) as Features, no DataSources', () => {
      const stack = testStack();
      new ThreatDetector(stack, 'GuardDuty', { mode: 'create' });
      const t = Template.fromStack(stack);
      t.hasResource('AWS::GuardDuty::Detector', {
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
      for (const d of Object.values(t.findResources('AWS::GuardDuty::Detector')))
        expect(d.Properties.DataSources).toBeUndefined();
    });

    test('"existing": no detector (an account holds one per region)', () => {
      const stack = testStack();
      const detector = new ThreatDetector(stack, 'GuardDuty', { mode: 'existing' });
      expect(detector.detector).toBeUndefined();
      Template.fromStack(stack).resourceCountIs('AWS::GuardDuty::Detector', 0);
    });
  });

  describe('DET-3 SecurityHubBaseline', () => {
    test('by default Security Hub is enabled with FSBP only, in the stack region', () => {
      const stack = testStack();
      new SecurityHubBaseline(stack, 'SecurityHub');
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::SecurityHub::Hub', {
        EnableDefaultStandards: false,
        ControlFindingGenerator: 'SECURITY_CONTROL',
      });
      t.hasResourceProperties('AWS::SecurityHub::Standard', {
        StandardsArn: 'arn:aws:securityhub:eu-west-3::standards/aws-foundational-security-best-practices/v/1.0.0',
      });
    });

    test('"existing": neither hub nor standard', () => {
      const stack = testStack();
      new SecurityHubBaseline(stack, 'SecurityHub', { mode: 'existing' });
      const t = Template.fromStack(stack);
      t.resourceCountIs('AWS::SecurityHub::Hub', 0);
      t.resourceCountIs('AWS::SecurityHub::Standard', 0);
    });
  });

  describe('DET-3 FindingRouting', () => {
    test('the GuardDuty threshold is the configured one, inclusive; RDS findings pass below it', () => {
      const p = guardDutyPattern(7);
      expect(matchesPattern(p, finding('Recon:EC2/PortProbeUnprotectedPort', 5))).toBe(false);
      expect(matchesPattern(p, finding('Recon:EC2/PortProbeUnprotectedPort', 7))).toBe(true);
      expect(matchesPattern(p, finding('CredentialAccess:RDS/MaliciousIPCaller.SuccessfulLogin', 5))).toBe(true);
    });

    test('without a threshold, DEFAULT_GUARDDUTY_MIN_SEVERITY (4) applies', () => {
      const p = guardDutyPattern();
      expect(matchesPattern(p, finding('Recon:EC2/PortProbeUnprotectedPort', 4))).toBe(true);
      expect(matchesPattern(p, finding('Recon:EC2/PortProbeUnprotectedPort', 3.9))).toBe(false);
    });

    test('DET-6 Security Hub: a GuardDuty-product finding is not sent twice (its own rule sends it); Config and Inspector ones are', () => {
      const stack = testStack();
      const topic = new sns.Topic(stack, 'Topic');
      new FindingRouting(stack, 'FindingRouting', { topic });
      const rules = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule')) as any[];
      const hub = rules.find((r) => /Security Hub/.test(r.Properties.Description)).Properties.EventPattern;
      const imported = (ProductName: string, Label = 'HIGH') => ({
        source: 'aws.securityhub',
        'detail-type': 'Security Hub Findings - Imported',
        detail: {
          findings: [{ ProductName, Severity: { Label }, Workflow: { Status: 'NEW' }, RecordState: 'ACTIVE' }],
        },
      });
      expect(matchesPattern(hub, imported('GuardDuty', 'CRITICAL'))).toBe(false);
      expect(matchesPattern(hub, imported('Config'))).toBe(true);
      expect(matchesPattern(hub, imported('Inspector', 'CRITICAL'))).toBe(true);
      expect(matchesPattern(hub, imported('Security Hub'))).toBe(true);
      expect(matchesPattern(hub, imported('Inspector', 'MEDIUM'))).toBe(false);
    });
  });
});

describe('SecretReadAlarm', () => {
  const ACCOUNT = TEST_ENV.account;
  const SECRET = `arn:aws:secretsmanager:eu-west-3:${ACCOUNT}:secret:rds!cluster-0a1b2c3d-4e5f-6789-abcd-ef0123456789-AbCdEf`;
  const VALIDATOR = `arn:aws:iam::${ACCOUNT}:role/prod-Backup-RestoreTestingValidatorRole-1A2B3C`;
  const RDS_ROTATION = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS`;

  /** GIVEN a fresh stack WHEN a SecretReadAlarm watches SECRET and lets the validator read it: the rule. */
  function rule() {
    const stack = testStack();
    new SecretReadAlarm(stack, 'MasterSecretRead', {
      secretArn: SECRET,
      allowedReaderRoleArns: [VALIDATOR],
      topic: new sns.Topic(stack, 'Topic'),
      secretDescription: 'the master password of prod-aurora',
    });
    const rules = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    return rules[0].Properties;
  }

  /** A CloudTrail GetSecretValue event as EventBridge delivers it. */
  const read = (userIdentity: object, secretId = SECRET) => ({
    source: 'aws.secretsmanager',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: {
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'GetSecretValue',
      userIdentity,
      requestParameters: { secretId },
    },
  });
  const role = (arn: string) => ({
    type: 'AssumedRole',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${arn.split('/').pop()}/session`,
    sessionContext: { sessionIssuer: { type: 'Role', arn } },
  });
  const OPERATOR = role(`arn:aws:iam::${ACCOUNT}:role/prod-Data-OperatorAccessOperatorRole-9Z8Y7X`);

  test('DB-2 the rule receives read-only management events: state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', () => {
    expect(READ_EVENTS_RULE_STATE).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(rule().State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
  });

  test('DB-2 a read by an operator, an IAM user or root matches, whatever id names the secret', () => {
    const p = rule().EventPattern;
    const partial = SECRET.slice(0, -7);
    const name = partial.split(':secret:')[1];
    for (const id of [SECRET, partial, name]) expect(matchesPattern(p, read(OPERATOR, id))).toBe(true);
    expect(matchesPattern(p, read({ type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/someone` }))).toBe(true);
    expect(matchesPattern(p, read({ type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` }))).toBe(true);
  });

  test('DB-2 the restore validator and RDS rotation, excluded by role ARN, do not match; nor does another secret', () => {
    const p = rule().EventPattern;
    expect(matchesPattern(p, read(role(VALIDATOR)))).toBe(false);
    expect(matchesPattern(p, read(role(RDS_ROTATION)))).toBe(false);
    expect(matchesPattern(p, read({ type: 'AWSService', invokedBy: 'rds.amazonaws.com' }))).toBe(false);
    expect(
      matchesPattern(p, read(OPERATOR, `arn:aws:secretsmanager:eu-west-3:${ACCOUNT}:secret:app-config-AbCdEf`)),
    ).toBe(false);
    expect(
      matchesPattern(p, { ...read(OPERATOR), detail: { ...read(OPERATOR).detail, eventName: 'DescribeSecret' } }),
    ).toBe(false);
  });

  test('DB-2 the alert goes to the topic, saying what was read, by whom, from where and when', () => {
    const target = rule().Targets[0];
    expect(target.Arn).toEqual({ Ref: expect.stringMatching(/^Topic/) });
    expect(target.RoleArn).toBeUndefined();
    expect(target.InputTransformer.InputPathsMap).toEqual(
      expect.objectContaining({
        'detail-userIdentity-arn': '$.detail.userIdentity.arn',
        'detail-sourceIPAddress': '$.detail.sourceIPAddress',
        'detail-eventTime': '$.detail.eventTime',
      }),
    );
    expect(target.InputTemplate ?? target.InputTransformer.InputTemplate).toMatch(
      /Break-glass: the master password of prod-aurora was read/,
    );
  });
});
