import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLAIM_IDS, checkAll, claim } from '../../lib/compliance/claims';
import type { StageModel } from '../../lib/compliance/model/types';
import { DEFAULT_GUARDDUTY_REGIONS } from '../../lib/core/regions';
import { fixtureConfig, goodStage, internalStage, mutate } from './fixtures/stage';

const good = goodStage();
const statusOf = (m: StageModel, id: string) => claim(id).check(m);
const set = (path: string, value: unknown) => (r: any) => {
  const parts = path.split('.');
  let cur = r;
  for (const p of parts.slice(0, -1)) cur = cur[p];
  if (value === undefined) delete cur[parts[parts.length - 1]];
  else cur[parts[parts.length - 1]] = value;
  return r;
};
const remove = () => undefined;

const CLAIMS_DIR = path.join(__dirname, '..', '..', 'lib', 'compliance', 'claims');
const claimFiles = fs.readdirSync(CLAIMS_DIR).filter((f) => /^[a-z]+-\d+\.ts$/.test(f));

describe('one file per claim: lib/compliance/claims/<id>.ts exports it, and the index lists it', () => {
  test.each(CLAIM_IDS)('%s', (id) => {
    const file = `${id.toLowerCase()}.ts`;
    expect(claimFiles).toContain(file);
    const exported = Object.values(require(path.join(CLAIMS_DIR, file)) as Record<string, unknown>);
    expect(exported).toHaveLength(1);
    expect(exported[0]).toBe(claim(id));
    expect(claim(id)).toMatchObject({ id, declared: expect.stringMatching(/\w/), check: expect.any(Function) });
  });
  test('every claim file is listed in the index', () => {
    expect(claimFiles.map((f) => f.replace(/\.ts$/, '').toUpperCase()).sort()).toEqual([...CLAIM_IDS].sort());
  });
});

/**
 * Claims judged by evaluating the stage's real policies, which the hand-made stage only sketches: they are kept and
 * broken on the real example stages instead, in the files named here.
 */
const JUDGED_ON_REAL_STAGES: Readonly<Record<string, string>> = {
  'PROOF-5': 'test/compliance/effects.test.ts (every derived path of both stages; the validator log grant put back)',
};

describe('the hand-made public stage keeps every claim', () => {
  test.each(
    checkAll(good)
      .filter((r) => !(r.id in JUDGED_ON_REAL_STAGES))
      .map((r) => [r.id, r] as const),
  )('%s', (_id, r) => {
    expect([r.status, r.why]).toEqual([r.id === 'ORG-2' ? 'not-applicable' : 'kept', expect.any(String)]);
    if (r.status === 'kept') expect(r.evidence.length).toBeGreaterThan(0);
  });
});

describe('the hand-made internal stage: no public entry, claims about CloudFront not applicable', () => {
  const results = Object.fromEntries(checkAll(internalStage()).map((r) => [r.id, r]));
  test.each(['ORG-2', 'DB-1', 'BKP-6', 'DET-1', 'EDGE-1', 'EDGE-2', 'EDGE-4', 'MAIL-1'])('%s kept', (id) =>
    expect([id, results[id].status, results[id].why]).toEqual([id, 'kept', expect.any(String)]),
  );
  test.each(['EDGE-5', 'EDGE-6', 'EDGE-7', 'DET-5'])('%s not applicable, with a reason', (id) => {
    expect(results[id].status).toBe('not-applicable');
    expect(results[id].why).toMatch(/internal/);
  });
});

type Case = [claim: string, what: string, broken: () => StageModel];
const D = 'p-Data';
const BK = 'p-Backup';
const EG = 'p-Edge';
const cases: Case[] = [
  [
    'DB-1',
    'a CIDR ingress on the DB security group',
    () =>
      mutate(good, D, 'FromHost', set('Properties.SourceSecurityGroupId', undefined)) &&
      mutate(good, D, 'FromHost', (r) => ({
        ...r,
        Properties: { ...r.Properties, SourceSecurityGroupId: undefined, CidrIp: '0.0.0.0/0' },
      })),
  ],
  [
    'DB-1',
    'an instance without PubliclyAccessible false',
    () => mutate(good, D, 'Reader', set('Properties.PubliclyAccessible', undefined)),
  ],
  ['DB-1', 'another port admitted', () => mutate(good, D, 'FromHost', set('Properties.ToPort', 5433))],
  [
    'DB-1',
    'open egress',
    () => mutate(good, D, 'DbSg', set('Properties.SecurityGroupEgress', [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }])),
  ],
  [
    'DB-1',
    'prefix list differs from operatorCidrs',
    () => mutate(good, D, 'OperatorList4', set('Properties.Entries', [{ Cidr: '198.51.100.0/24' }])),
  ],
  [
    'DB-1',
    'operator role without aws:SourceIp',
    () => mutate(good, D, 'OperatorPolicy', set('Properties.PolicyDocument.Statement.0.Condition', undefined)),
  ],
  [
    'DB-1',
    'a subnet with a default route',
    () =>
      mutate(good, 'p-Network', 'IsoRt', (r) => r) &&
      (() => {
        const m = mutate(good, 'p-Network', 'IsoRt', (r) => r);
        (m.stacks.find((s) => s.name === 'p-Network')!.template.Resources as any).Default = {
          Type: 'AWS::EC2::Route',
          Properties: { RouteTableId: { Ref: 'IsoRt' }, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat' },
        };
        return m;
      })(),
  ],
  ['DB-2', 'IAM auth off', () => mutate(good, D, 'Cluster', set('Properties.EnableIAMDatabaseAuthentication', false))],
  [
    'DB-2',
    'a literal master password',
    () => mutate(good, D, 'Cluster', set('Properties.MasterUserPassword', 'hunter2hunter2')),
  ],
  [
    'DB-2',
    'TLS not forced',
    () =>
      mutate(good, D, 'Params', (r) => {
        delete r.Properties.Parameters['rds.force_ssl'];
        return r;
      }),
  ],
  [
    'DB-3',
    'the app role may connect as any user',
    () =>
      mutate(
        good,
        D,
        'AppPolicy',
        set('Properties.PolicyDocument.Statement.0.Resource', 'arn:aws:rds-db:eu-west-3:111122223333:dbuser:*/*'),
      ),
  ],
  [
    'DB-3',
    'operator role without MFA',
    () => mutate(good, D, 'OperatorRole', set('Properties.AssumeRolePolicyDocument.Statement.0.Condition', undefined)),
  ],
  ['DB-3', 'no read-only role', () => mutate(good, D, 'ReadOnlyRole', remove)],
  ['DB-4', 'storage key without rotation', () => mutate(good, D, 'DbKey', set('Properties.EnableKeyRotation', false))],
  ['DB-4', 'AWS-managed storage key', () => mutate(good, D, 'Cluster', set('Properties.KmsKeyId', undefined))],
  ['DB-4', 'DB log group unencrypted', () => mutate(good, D, 'DbLogs', set('Properties.KmsKeyId', undefined))],
  [
    'DB-5',
    'pgaudit not preloaded',
    () => mutate(good, D, 'Params', set('Properties.Parameters.shared_preload_libraries', 'pg_stat_statements')),
  ],
  ['DB-5', 'logs not exported', () => mutate(good, D, 'Cluster', set('Properties.EnableCloudwatchLogsExports', []))],
  [
    'DB-5',
    'log group without retention',
    () => mutate(good, D, 'DbLogs', set('Properties.RetentionInDays', undefined)),
  ],
  ['DB-6', 'no reader', () => mutate(good, D, 'Reader', remove)],
  ['DB-6', 'deletion protection off', () => mutate(good, D, 'Cluster', set('Properties.DeletionProtection', false))],
  ['DB-6', 'Delete removal policy', () => mutate(good, D, 'Cluster', set('DeletionPolicy', 'Delete'))],
  [
    'BKP-1',
    'vault without customer key',
    () => mutate(good, BK, 'HistVault', set('Properties.EncryptionKeyArn', undefined)),
  ],
  [
    'BKP-1',
    'vault key without rotation',
    () => mutate(good, 'p-Recovery', 'CopyKey', set('Properties.EnableKeyRotation', false)),
  ],
  [
    'BKP-2',
    'no continuous rule',
    () =>
      mutate(good, BK, 'Plan', (r) => {
        r.Properties.BackupPlan.BackupPlanRule.shift();
        return r;
      }),
  ],
  [
    'BKP-2',
    'snapshots only every 8 hours',
    () =>
      mutate(good, BK, 'Plan', set('Properties.BackupPlan.BackupPlanRule.1.ScheduleExpression', 'cron(0 0/8 * * ? *)')),
  ],
  [
    'BKP-2',
    'the cluster is not selected',
    () => mutate(good, BK, 'Selection', set('Properties.BackupSelection.Resources', [])),
  ],
  [
    'BKP-3',
    'a rule without copy',
    () => mutate(good, BK, 'Plan', set('Properties.BackupPlan.BackupPlanRule.1.CopyActions', [])),
  ],
  ['BKP-3', 'copy vault not declared in the backup region', () => mutate(good, 'p-Recovery', 'CopyVault', remove)],
  [
    'BKP-4',
    'continuous window not the configured one',
    () => mutate(good, BK, 'Plan', set('Properties.BackupPlan.BackupPlanRule.0.Lifecycle.DeleteAfterDays', 7)),
  ],
  ['BKP-4', 'no runbook', () => ({ ...good, repo: { files: [], content: {} } })],
  ['BKP-5', 'no restore testing plan', () => mutate(good, BK, 'RestorePlan', remove)],
  [
    'BKP-5',
    'no cross-region control',
    () =>
      mutate(
        good,
        BK,
        'Framework',
        set('Properties.FrameworkControls', [{ ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED' }]),
      ),
  ],
  ['BKP-5', 'failed jobs raise no alert', () => mutate(good, BK, 'JobsFailed', remove)],
  [
    'BKP-6',
    'history kept 120 days',
    () => mutate(good, BK, 'Plan', set('Properties.BackupPlan.BackupPlanRule.2.Lifecycle.DeleteAfterDays', 120)),
  ],
  [
    'BKP-6',
    'copy of the history kept 365 days',
    () =>
      mutate(
        good,
        BK,
        'Plan',
        set('Properties.BackupPlan.BackupPlanRule.2.CopyActions.0.Lifecycle.DeleteAfterDays', 365),
      ),
  ],
  [
    'BKP-6',
    'lock minimum above what the vault receives',
    () => mutate(good, BK, 'FreqVault', set('Properties.LockConfiguration.MinRetentionDays', 7)),
  ],
  [
    'BKP-6',
    'no lock on the history vault',
    () => mutate(good, BK, 'HistVault', set('Properties.LockConfiguration', undefined)),
  ],
  [
    'BKP-6',
    'hourly snapshots kept 7 days exceed the quota',
    () =>
      mutate(good, BK, 'Plan', (r) =>
        set(
          'Properties.BackupPlan.BackupPlanRule.1.Lifecycle.DeleteAfterDays',
          7,
        )(set('Properties.BackupPlan.BackupPlanRule.1.ScheduleExpression', 'cron(0 * * * ? *)')(r)),
      ),
  ],
  [
    'BKP-7',
    'the daily rule copies into no air-gapped vault',
    () => mutate(good, BK, 'Plan', set('Properties.BackupPlan.BackupPlanRule.2.CopyActions.1', undefined)),
  ],
  ['BKP-7', 'no air-gapped vault declared', () => mutate(good, BK, 'AirGappedVault', remove)],
  [
    'BKP-7',
    'the backup key has no guard',
    () =>
      mutate(good, BK, 'BackupKey', (r) =>
        set('Properties.KeyPolicy.Statement', r.Properties.KeyPolicy.Statement.slice(0, 2))(r),
      ),
  ],
  [
    'BKP-7',
    'the storage key lets the deployment role delete it too',
    () =>
      mutate(good, D, 'DbKey', (r) => {
        const guard = r.Properties.KeyPolicy.Statement.find((x: any) => x.Sid === 'DenyKeyDeletionExceptBreakGlass');
        guard.Condition.ArnNotLike['aws:PrincipalArn'] = [
          guard.Condition.ArnNotLike['aws:PrincipalArn'],
          'arn:aws:iam::111122223333:role/cdk-hnb659fds-cfn-exec-role-111122223333-eu-west-3',
        ];
        return r;
      }),
  ],
  [
    'BKP-7',
    'the copy key denies deletion only without MFA (a narrower Deny)',
    () =>
      mutate(good, 'p-Recovery', 'CopyKey', (r) => {
        const guard = r.Properties.KeyPolicy.Statement.find((x: any) => x.Sid === 'DenyKeyDeletionExceptBreakGlass');
        guard.Condition.BoolIfExists = { 'aws:MultiFactorAuthPresent': 'false' };
        return r;
      }),
  ],
  [
    'DET-1',
    'no RDS protection',
    () =>
      mutate(
        good,
        'p-Detection',
        'Detector',
        set('Properties.Features', [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }]),
      ),
  ],
  ['DET-1', 'no detector in the backup region', () => mutate(good, 'p-DetectionBackupRegion', 'Detector', remove)],
  [
    'DET-2',
    'SQLi rule group only counting',
    () => mutate(good, EG, 'Acl', set('Properties.Rules.2.OverrideAction', { Count: {} })),
  ],
  ['DET-2', 'no SQLi alarm at the edge', () => mutate(good, EG, 'EdgeSqli', remove)],
  [
    'DET-3',
    'an alert topic in the backup region nobody is subscribed to',
    () => mutate(good, 'p-DetectionBackupRegion', 'TopicMail', set('Properties.TopicArn', { Ref: 'Nothing' })),
  ],
  [
    'DET-3',
    'GuardDuty rule to no topic',
    () => mutate(good, 'p-Detection', 'GuardDutyRule', set('Properties.Targets', [])),
  ],
  [
    'DET-3',
    'unencrypted alert topic',
    () => mutate(good, 'p-Network', 'Alerts', set('Properties.KmsMasterKeyId', undefined)),
  ],
  ['DET-3', 'an alarm with no action', () => mutate(good, 'p-Mail', 'Volume', set('Properties.AlarmActions', []))],
  [
    'DET-4',
    'trail without log file validation',
    () => mutate(good, 'p-Detection', 'Trail', set('Properties.EnableLogFileValidation', false)),
  ],
  [
    'DET-4',
    'a log group without retention',
    () => mutate(good, 'p-Network', 'FlowLogs', set('Properties.RetentionInDays', undefined)),
  ],
  ['DET-5', 'no health check on a domain', () => mutate(good, EG, 'Health1', remove)],
  ['DET-5', 'no health check on a www hostname the distribution serves', () => mutate(good, EG, 'HealthWww0', remove)],
  ['DET-5', 'no canary', () => mutate(good, 'p-Detection', 'Canary', remove)],
  [
    'DET-6',
    'the GuardDuty StackSet misses a configured region',
    () =>
      mutate(good, 'p-Detection', 'GuardDutyStackSet', (r) => {
        r.Properties.StackInstancesGroup[0].Regions = r.Properties.StackInstancesGroup[0].Regions.slice(1);
        return r;
      }),
  ],
  [
    'DET-6',
    'the GuardDuty StackSet also targets a region whose stack owns the detector (a second detector fails)',
    () =>
      mutate(good, 'p-Detection', 'GuardDutyStackSet', (r) => {
        r.Properties.StackInstancesGroup[0].Regions.push(good.config.backupRegion);
        return r;
      }),
  ],
  ['DET-6', 'no GuardDuty StackSet', () => mutate(good, 'p-Detection', 'GuardDutyStackSet', remove)],
  [
    'DET-6',
    'an opt-in StackSet region whose CloudFormation principal the administration role does not trust',
    () =>
      goodStage(
        fixtureConfig({ detection: { guardDutyRegions: [...DEFAULT_GUARDDUTY_REGIONS, 'eu-south-1'] } } as never),
      ),
  ],
  [
    'DET-6',
    'the StackSet does not wait for its execution role',
    () => mutate(good, 'p-Detection', 'GuardDutyStackSet', set('DependsOn', ['StackSetAdministrationRole'])),
  ],
  [
    'DET-6',
    'no StackSet execution role with stackSetRoles "create"',
    () => mutate(good, 'p-Detection', 'StackSetExecutionRole', remove),
  ],
  [
    'DET-6',
    'a detector without Fargate runtime monitoring',
    () =>
      mutate(good, 'p-DetectionBackupRegion', 'Detector', (r) => {
        r.Properties.Features = r.Properties.Features.filter((f: any) => f.Name !== 'RUNTIME_MONITORING');
        return r;
      }),
  ],
  [
    'DET-6',
    "the StackSet's detector without Fargate runtime monitoring",
    () =>
      mutate(good, 'p-Detection', 'GuardDutyStackSet', (r) => {
        const t = JSON.parse(r.Properties.TemplateBody);
        t.Resources.Detector.Properties.Features[3].AdditionalConfiguration = [];
        r.Properties.TemplateBody = JSON.stringify(t);
        return r;
      }),
  ],
  [
    'DET-6',
    'no Config recorder where Security Hub runs',
    () => mutate(good, 'p-DetectionBackupRegion', 'Recorder', remove),
  ],
  [
    'DET-6',
    'a recorder that skips resource types',
    () => mutate(good, 'p-Detection', 'Recorder', set('Properties.RecordingGroup.AllSupported', false)),
  ],
  [
    'DET-6',
    'global resource types recorded in two regions',
    () =>
      mutate(
        good,
        'p-DetectionBackupRegion',
        'Recorder',
        set('Properties.RecordingGroup.IncludeGlobalResourceTypes', true),
      ),
  ],
  [
    'DET-6',
    'an unencrypted delivery channel',
    () => mutate(good, 'p-Detection', 'DeliveryChannel', set('Properties.S3KmsKeyArn', undefined)),
  ],
  ['DET-6', 'no Security Hub finding aggregator', () => mutate(good, 'p-Detection', 'HubAggregator', remove)],
  [
    'DET-6',
    'the aggregator does not link the backup region',
    () => mutate(good, 'p-Detection', 'HubAggregator', set('Properties.Regions', ['us-east-1'])),
  ],
  ['DET-6', 'no Security Hub in the backup region', () => mutate(good, 'p-DetectionBackupRegion', 'Hub', remove)],
  [
    'DET-6',
    'aggregated Security Hub findings also routed in the backup region (two alerts per finding)',
    () => {
      const m = mutate(good, 'p-DetectionBackupRegion', 'Hub', (r) => r);
      const backup = m.stacks.find((x) => x.name === 'p-DetectionBackupRegion');
      (backup?.template.Resources as any).HubRule = {
        Type: 'AWS::Events::Rule',
        Properties: { EventPattern: { source: ['aws.securityhub'] }, Targets: [{ Arn: { Ref: 'Topic' }, Id: 't' }] },
      };
      return m;
    },
  ],
  [
    'DET-6',
    'a recovery-point control of the audit framework scoped to Aurora (evaluates nothing)',
    () =>
      mutate(good, BK, 'Framework', (r) => {
        r.Properties.FrameworkControls[0].ControlScope = { ComplianceResourceTypes: ['Aurora'] };
        return r;
      }),
  ],
  ['DET-7', 'no tamper rule in the backup region', () => mutate(good, 'p-DetectionBackupRegion', 'TamperRule', remove)],
  [
    'DET-7',
    'kms:PutKeyPolicy left out of the primary tamper rule',
    () =>
      mutate(good, 'p-Detection', 'TamperRule', set('Properties.EventPattern.detail.$or.6.eventName', ['DisableKey'])),
  ],
  [
    'DET-7',
    'a tamper rule on every KMS call (routine decrypts alert: noise)',
    () =>
      mutate(
        good,
        'p-Detection',
        'TamperRule',
        set('Properties.EventPattern.detail.$or.6.eventName', [{ prefix: '' }]),
      ),
  ],
  [
    'DET-7',
    'the backup region forwarded too, and the primary rule no longer leaves it out (alerted twice)',
    () =>
      mutate(
        mutate(good, 'p-Detection', 'TamperRule', set('Properties.EventPattern.region', undefined)),
        'p-Detection',
        'GuardDutyStackSet',
        set('Properties.StackInstancesGroup.0.Regions', ['us-east-1', 'sa-east-1', good.config.backupRegion]),
      ),
  ],
  [
    'DET-7',
    'us-east-1 neither alerts nor forwards (root sign-in unseen)',
    () =>
      mutate(good, 'p-Detection', 'GuardDutyStackSet', set('Properties.StackInstancesGroup.0.Regions', ['sa-east-1'])),
  ],
  [
    'DET-7',
    'the alert key of the backup region does not admit EventBridge',
    () => mutate(good, 'p-DetectionBackupRegion', 'Key', set('Properties.KeyPolicy.Statement', [])),
  ],
  [
    'DET-7',
    'GuardDuty Stealth findings only above the severity threshold',
    () =>
      mutate(
        good,
        'p-Detection',
        'GuardDutyRule',
        set('Properties.EventPattern.detail.$or.1.type', [{ prefix: 'Policy:' }]),
      ),
  ],
  [
    'DET-7',
    "the StackSet forwards to another region's bus, not the primary's",
    () =>
      mutate(
        good,
        'p-Detection',
        'GuardDutyStackSet',
        set('Properties.Parameters.1.ParameterValue', 'arn:aws:events:us-east-1:111122223333:event-bus/default'),
      ),
  ],
  [
    'DET-7',
    'the forward role may not put events on the primary bus',
    () =>
      mutate(good, 'p-Detection', 'ForwardPolicy', set('Properties.PolicyDocument.Statement.0.Action', 'events:List*')),
  ],
  [
    'DET-7',
    'the forwarding rule in state ENABLED (read-only AssumeRole of the break-glass role never forwarded)',
    () =>
      mutate(good, 'p-Detection', 'GuardDutyStackSet', (r) => {
        const t = JSON.parse(r.Properties.TemplateBody);
        t.Resources.ForwardRule.Properties.State = 'ENABLED';
        r.Properties.TemplateBody = JSON.stringify(t);
        return r;
      }),
  ],
  [
    'DET-7',
    'the break-glass AssumeRole rule in state ENABLED (it never receives read-only events)',
    () => mutate(good, 'p-Detection', 'BreakGlassRule', set('Properties.State', 'ENABLED')),
  ],
  [
    'DET-7',
    'GuardDuty auto-archive filters do not alert',
    () =>
      mutate(good, 'p-Detection', 'TamperRule', (r) => {
        r.Properties.EventPattern.detail.$or = r.Properties.EventPattern.detail.$or.filter(
          (x: any) => !x.requestParameters?.action,
        );
        return r;
      }),
  ],
  [
    'DET-7',
    'the IAM break-glass watch on another role name than keyGuard.breakGlassRoleName',
    () =>
      mutate(good, 'p-Detection', 'TamperRule', (r) => {
        for (const x of r.Properties.EventPattern.detail.$or)
          if (x.requestParameters?.roleName) x.requestParameters.roleName = ['Admin'];
        return r;
      }),
  ],
  [
    'DET-7',
    'the trail bucket without Object Lock',
    () => mutate(good, 'p-Detection', 'TrailBucket', set('Properties.ObjectLockEnabled', undefined)),
  ],
  [
    'EDGE-1',
    'a behavior allowing HTTP',
    () =>
      mutate(
        good,
        EG,
        'Distribution',
        set('Properties.DistributionConfig.CacheBehaviors.0.ViewerProtocolPolicy', 'allow-all'),
      ),
  ],
  [
    'EDGE-1',
    'origin over match-viewer',
    () => mutate(good, EG, 'VpcOrigin', set('Properties.VpcOriginEndpointConfig.OriginProtocolPolicy', 'match-viewer')),
  ],
  [
    'EDGE-1',
    'HTTP listener forwarding',
    () => mutate(good, 'p-App', 'Http', set('Properties.DefaultActions', [{ Type: 'forward' }])),
  ],
  [
    'EDGE-2',
    'CloudFront TLSv1.2_2019',
    () =>
      mutate(
        good,
        EG,
        'Distribution',
        set('Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion', 'TLSv1.2_2019'),
      ),
  ],
  ['EDGE-2', 'ALB default 2016 policy', () => mutate(good, 'p-App', 'Https', set('Properties.SslPolicy', undefined))],
  [
    'EDGE-2',
    'ALB policy with CBC suites',
    () => mutate(good, 'p-App', 'Https', set('Properties.SslPolicy', 'ELBSecurityPolicy-TLS13-1-2-2021-06')),
  ],
  [
    'EDGE-3',
    'email-validated certificate',
    () => mutate(good, EG, 'Cert', set('Properties.ValidationMethod', 'EMAIL')),
  ],
  [
    'EDGE-3',
    'CAA allowing another authority',
    () => mutate(good, EG, 'Caa0', set('Properties.ResourceRecords', ['0 issue "letsencrypt.org"'])),
  ],
  [
    'EDGE-4',
    'HSTS one year',
    () =>
      mutate(
        good,
        EG,
        'Headers',
        set(
          'Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.StrictTransportSecurity.AccessControlMaxAgeSec',
          31536000,
        ),
      ),
  ],
  [
    'EDGE-4',
    'a behavior without the headers policy',
    () =>
      mutate(
        good,
        EG,
        'Distribution',
        set('Properties.DistributionConfig.CacheBehaviors.0.ResponseHeadersPolicyId', undefined),
      ),
  ],
  [
    'EDGE-4',
    'X-XSS-Protection 1; mode=block by default',
    () =>
      mutate(
        good,
        EG,
        'Headers',
        set('Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.XSSProtection', {
          Protection: true,
          ModeBlock: true,
          Override: true,
        }),
      ),
  ],
  [
    'EDGE-4',
    'Server header kept',
    () => mutate(good, EG, 'Headers', set('Properties.ResponseHeadersPolicyConfig.RemoveHeadersConfig', undefined)),
  ],
  ['EDGE-5', 'internet-facing ALB', () => mutate(good, 'p-App', 'Alb', set('Properties.Scheme', 'internet-facing'))],
  [
    'EDGE-6',
    'ATP on another path',
    () =>
      mutate(
        good,
        EG,
        'Acl',
        set(
          'Properties.Rules.4.Statement.ManagedRuleGroupStatement.ManagedRuleGroupConfigs.0.AWSManagedRulesATPRuleSet.LoginPath',
          '/signin',
        ),
      ),
  ],
  [
    'EDGE-6',
    'no login rate rule',
    () =>
      mutate(good, EG, 'Acl', (r) => {
        r.Properties.Rules = r.Properties.Rules.filter((x: any) => x.Name !== 'LoginRate');
        return r;
      }),
  ],
  [
    'EDGE-7',
    'a behavior without the cookie function',
    () =>
      mutate(
        good,
        EG,
        'Distribution',
        set('Properties.DistributionConfig.DefaultCacheBehavior.LambdaFunctionAssociations', []),
      ),
  ],
  [
    'EDGE-7',
    'the cookie function on viewer response: 401, 403 and 500 reach the browser unhardened',
    () =>
      mutate(
        good,
        EG,
        'Distribution',
        set('Properties.DistributionConfig.CacheBehaviors.0.LambdaFunctionAssociations.0.EventType', 'viewer-response'),
      ),
  ],
  [
    'EDGE-7',
    'the design before the sharpened claim: a CloudFront Function on viewer response on every behavior',
    () => {
      const viewerOnly = (b: any) => {
        delete b.LambdaFunctionAssociations;
        b.FunctionAssociations = [
          { EventType: 'viewer-response', FunctionARN: { 'Fn::GetAtt': ['Cookies', 'FunctionARN'] } },
        ];
      };
      const m = mutate(good, EG, 'Cookies', () => ({
        Type: 'AWS::CloudFront::Function',
        Properties: {
          FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
          FunctionCode:
            'function handler(event) { var c = event.response.cookies; /* add Secure; HttpOnly; SameSite=Lax to each set-cookie */ return event.response; }',
        },
      }));
      return mutate(m, EG, 'Distribution', (r) => {
        viewerOnly(r.Properties.DistributionConfig.DefaultCacheBehavior);
        r.Properties.DistributionConfig.CacheBehaviors.forEach(viewerOnly);
        return r;
      });
    },
  ],
  [
    'EDGE-7',
    'SameSite=None kept by the function while the stage does not allow it',
    () =>
      mutate(good, EG, 'Cookies', (r) => {
        r.Properties.Code.ZipFile = r.Properties.Code.ZipFile.replace(
          '{"allowSameSiteNone":false}',
          '{"allowSameSiteNone":true}',
        );
        return r;
      }),
  ],
  [
    'EDGE-7',
    'environment variables on the function (Lambda@Edge refuses them)',
    () => mutate(good, EG, 'Cookies', set('Properties.Environment', { Variables: { ALLOW_NONE: 'true' } })),
  ],
  [
    'EDGE-7',
    'its role not trusted by edgelambda.amazonaws.com',
    () =>
      mutate(
        good,
        EG,
        'CookiesRole',
        set('Properties.AssumeRolePolicyDocument.Statement.0.Principal.Service', ['lambda.amazonaws.com']),
      ),
  ],
  [
    'EDGE-7',
    'its role may read buckets besides writing its logs',
    () =>
      mutate(good, EG, 'CookiesPolicy', (r) => {
        r.Properties.PolicyDocument.Statement.push({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
        return r;
      }),
  ],
  [
    'EDGE-7',
    'its role with the AWS-managed basic execution policy (logs of every group)',
    () =>
      mutate(
        good,
        EG,
        'CookiesRole',
        set('Properties.ManagedPolicyArns', ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']),
      ),
  ],
  [
    'EDGE-7',
    'its role may write any log group',
    () =>
      mutate(
        good,
        EG,
        'CookiesPolicy',
        set('Properties.PolicyDocument.Statement.1.Resource', 'arn:aws:logs:*:111122223333:log-group:*'),
      ),
  ],
  [
    'EDGE-8',
    'no IP reputation list where the ACL sees its clients',
    () =>
      mutate(good, EG, 'Acl', (r) => {
        r.Properties.Rules = r.Properties.Rules.filter((x: any) => x.Name !== 'AWSManagedRulesAmazonIpReputationList');
        return r;
      }),
  ],
  ['EDGE-8', 'WAF logs without redaction', () => mutate(good, EG, 'AclLog', set('Properties.RedactedFields', []))],
  [
    'EDGE-10',
    'the regional rate rule keyed on the first X-Forwarded-For address',
    () =>
      mutate(good, 'p-App', 'RegionalAcl', (r) => {
        r.Properties.Rules.push(forwardedRate());
        return r;
      }),
  ],
  [
    'EDGE-9',
    'www of a domain not an alias',
    () =>
      mutate(
        good,
        EG,
        'Distribution',
        set('Properties.DistributionConfig.Aliases', ['example.com', 'www.example.com', 'example.org']),
      ),
  ],
  [
    'MAIL-1',
    'DKIM 1024',
    () =>
      mutate(good, 'p-Mail', 'Identity0', set('Properties.DkimSigningAttributes.NextSigningKeyLength', 'RSA_1024_BIT')),
  ],
  [
    'MAIL-1',
    'DMARC p=none',
    () =>
      mutate(
        good,
        'p-Mail',
        'Dmarc1',
        set('Properties.ResourceRecords', ['"v=DMARC1; p=none; rua=mailto:x@example.com"']),
      ),
  ],
  ['MAIL-2', 'no contact list', () => mutate(good, 'p-Mail', 'ContactList', remove)],
  [
    'MAIL-3',
    'TLS optional for delivery',
    () => mutate(good, 'p-Mail', 'ConfigSet', set('Properties.DeliveryOptions.TlsPolicy', 'OPTIONAL')),
  ],
  ['MAIL-3', 'no complaint alarm', () => mutate(good, 'p-Mail', 'Complaint', remove)],
  [
    'ORG-1',
    'an admin policy',
    () =>
      mutate(good, D, 'AppRole', set('Properties.ManagedPolicyArns', ['arn:aws:iam::aws:policy/AdministratorAccess'])),
  ],
  [
    'ORG-1',
    's3:* on a role',
    () => mutate(good, D, 'AppPolicy', set('Properties.PolicyDocument.Statement.0.Action', ['rds-db:connect', 's3:*'])),
  ],
  [
    'ORG-1',
    'Resource * for a scopable action',
    () =>
      mutate(
        good,
        D,
        'OperatorPolicy',
        set('Properties.PolicyDocument.Statement.1.Action', ['ssm:DescribeSessions', 'secretsmanager:GetSecretValue']),
      ),
  ],
  [
    'ORG-1',
    // The allow-list names single actions: a service wildcard on Resource * stays refused.
    'cloudformation:* on Resource *',
    () =>
      mutate(
        good,
        D,
        'OperatorPolicy',
        set('Properties.PolicyDocument.Statement.1.Action', ['cloudformation:ValidateTemplate', 'cloudformation:*']),
      ),
  ],
  [
    'ORG-1',
    'an S3 object action on Resource *',
    () => mutate(good, D, 'OperatorPolicy', set('Properties.PolicyDocument.Statement.1.Action', ['s3:GetObject'])),
  ],
  [
    'ORG-2',
    'internal stage with an internet-facing ALB',
    () => mutate(internalStage(), 'p-App', 'Alb', set('Properties.Scheme', 'internet-facing')),
  ],
  ['ORG-3', 'a literal secret string', () => mutate(good, D, 'Secret', set('Properties.SecretString', 'x'))],
  [
    'ORG-3',
    'a planted access key id in a template',
    () => mutate(good, D, 'Host', set('Properties.UserData', 'AKIA' + 'Q3EGRIOSFODNN7AB')),
  ],
  [
    'ORG-4',
    'rotation every 90 days',
    () => mutate(good, D, 'Rotation', set('Properties.RotationRules.AutomaticallyAfterDays', 90)),
  ],
  ['ORG-4', 'no rotation', () => mutate(good, D, 'Rotation', remove)],
  ['ORG-5', 'minor upgrades off', () => mutate(good, D, 'Writer', set('Properties.AutoMinorVersionUpgrade', false))],
  ['ORG-5', 'EC2 launch type', () => mutate(good, 'p-App', 'Service', set('Properties.LaunchType', 'EC2'))],
  [
    'ORG-7',
    'a tag-only image from another registry',
    () => mutate(good, 'p-App', 'Task', set('Properties.ContainerDefinitions.0.Image', 'nginxinc/nginx:stable-alpine')),
  ],
  ['ORG-7', 'mutable tags', () => mutate(good, 'p-App', 'Images', set('Properties.ImageTagMutability', 'MUTABLE'))],
  [
    'ORG-7',
    'no user (root)',
    () => mutate(good, 'p-App', 'Task', set('Properties.ContainerDefinitions.0.User', undefined)),
  ],
  [
    'ORG-7',
    'a writable root file system',
    () => mutate(good, 'p-App', 'Task', set('Properties.ContainerDefinitions.0.ReadonlyRootFilesystem', false)),
  ],
  [
    'ORG-7',
    'sending as any address',
    () => mutate(good, 'p-Mail', 'SenderPolicy', set('Properties.PolicyDocument.Statement.0.Condition', undefined)),
  ],
  [
    'ORG-7',
    'a From address outside the senders',
    () =>
      mutate(
        good,
        'p-Mail',
        'SenderPolicy',
        set('Properties.PolicyDocument.Statement.0.Condition.StringEquals.ses:FromAddress', ['ceo@example.com']),
      ),
  ],
  [
    'ORG-7',
    'a service trust without aws:SourceAccount',
    () => mutate(good, D, 'AppRole', set('Properties.AssumeRolePolicyDocument.Statement.0.Condition', undefined)),
  ],
  ['ORG-7', 'a default master user', () => mutate(good, D, 'Cluster', set('Properties.MasterUsername', 'postgres'))],
  [
    'ORG-6',
    'a PCI finding open',
    () => ({
      ...good,
      nag: good.nag!.map((p) =>
        p.pack === 'PCI.DSS.321'
          ? {
              ...p,
              findings: [
                { rule: 'PCI.DSS.321-S3BucketLoggingEnabled', severity: 'error', resources: ['x'], description: '' },
              ],
            }
          : p,
      ),
    }),
  ],
  [
    'PROOF-1',
    'an open AwsSolutions warning',
    () => ({
      ...good,
      nag: good.nag!.map((p) =>
        p.pack === 'AwsSolutions'
          ? { ...p, findings: [{ rule: 'AwsSolutions-L1', severity: 'warning', resources: ['x'], description: '' }] }
          : p,
      ),
    }),
  ],
  [
    'PROOF-1',
    'an acknowledgment without a reason',
    () => ({
      ...good,
      nag: good.nag!.map((p) => ({ ...p, acknowledgments: p.acknowledgments.map((a) => ({ ...a, reason: 'TODO' })) })),
    }),
  ],
  ['PROOF-2', 'no nag result', () => ({ ...good, nag: undefined })],
  [
    'PROOF-3',
    'a stack without tests',
    () => ({ ...good, repo: { ...good.repo!, files: [...good.repo!.files, 'lib/stacks/mail-stack.ts'] } }),
  ],
  [
    'PROOF-3',
    'a stage test that does not snapshot the normalized template',
    () => ({
      ...good,
      repo: { ...good.repo!, content: { ...good.repo!.content, 'test/stage/backup.test.ts': "templateOf('Backup')" } },
    }),
  ],
  [
    'PROOF-3',
    'a stage snapshot that is not committed',
    () => ({
      ...good,
      repo: {
        ...good.repo!,
        files: good.repo!.files.filter((f) => f !== 'test/stage/__snapshots__/data.test.ts.snap'),
      },
    }),
  ],
  [
    'PROOF-4',
    'a log group key that does not admit CloudWatch Logs',
    () =>
      mutate(
        good,
        'p-Network',
        'FlowKey',
        set('Properties.KeyPolicy.Statement', [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
        ]),
      ),
  ],
  [
    'PROOF-4',
    'a trail key without cloudtrail',
    () =>
      mutate(
        good,
        'p-Detection',
        'TrailKey',
        set('Properties.KeyPolicy.Statement.1.Principal.Service', 'logs.amazonaws.com'),
      ),
  ],
  [
    'PROOF-4',
    'alarm topic key without cloudwatch',
    () => mutate(good, EG, 'EdgeKey', set('Properties.KeyPolicy.Statement.1.Principal.Service', 'sns.amazonaws.com')),
  ],
  [
    'PROOF-4',
    'vault key without backup',
    () => mutate(good, BK, 'BackupKey', set('Properties.KeyPolicy.Statement.1.Principal.Service', 's3.amazonaws.com')),
  ],
  [
    'PAGE-1',
    'no target group to the application: the page cannot say where traffic turns plain',
    () => mutate(good, 'p-App', 'AppTargets', () => undefined),
  ],
  [
    'PROOF-6',
    'a Control Tower control fails outside the exception list',
    () => ({
      ...good,
      cfnGuard: {
        ran: true,
        ok: false,
        detail: 'cfn-guard 3.x',
        controls: [
          {
            id: 'CT.RDS.PR.21',
            rule: 'rds_cluster_default_admin_check',
            title: 'Require an Amazon RDS DB cluster to have a unique administrator username',
            status: 'fail',
            resources: [{ stack: 'p-Data', logicalId: 'Cluster', type: 'AWS::RDS::DBCluster', status: 'fail' }],
          },
        ],
      },
    }),
  ],
];

/** A login rate rule keyed on the first address of X-Forwarded-For, which the client writes (EDGE-10). */
function forwardedRate(): any {
  const acl: any = good.stacks.find((x) => x.name === EG)?.template.Resources?.Acl;
  const rule = acl.Properties.Rules.find((x: any) => x.Name === 'LoginRate');
  const copy = JSON.parse(JSON.stringify(rule));
  copy.Statement.RateBasedStatement.AggregateKeyType = 'FORWARDED_IP';
  copy.Statement.RateBasedStatement.ForwardedIPConfig = { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' };
  return copy;
}

describe('EDGE-10 EDGE-8 limits and lists count only addresses the ACL really sees', () => {
  const rules = (r: any): any[] => r.Properties.Rules;
  const loginRate = (r: any) => rules(r).find((x) => x.Name === 'LoginRate');
  const loginMatches = (r: any): any[] =>
    loginRate(r).Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements.map(
      (x: any) => x.ByteMatchStatement,
    );
  const onRegional = (edit: (r: any) => void) => () =>
    mutate(good, 'p-App', 'RegionalAcl', (r) => {
      edit(r);
      return r;
    });
  const onEdge = (edit: (r: any) => void) => () =>
    mutate(good, EG, 'Acl', (r) => {
      edit(r);
      return r;
    });
  const groupNamed = (name: string) => ({
    Name: name,
    OverrideAction: { None: {} },
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
  });

  test.each<[string, () => ReturnType<typeof goodStage>]>([
    [
      'the forged-header lockout: a regional rate rule on the first X-Forwarded-For address',
      onRegional((r) => rules(r).push(forwardedRate())),
    ],
    [
      'the CLOUDFRONT login rate rule keyed on X-Forwarded-For',
      onEdge((r) => Object.assign(loginRate(r), forwardedRate())),
    ],
    [
      "a regional rate rule on the connection address, which is CloudFront's",
      onRegional((r) => {
        const rate = forwardedRate();
        rate.Statement.RateBasedStatement.AggregateKeyType = 'IP';
        delete rate.Statement.RateBasedStatement.ForwardedIPConfig;
        rules(r).push(rate);
      }),
    ],
    [
      'IP reputation behind the VPC origin',
      onRegional((r) => rules(r).push(groupNamed('AWSManagedRulesAmazonIpReputationList'))),
    ],
    [
      'the anonymous-IP list behind the VPC origin',
      onRegional((r) => rules(r).push(groupNamed('AWSManagedRulesAnonymousIpList'))),
    ],
    [
      'an IP set on X-Forwarded-For at the edge',
      onEdge((r) =>
        rules(r).push({
          Name: 'Offices',
          Action: { Allow: {} },
          Statement: {
            IPSetReferenceStatement: {
              Arn: 'x',
              IPSetForwardedIPConfig: {
                HeaderName: 'X-Forwarded-For',
                FallbackBehavior: 'NO_MATCH',
                Position: 'FIRST',
              },
            },
          },
        }),
      ),
    ],
    [
      'the login paths compared in lower case only (//login and /%6Cogin slip past)',
      onEdge((r) => {
        for (const m of loginMatches(r)) m.TextTransformations = [{ Priority: 0, Type: 'LOWERCASE' }];
      }),
    ],
    [
      'the transformations in the wrong order (lower case before decoding)',
      onEdge((r) => {
        for (const m of loginMatches(r))
          m.TextTransformations = ['LOWERCASE', 'NORMALIZE_PATH', 'URL_DECODE'].map((Type, Priority) => ({
            Priority,
            Type,
          }));
      }),
    ],
    [
      'EXACTLY instead of STARTS_WITH (/login/ slips past)',
      onEdge((r) => {
        for (const m of loginMatches(r)) m.PositionalConstraint = 'EXACTLY';
      }),
    ],
    [
      'no rate rule where the ACL sees its clients',
      onEdge((r) => {
        r.Properties.Rules = rules(r).filter((x) => !x.Statement.RateBasedStatement);
      }),
    ],
  ])('EDGE-10 breaks: %s', (_what, broken) => {
    const r = statusOf(broken(), 'EDGE-10');
    expect([r.status, r.why]).toEqual(['not-kept', expect.stringMatching(/\w/)]);
  });

  test('EDGE-10 is kept by the hand-made stages, and the reason names the spellings counted', () => {
    const r = statusOf(good, 'EDGE-10');
    expect(r.status).toBe('kept');
    expect(r.why).toContain('//login');
    expect(statusOf(internalStage(), 'EDGE-10').status).toBe('kept');
  });

  test('EDGE-10 internal stage: its ACL sees its clients, so a rate rule there must key on the connection address', () => {
    const m = mutate(internalStage(), 'p-App', 'RegionalAcl', (r) => {
      rules(r).push(forwardedRate());
      return r;
    });
    expect(statusOf(m, 'EDGE-10').status).toBe('not-kept');
  });

  test('EDGE-8 recounted: the ACL behind the VPC origin is not required, nor credited, to run IP lists', () => {
    expect(statusOf(good, 'EDGE-8').status).toBe('kept');
    const withList = onRegional((r) => rules(r).push(groupNamed('AWSManagedRulesAmazonIpReputationList')))();
    const evidence = statusOf(withList, 'EDGE-8').evidence.find(
      (e) => e.logicalId === 'RegionalAcl' && e.property === 'Rules (managed groups)',
    );
    expect(JSON.stringify(evidence?.value)).toContain('AWSManagedRulesAmazonIpReputationList (not credited');
  });

  test("EDGE-8 recounted: an ACL that sees its clients still needs IP reputation (the internal stage's)", () => {
    const m = mutate(internalStage(), 'p-App', 'RegionalAcl', (r) => {
      r.Properties.Rules = rules(r).filter((x) => x.Name !== 'AWSManagedRulesAmazonIpReputationList');
      return r;
    });
    expect(statusOf(m, 'EDGE-8').status).toBe('not-kept');
  });

  test('the security page says the limit counts every spelling only while EDGE-10 is kept', () => {
    const line = claim('EDGE-6').page?.[0];
    expect(line?.text(good)).toContain('however their path is spelled');
    expect(line?.status).toContain('EDGE-10');
    const broken = onEdge((r) => {
      for (const m of loginMatches(r)) m.TextTransformations = [{ Priority: 0, Type: 'LOWERCASE' }];
    })();
    expect(line?.text(broken)).not.toContain('however');
  });
});

test("PAGE-1 DET-7: the page states that the alerts rely on the trail, and what the audit logs' lock allows by its mode", () => {
  const line = claim('DET-7').page?.[0];
  const governance = line?.text(good) ?? '';
  expect(governance).toContain('what is done after it stopped alerts no one until it logs again');
  expect(governance).toMatch(/only an administrator allowed to bypass that lock can delete or alter them/);
  expect(governance).not.toContain('cannot be deleted or altered');
  const compliance = goodStage(fixtureConfig({ detection: { trailObjectLockMode: 'COMPLIANCE' } } as never));
  expect(line?.text(compliance)).toContain('cannot be deleted or altered by anyone, us included');
});

describe('each checker fails when its property is missing or weakened', () => {
  test.each(cases)('%s breaks: %s', (id, _what, broken) => {
    const r = statusOf(broken(), id);
    expect(['not-kept', 'partly']).toContain(r.status);
    expect(r.why.length).toBeGreaterThan(0);
  });

  test('every claim has at least one breaking case', () => {
    const covered = new Set([...cases.map(([id]) => id), ...Object.keys(JUDGED_ON_REAL_STAGES)]);
    expect(CLAIM_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('EDGE-7 the verdict names what is left unhardened', () => {
  const edge7 = (what: string) => {
    const found = cases.find(([id, w]) => id === 'EDGE-7' && w.startsWith(what));
    if (!found) throw new Error(`no EDGE-7 case ${what}`);
    return statusOf(found[2](), 'EDGE-7');
  };

  test('kept by the hand-made stage, with the other regions’ log groups listed as created by Lambda@Edge', () => {
    const r = statusOf(good, 'EDGE-7');
    expect(r.status).toBe('kept');
    expect(r.evidence).toContainEqual(
      expect.objectContaining({
        type: 'Lambda@Edge log groups',
        value: expect.stringMatching(/created by Lambda@Edge/),
      }),
    );
  });

  test.each([
    [
      'the cookie function on viewer response',
      /CacheBehaviors\.0\(\/static\/\*\).*401, 403, 500 responses are not hardened/,
    ],
    ['the design before the sharpened claim', /DefaultCacheBehavior.*401, 403, 500 responses are not hardened/],
    ['SameSite=None kept', /keeps SameSite=None while the stage does not allow it/],
    ['environment variables', /environment variables/],
    ['its role not trusted', /not trusted by edgelambda\.amazonaws\.com/],
    ['its role may read buckets', /may s3:GetObject/],
    ['its role may write any log group', /may write outside its log group/],
    ['its role with the AWS-managed', /AWS-managed policies attached: .*AWSLambdaBasicExecutionRole/],
  ])('%s: not kept, because %s', (what, reason) => {
    expect([edge7(what).status, edge7(what).why]).toEqual(['not-kept', expect.stringMatching(reason)]);
  });

  test('a function keeping SameSite=None is kept where the stage allows it (edge.allowSameSiteNone)', () => {
    const allowing = goodStage(fixtureConfig({ edge: { allowSameSiteNone: true } } as never));
    const code = (m: StageModel) =>
      m.stacks.find((s) => s.name === 'p-Edge')?.template.Resources?.Cookies.Properties?.Code as { ZipFile: string };
    expect(code(allowing).ZipFile).toContain('{"allowSameSiteNone":true}');
    expect(statusOf(allowing, 'EDGE-7').status).toBe('kept');
  });
});

describe('BKP-7 on a disposable stage', () => {
  test('not applicable, with the reason (no air-gapped copy, keys not guarded)', () => {
    const m = goodStage(fixtureConfig({ exposure: 'internal', lifecycle: 'disposable' }));
    const r = claim('BKP-7').check(m);
    expect([r.status, r.why]).toEqual(['not-applicable', expect.stringMatching(/disposable.*air-gapped/)]);
  });
});

describe('BKP-7 with a second-account copy', () => {
  const second = { account: '999988887777', vaultArn: 'arn:aws:backup:eu-central-1:999988887777:backup-vault:x' };
  const admitting = (m: StageModel) =>
    mutate(m, D, 'DbKey', (r) => {
      r.Properties.KeyPolicy.Statement.push({
        Sid: 'AllowSecondAccountCopyOfSnapshots',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999988887777:root' },
        Action: ['kms:Decrypt', 'kms:CreateGrant'],
        Resource: '*',
      });
      return r;
    });

  test('the storage key must admit the other account, or the copies cannot be made', () => {
    const m = goodStage(fixtureConfig({ backup: { secondAccountCopy: second } } as never));
    expect(JSON.stringify(claim('BKP-7').check(m))).toContain('does not admit account 999988887777');
    expect(JSON.stringify(claim('BKP-7').check(admitting(m)))).not.toContain('does not admit account');
  });
});
