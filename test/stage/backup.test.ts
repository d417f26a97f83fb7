import { Match } from 'aws-cdk-lib/assertions';
import { INTERNAL, logicalIds, normalizedTemplate, openNagFindings, PUBLIC, templateOf } from './example-stage';

// The Backup stack of the example stages, as `cdk synth` builds it (cached assembly): the claims hold on
// what deploys. Variants beyond the example config are in test/constructs/backup/.
const t = templateOf('Backup');
const resources = t.toJSON().Resources as Record<string, { Type: string; Properties: any; DeletionPolicy?: string }>;
const plan = Object.values(t.findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan;
const rule = (name: string) => plan.BackupPlanRule.find((r: any) => r.RuleName === name);
const vaults = t.findResources('AWS::Backup::BackupVault');
const backupKeyId = Object.keys(
  t.findResources('AWS::KMS::Key', {
    Properties: { Description: Match.stringLikeRegexp('AWS Backup recovery points') },
  }),
)[0];

describe('BKP-1 vaults encrypted with a rotated customer key of this region', () => {
  test('every vault is encrypted with the stack backup key', () => {
    expect(backupKeyId).toBeDefined();
    expect(Object.keys(vaults)).toHaveLength(3);
    for (const v of Object.values(vaults))
      expect(v.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [backupKeyId, 'Arn'] });
  });

  test('the key rotates and is retained', () => {
    t.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('AWS Backup recovery points') },
      DeletionPolicy: 'Retain',
    });
  });

  test('PROOF-4 the key admits this account only through AWS Backup and RDS of this region, grants only for AWS resources', () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('AWS Backup recovery points'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowAwsBackupAndRdsCopyInThisAccount',
            Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
            Condition: {
              StringEquals: { 'kms:CallerAccount': '111122223333' },
              'ForAnyValue:StringEquals': {
                'kms:ViaService': ['backup.eu-west-3.amazonaws.com', 'rds.eu-west-3.amazonaws.com'],
              },
            },
          }),
          Match.objectLike({
            Sid: 'AllowAwsBackupAndRdsCopyInThisAccountGrants',
            Action: 'kms:CreateGrant',
            Condition: Match.objectLike({ Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
          }),
        ]),
      },
    });
  });
});

describe('BKP-2 one plan: continuous backup plus snapshots every few hours', () => {
  test('the plan has exactly the continuous, frequent and daily rules', () => {
    t.resourceCountIs('AWS::Backup::BackupPlan', 1);
    expect(plan.BackupPlanRule.map((r: any) => r.RuleName)).toEqual(['Continuous', 'Frequent', 'Daily']);
  });

  test('BKP-4 the continuous rule keeps point-in-time recovery 35 days', () => {
    expect(rule('Continuous')).toMatchObject({ EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 35 } });
    expect(rule('Continuous').ScheduleExpression).toBeUndefined();
  });

  test('frequent snapshots every 4 h clear of the DB windows, kept 1 day', () => {
    expect(rule('Frequent')).toMatchObject({
      ScheduleExpression: 'cron(0 7,11,15,19,23 * * ? *)',
      Lifecycle: { DeleteAfterDays: 1 },
    });
  });

  test('the daily snapshot runs at 03:00 UTC', () => {
    expect(rule('Daily').ScheduleExpression).toBe('cron(0 3 * * ? *)');
  });

  test('every rule has the 1 h start and 2 h completion windows the config checks assume', () => {
    for (const r of plan.BackupPlanRule)
      expect(r).toMatchObject({ StartWindowMinutes: 60, CompletionWindowMinutes: 120 });
  });

  test('the selection targets the cluster by ARN, with the AWS Backup service role', () => {
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        Resources: [
          {
            'Fn::Join': [
              '',
              [
                'arn:aws:rds:eu-west-3:111122223333:cluster:',
                Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ StackName: 'prod-Data' }) }),
              ],
            ],
          },
        ],
      },
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup'],
          ],
        },
      ],
    });
  });
});

describe('BKP-3 every scheduled rule copies to the backup region with the same retention', () => {
  test('frequent copies go to the copy vault in eu-central-1, kept 1 day', () => {
    expect(rule('Frequent').CopyActions).toEqual([
      {
        DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-copy-vault',
        Lifecycle: { DeleteAfterDays: 1 },
      },
    ]);
  });

  test('BKP-6 BKP-7 daily copies go to the history copy vault in eu-central-1 and the air-gapped vault, deleted at exactly 90 days', () => {
    expect(rule('Daily').CopyActions).toEqual([
      {
        DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-copy-vault-history',
        Lifecycle: { DeleteAfterDays: 90 },
      },
      {
        DestinationBackupVaultArn: { 'Fn::GetAtt': ['BackupPlanAirGappedVault95F9524E', 'BackupVaultArn'] },
        Lifecycle: { DeleteAfterDays: 90 },
      },
    ]);
  });

  test('the continuous rule is not copied (a copied continuous point becomes a snapshot; the scheduled copies cover the region)', () => {
    expect(rule('Continuous').CopyActions).toBeUndefined();
  });
});

describe('BKP-6 vault locks fit what each vault receives', () => {
  /** Shortest retention the plan writes into each vault, by vault logical ID. */
  function shortestRetentionByVault(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of plan.BackupPlanRule) {
      const id = r.TargetBackupVault['Fn::GetAtt'][0];
      out[id] = Math.min(out[id] ?? Infinity, r.Lifecycle.DeleteAfterDays);
    }
    return out;
  }

  test('each rule writes into its own vault', () => {
    expect(Object.keys(shortestRetentionByVault()).sort()).toEqual(Object.keys(vaults).sort());
  });

  test('every lock minimum is at most the shortest retention written into its vault, and under its maximum', () => {
    for (const [id, shortest] of Object.entries(shortestRetentionByVault())) {
      const lock = vaults[id].Properties.LockConfiguration;
      expect(lock.MinRetentionDays).toBeLessThanOrEqual(shortest);
      expect(lock.MinRetentionDays).toBeLessThan(lock.MaxRetentionDays);
    }
  });

  test('snapshot vaults allow at most 90 days; the continuous vault at most 35 (the AWS maximum of continuous backup)', () => {
    const byRule = Object.fromEntries(
      plan.BackupPlanRule.map((r: any) => [
        r.RuleName,
        vaults[r.TargetBackupVault['Fn::GetAtt'][0]].Properties.LockConfiguration,
      ]),
    );
    expect(byRule.Frequent).toEqual({ MinRetentionDays: 1, MaxRetentionDays: 90, ChangeableForDays: 3 });
    expect(byRule.Daily).toEqual({ MinRetentionDays: 89, MaxRetentionDays: 90, ChangeableForDays: 3 });
    expect(byRule.Continuous).toEqual({ MinRetentionDays: 34, MaxRetentionDays: 35, ChangeableForDays: 3 });
  });

  test('vaults and keys are retained when the stack is deleted', () => {
    for (const v of Object.values(vaults)) expect(v.DeletionPolicy).toBe('Retain');
    for (const k of Object.values(t.findResources('AWS::KMS::Key'))) expect(k.DeletionPolicy).toBe('Retain');
  });

  test('the internal stage locks in governance mode (no ChangeableForDays)', () => {
    for (const v of Object.values(templateOf('Backup', INTERNAL).findResources('AWS::Backup::BackupVault'))) {
      expect(v.Properties.LockConfiguration.ChangeableForDays).toBeUndefined();
      expect(v.Properties.LockConfiguration.MinRetentionDays).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('BKP-5 restore testing', () => {
  test('a weekly restore testing plan picks the latest snapshot of the snapshot vaults', () => {
    t.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      ScheduleExpression: 'cron(0 6 ? * SAT *)',
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        RecoveryPointTypes: ['SNAPSHOT'],
        IncludeVaults: [
          { 'Fn::GetAtt': [Match.stringLikeRegexp('FrequentVault'), 'BackupVaultArn'] },
          { 'Fn::GetAtt': [Match.stringLikeRegexp('HistoryVault'), 'BackupVaultArn'] },
        ],
      },
    });
  });

  test('the selection restores the cluster into isolated subnets behind the restore security group', () => {
    const sel = Object.values(t.findResources('AWS::Backup::RestoreTestingSelection'))[0].Properties;
    expect(sel.ProtectedResourceType).toBe('Aurora');
    expect(sel.ProtectedResourceArns).toHaveLength(1);
    expect(JSON.stringify(sel.ProtectedResourceArns[0])).toContain('prod-Data');
    const subnetGroup = resources[sel.RestoreMetadataOverrides.dbsubnetgroupname.Ref];
    expect(subnetGroup.Type).toBe('AWS::RDS::DBSubnetGroup');
    const isolated = JSON.stringify(subnetGroup.Properties.SubnetIds);
    expect(isolated).toMatch(/Isolated/);
    expect(isolated).not.toMatch(/Private|Public/);
    expect(JSON.stringify(sel.RestoreMetadataOverrides.vpcsecuritygroupids)).toContain('RestoredClusterSecurityGroup');
  });

  test('the restored cluster admits only the validator, on the database port; the validator has no ingress', () => {
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({
      FromPort: 5432,
      ToPort: 5432,
      GroupId: { 'Fn::GetAtt': [expect.stringMatching(/RestoredClusterSecurityGroup/), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/ValidatorSecurityGroup/), 'GroupId'] },
    });
    for (const sg of Object.values(t.findResources('AWS::EC2::SecurityGroup')))
      expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
  });

  test('the validator runs on the completed restore job, in the VPC, traced, with a DLQ and reserved concurrency', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Restore Job State Change'],
        detail: { status: ['COMPLETED'] },
      },
      Targets: [
        Match.objectLike({
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        }),
      ],
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Timeout: 900,
      TracingConfig: { Mode: 'Active' },
      ReservedConcurrentExecutions: 2,
      DeadLetterConfig: { TargetArn: Match.anyValue() },
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      Environment: {
        Variables: Match.objectLike({
          RESTORE_TESTING_PLAN_ARN: Match.anyValue(),
          DATABASE_NAME: 'booking',
          EXPECTED_SCHEMA: 'public',
          VALIDATION_DEADLINE_MINUTES: '35',
          NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
        }),
      },
    });
  });

  test('the validator is retried twice within an hour while its instance is created, and the last attempt reaches the deadline', () => {
    const invokeConfig = Object.values(t.findResources('AWS::Lambda::EventInvokeConfig'));
    expect(invokeConfig).toHaveLength(1);
    expect(invokeConfig[0].Properties).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    const fn = Object.values(t.findResources('AWS::Lambda::Function')).find(
      (f) => f.Properties.Environment?.Variables?.VALIDATION_DEADLINE_MINUTES,
    );
    expect(fn).toBeDefined();
    const deadlineMinutes = Number(fn?.Properties.Environment.Variables.VALIDATION_DEADLINE_MINUTES);
    // Each attempt waits until 3 minutes are left: (timeout - 3) x (retries + 1) covers the deadline.
    expect(
      ((fn?.Properties.Timeout - 180) / 60) * (invokeConfig[0].Properties.MaximumRetryAttempts + 1),
    ).toBeGreaterThanOrEqual(deadlineMinutes);
    // AWS Backup keeps the restored cluster past the deadline, the report and the instance deletion.
    const sel = Object.values(t.findResources('AWS::Backup::RestoreTestingSelection'))[0].Properties;
    expect(sel.ValidationWindowHours * 60).toBeGreaterThanOrEqual(deadlineMinutes + 60);
  });

  test('the validator may report results, read restore-test clusters only, and read the master secret', () => {
    const policy = Object.values(t.findResources('AWS::IAM::ManagedPolicy')).find((p) =>
      JSON.stringify(p).includes('PutRestoreValidationResult'),
    );
    const stmts = policy?.Properties.PolicyDocument.Statement as any[];
    const sid = (s: string) => stmts.find((x) => x.Sid === s);
    expect(sid('RestoreJobs').Action).toEqual(['backup:DescribeRestoreJob', 'backup:PutRestoreValidationResult']);
    expect(sid('RestoredClusters').Resource).toBe(
      'arn:aws:rds:eu-west-3:111122223333:cluster:awsbackup-restore-test-*',
    );
    expect(sid('ValidationInstance').Action).toEqual([
      'rds:CreateDBInstance',
      'rds:DeleteDBInstance',
      'rds:DescribeDBInstances',
    ]);
    expect(sid('ValidationInstance').Resource).toEqual([
      'arn:aws:rds:eu-west-3:111122223333:cluster:awsbackup-restore-test-*',
      'arn:aws:rds:eu-west-3:111122223333:db:awsbackup-restore-test-*',
    ]);
    for (const st of stmts) expect(JSON.stringify(st.Action)).not.toContain('*');
    expect(JSON.stringify(sid('MasterSecret').Resource)).toContain('prod-Data');
    expect(sid('MasterSecretKey').Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-3.amazonaws.com' },
    });
  });

  test('the validator log group is encrypted, retained and kept a year; PROOF-4 its key admits CloudWatch Logs', () => {
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: Match.anyValue(), RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('Restore validator'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AllowCloudWatchLogs', Principal: { Service: 'logs.eu-west-3.amazonaws.com' } }),
        ]),
      },
    });
  });

  test('failed validations, validator errors and dead letters alarm the alert topic', () => {
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms.map((a) => a.MetricName).sort()).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'Failed',
      'ValidatorErrors',
    ]);
    // The validator's own error count, not AWS/Lambda Errors, which includes the retries that wait for the instance.
    expect(alarms.find((a) => a.MetricName === 'ValidatorErrors')).toMatchObject({
      Namespace: 'RestoreValidation',
      Statistic: 'Sum',
      Threshold: 1,
    });
    for (const a of alarms) expect(JSON.stringify(a.AlarmActions)).toContain('prod-Network');
  });
});

describe('BKP-5 Backup Audit Manager framework', () => {
  const controls = () => {
    const fw = Object.values(t.findResources('AWS::Backup::Framework'))[0].Properties;
    return Object.fromEntries(
      fw.FrameworkControls.map((c: any) => [
        c.ControlName,
        Object.fromEntries((c.ControlInputParameters ?? []).map((p: any) => [p.ParameterName, p.ParameterValue])),
      ]),
    );
  };

  test('has the encryption, cross-region, retention, frequency, vault lock, last recovery point and restore time controls', () => {
    expect(controls()).toEqual({
      BACKUP_RECOVERY_POINT_ENCRYPTED: {},
      BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: { crossRegionList: 'eu-central-1' },
      BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { requiredRetentionDays: '1' },
      BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: {
        requiredFrequencyUnit: 'hours',
        requiredFrequencyValue: '4',
        requiredRetentionDays: '1',
      },
      BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: { minRetentionDays: '1', maxRetentionDays: '90' },
      BACKUP_LAST_RECOVERY_POINT_CREATED: { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: '6' },
      RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: { maxRestoreTime: '240' },
    });
  });

  test('each control is scoped to what it evaluates: resource controls to Aurora, plan and recovery-point controls unscoped', () => {
    const fw = Object.values(t.findResources('AWS::Backup::Framework'))[0].Properties;
    const scopes = Object.fromEntries(
      fw.FrameworkControls.map((c: { ControlName: string; ControlScope?: unknown }) => [c.ControlName, c.ControlScope]),
    );
    const aurora = { ComplianceResourceTypes: ['Aurora'] };
    expect(scopes).toEqual({
      BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: aurora,
      BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: aurora,
      BACKUP_LAST_RECOVERY_POINT_CREATED: aurora,
      RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: aurora,
      BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: undefined,
      BACKUP_RECOVERY_POINT_ENCRYPTED: undefined,
      BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: undefined,
    });
  });
});

describe('BKP-5 failed jobs alert the team', () => {
  test.each([
    ['Backup Job State Change', 'state', ['FAILED', 'EXPIRED', 'ABORTED']],
    ['Copy Job State Change', 'state', ['FAILED', 'EXPIRED', 'ABORTED']],
    ['Restore Job State Change', 'status', ['FAILED', 'ABORTED']],
  ])('%s with %s %p goes to the alert topic with a readable message', (detailType, field, values) => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.backup'], 'detail-type': [detailType], detail: { [field]: values } },
      Targets: [
        Match.objectLike({
          Arn: Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ StackName: 'prod-Network' }) }),
          InputTransformer: Match.objectLike({
            InputTemplate: Match.stringLikeRegexp('AWS Backup: .* Open the job in the AWS Backup console'),
          }),
        }),
      ],
    });
  });
});

describe('PROOF-1 cdk-nag', () => {
  test.each([PUBLIC, INTERNAL])('no open finding in the backup stack of %s', (file) => {
    expect(openNagFindings(file, 'Backup')).toEqual([]);
  });
});

test('DB-6 BKP-6 PROOF-3 stateful logical IDs never change', () => {
  expect(
    logicalIds('Backup', [
      'AWS::KMS::Key',
      'AWS::Backup::BackupVault',
      'AWS::Backup::BackupPlan',
      'AWS::Logs::LogGroup',
    ]),
  ).toMatchSnapshot();
});

test('PROOF-3 template snapshot', () => {
  expect(normalizedTemplate('Backup')).toMatchSnapshot();
});

test('BKP-7 the air-gapped vault keeps its logical ID, retained', () => {
  expect(t.findResources('AWS::Backup::LogicallyAirGappedBackupVault')).toEqual({
    BackupPlanAirGappedVault95F9524E: expect.objectContaining({ DeletionPolicy: 'Retain' }),
  });
});
