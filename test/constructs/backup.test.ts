// Construct tests of lib/constructs/backup/, one describe per construct, each test on a fresh stack.
// One file per concern: jest loads aws-cdk-lib once per test file, about half a second of every file.

import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupAuditFramework, type BackupAuditFrameworkProps } from '../../lib/constructs/backup/audit-framework';
import { DatabaseBackupPlan, type DatabaseBackupPlanProps } from '../../lib/constructs/backup/database-backup-plan';
import { LockedVault } from '../../lib/constructs/backup/locked-vault';
import { RestoreTesting, type RestoreTestingProps } from '../../lib/constructs/backup/restore-testing';
import { emfLine } from '../../lib/functions/restore-validation/metrics';
import { TEST_ENV, testApp, testStack, testVpc } from '../helpers';

/**
 * A template value as the string CloudFormation deploys: Fn::Join, Fn::Sub, Ref and Fn::GetAtt replaced by the
 * values given (pseudo parameters by the test account and region).
 */
function resolved(v: unknown, refs: Record<string, string>, atts: Record<string, string>): string {
  const all: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': TEST_ENV.region,
    'AWS::AccountId': TEST_ENV.account,
    'AWS::URLSuffix': 'amazonaws.com',
    ...refs,
    ...atts,
  };
  const known = (k: string) => {
    if (!(k in all)) throw new Error(`no value for ${k}`);
    return all[k];
  };
  if (typeof v === 'string') return v;
  const o = v as Record<string, any>;
  if (o.Ref) return known(o.Ref);
  if (o['Fn::GetAtt']) return known(o['Fn::GetAtt'].join('.'));
  if (o['Fn::Join']) return o['Fn::Join'][1].map((x: unknown) => resolved(x, refs, atts)).join(o['Fn::Join'][0]);
  if (o['Fn::Sub']) return String(o['Fn::Sub']).replace(/\$\{([^}]+)\}/g, (_m, k) => known(k));
  throw new Error(`cannot resolve ${JSON.stringify(v)}`);
}

/** IAM resource matching: `*` any run of characters (colons and slashes included), `?` one character. */
function iamMatches(pattern: string, arn: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(arn);
}

describe('AuditFramework', () => {
  /** GIVEN a fresh stack, WHEN a framework is added for a plan described by `props`: its controls' parameters by name. */
  function controls(props: BackupAuditFrameworkProps): Record<string, Record<string, string>> {
    const stack = testStack();
    new BackupAuditFramework(stack, 'AuditFramework', props);
    const fw = Object.values(Template.fromStack(stack).findResources('AWS::Backup::Framework'))[0].Properties;
    return Object.fromEntries(
      fw.FrameworkControls.map((c: any) => [
        c.ControlName,
        Object.fromEntries((c.ControlInputParameters ?? []).map((p: any) => [p.ParameterName, p.ParameterValue])),
      ]),
    );
  }

  describe('BKP-5 BackupAuditFramework', () => {
    test('the thresholds follow the plan it audits: hourly snapshots kept 2 days, a 30-day history, a 2 h restore target', () => {
      const hourly = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
      expect(
        controls({
          backupRegion: 'eu-central-1',
          frequentHours: hourly,
          frequentIntervalHours: 1,
          dailyStartHourUtc: 3,
          frequentRetentionDays: 2,
          dailyRetentionDays: 30,
          restoreTimeTargetMinutes: 120,
        }),
      ).toMatchObject({
        BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { requiredRetentionDays: '2' },
        BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: { requiredFrequencyValue: '1', requiredRetentionDays: '2' },
        BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: { minRetentionDays: '2', maxRetentionDays: '90' },
        // The longest gap, 23:00 to the daily 03:00 (4 h), plus the 2 h completion window.
        BACKUP_LAST_RECOVERY_POINT_CREATED: { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: '6' },
        RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: { maxRestoreTime: '120' },
      });
    });

    // What each control evaluates (AWS Backup developer guide, "Choosing your controls" and "Creating frameworks
    // using the AWS Backup API"): a control scoped to a type it does not evaluate checks nothing.
    const DEFAULT_PROPS: BackupAuditFrameworkProps = {
      backupRegion: 'eu-central-1',
      frequentHours: [7, 11, 15, 19, 23],
    };
    /** The ControlScope of each control, by name (undefined: no scope, so every resource the control evaluates). */
    function scopes(): Record<string, unknown> {
      const stack = testStack();
      new BackupAuditFramework(stack, 'AuditFramework', DEFAULT_PROPS);
      const fw = Object.values(Template.fromStack(stack).findResources('AWS::Backup::Framework'))[0].Properties;
      return Object.fromEntries(fw.FrameworkControls.map((c: any) => [c.ControlName, c.ControlScope]));
    }

    test.each([
      // AWS Config rule on AWS::Backup::BackupPlan: the plan's rules, whatever they back up.
      ['BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', 'backup plans'],
      // AWS Config rules on AWS::Backup::RecoveryPoint: every recovery point of the account and region.
      ['BACKUP_RECOVERY_POINT_ENCRYPTED', 'recovery points'],
      ['BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', 'recovery points'],
    ])('%s evaluates %s: no resource-type scope, so it does not look for Aurora clusters among them', (name) => {
      const scope = scopes()[name] as Record<string, unknown> | undefined;
      expect(scope?.ComplianceResourceTypes).toBeUndefined();
      expect(scope?.ComplianceResourceIds).toBeUndefined();
    });

    test.each([
      'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
      'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
      'BACKUP_LAST_RECOVERY_POINT_CREATED',
      'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET',
    ])('%s evaluates protected resources: scoped to Aurora clusters (the AWS Backup resource type)', (name) => {
      expect(scopes()[name]).toEqual({ ComplianceResourceTypes: ['Aurora'] });
    });

    test('every control of the framework has its scope decided above', () => {
      expect(Object.keys(scopes()).sort()).toEqual(
        [
          'BACKUP_LAST_RECOVERY_POINT_CREATED',
          'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
          'BACKUP_RECOVERY_POINT_ENCRYPTED',
          'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
          'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
          'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
          'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET',
        ].sort(),
      );
    });
  });
});

describe('DatabaseBackupPlan', () => {
  const COPY_VAULT = 'arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-copy-vault';
  const HISTORY_COPY_VAULT = 'arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-copy-vault-history';

  /** BKP-7: the air-gapped vault's logical ID, stable: a stateful resource is never renamed after a deploy. */
  const AIR_GAPPED_ID = 'BackupPlanAirGappedVault95F9524E';

  /** WHEN a plan for one cluster is added to `stack` with `props` (and a key of its own). */
  function planOn(stack: Stack, props: Partial<DatabaseBackupPlanProps> = {}): DatabaseBackupPlan {
    return new DatabaseBackupPlan(stack, 'BackupPlan', {
      clusterArn: 'arn:aws:rds:eu-west-3:111122223333:cluster:prod-aurora',
      encryptionKey: new kms.Key(stack, 'Key'),
      frequentHours: [7, 11, 15, 19, 23],
      copyVaultArn: COPY_VAULT,
      historyCopyVaultArn: HISTORY_COPY_VAULT,
      ...props,
    });
  }

  /** The rules of the one plan of a template, by name. */
  function rulesOf(t: Template): Record<string, Record<string, any>> {
    const plan = Object.values(t.findResources('AWS::Backup::BackupPlan'))[0];
    return Object.fromEntries(plan.Properties.BackupPlan.BackupPlanRule.map((r: any) => [r.RuleName, r]));
  }

  /** GIVEN a fresh stack and its key, WHEN a plan for one cluster is added with `props`: its rules by name. */
  function planRules(props: Partial<DatabaseBackupPlanProps> = {}): Record<string, Record<string, any>> {
    const stack = testStack();
    planOn(stack, props);
    return rulesOf(Template.fromStack(stack));
  }

  describe('BKP-3 DatabaseBackupPlan copies', () => {
    test('an optional second-account copy is added to every scheduled rule', () => {
      const vaultArn = 'arn:aws:backup:eu-west-3:999988887777:backup-vault:escrow';
      const rules = planRules({ secondAccountCopy: { vaultArn } });
      expect(rules.Frequent.CopyActions).toContainEqual({
        DestinationBackupVaultArn: vaultArn,
        Lifecycle: { DeleteAfterDays: 1 },
      });
      expect(rules.Daily.CopyActions).toContainEqual({
        DestinationBackupVaultArn: vaultArn,
        Lifecycle: { DeleteAfterDays: 90 },
      });
    });

    test('copies keep the retention of their rule', () => {
      const rules = planRules({ frequentRetentionDays: 2, dailyRetentionDays: 30 });
      expect(rules.Frequent.CopyActions).toEqual([
        { DestinationBackupVaultArn: COPY_VAULT, Lifecycle: { DeleteAfterDays: 2 } },
      ]);
      expect(rules.Daily.CopyActions).toEqual([
        { DestinationBackupVaultArn: HISTORY_COPY_VAULT, Lifecycle: { DeleteAfterDays: 30 } },
        {
          DestinationBackupVaultArn: { 'Fn::GetAtt': [AIR_GAPPED_ID, 'BackupVaultArn'] },
          Lifecycle: { DeleteAfterDays: 30 },
        },
      ]);
    });
  });

  describe('BKP-7 DatabaseBackupPlan air-gapped copy', () => {
    test('the daily rule, and only it, also copies into a logically air-gapped vault of its own region', () => {
      const stack = testStack();
      const plan = planOn(stack);
      const t = Template.fromStack(stack);
      const rules = rulesOf(t);
      expect(rules.Daily.CopyActions).toContainEqual({
        DestinationBackupVaultArn: { 'Fn::GetAtt': [AIR_GAPPED_ID, 'BackupVaultArn'] },
        Lifecycle: { DeleteAfterDays: 90 },
      });
      expect(JSON.stringify(rules.Frequent)).not.toContain(AIR_GAPPED_ID);
      expect(plan.airGappedVault).toBeInstanceOf(backup.CfnLogicallyAirGappedBackupVault);
      expect(stack.resolve(plan.airGappedVault?.logicalId)).toBe(AIR_GAPPED_ID);
    });

    test('the vault: retained, AWS-owned key, bounds of the 90-day history (89-90 days), named after the stack', () => {
      const stack = testStack();
      planOn(stack);
      expect(Template.fromStack(stack).findResources('AWS::Backup::LogicallyAirGappedBackupVault')).toEqual({
        [AIR_GAPPED_ID]: {
          Type: 'AWS::Backup::LogicallyAirGappedBackupVault',
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Properties: { BackupVaultName: 'Test-air-gapped', MinRetentionDays: 89, MaxRetentionDays: 90 },
        },
      });
    });

    test('airGappedCopy false: no air-gapped vault, the daily rule copies to the backup region only', () => {
      const stack = testStack();
      const plan = planOn(stack, { airGappedCopy: false });
      const t = Template.fromStack(stack);
      t.resourceCountIs('AWS::Backup::LogicallyAirGappedBackupVault', 0);
      expect(rulesOf(t).Daily.CopyActions).toEqual([
        { DestinationBackupVaultArn: HISTORY_COPY_VAULT, Lifecycle: { DeleteAfterDays: 90 } },
      ]);
      expect(plan.airGappedVault).toBeUndefined();
    });

    test('a daily retention under the 7 days an air-gapped vault accepts is refused at synth', () => {
      expect(() => planRules({ dailyRetentionDays: 5, frequentRetentionDays: 1 })).toThrow(
        /AirGappedVault: points kept 5 d: an air-gapped vault admits 7 to 90 d/,
      );
    });
  });

  describe('OPS-3 DatabaseBackupPlan on a disposable stage', () => {
    test('locked false: no vault carries a lock', () => {
      const stack = testStack();
      planOn(stack, { locked: false, airGappedCopy: false });
      const vaults = Object.values(Template.fromStack(stack).findResources('AWS::Backup::BackupVault'));
      expect(vaults).toHaveLength(3);
      for (const v of vaults) expect(v.Properties.LockConfiguration).toBeUndefined();
    });
  });

  describe('BKP-2 BKP-6 DatabaseBackupPlan schedule', () => {
    test('without schedule props: 35 days of point-in-time recovery, frequent kept 1 day, the 03:00 daily kept 90', () => {
      const rules = planRules();
      expect(rules.Continuous.Lifecycle).toEqual({ DeleteAfterDays: 35 });
      expect(rules.Frequent).toMatchObject({
        ScheduleExpression: 'cron(0 7,11,15,19,23 * * ? *)',
        Lifecycle: { DeleteAfterDays: 1 },
      });
      expect(rules.Daily).toMatchObject({
        ScheduleExpression: 'cron(0 3 * * ? *)',
        Lifecycle: { DeleteAfterDays: 90 },
      });
    });

    test('a plan without a frequent snapshot hour is refused at synth', () => {
      expect(() => planRules({ frequentHours: [] })).toThrow(/Test\/BackupPlan: no frequent snapshot hour given/);
    });
  });
});

describe('LockedVault', () => {
  describe('BKP-6 LockedVault', () => {
    test('a vault whose points outlive the lock maximum is refused at synth', () => {
      const stack = testStack();
      expect(
        () =>
          new LockedVault(stack, 'V', {
            encryptionKey: new kms.Key(stack, 'K'),
            shortestRetentionDays: 120,
            maxRetentionDays: 90,
            lock: { mode: 'compliance', changeableForDays: 3 },
          }),
      ).toThrow(/Test\/V: points kept 120 d exceed the lock maximum 90 d/);
    });

    test('governance mode sets no cooling-off, compliance mode does; the vault is retained', () => {
      const stack = testStack();
      const key = new kms.Key(stack, 'K');
      new LockedVault(stack, 'G', {
        encryptionKey: key,
        shortestRetentionDays: 7,
        maxRetentionDays: 90,
        lock: { mode: 'governance', changeableForDays: 3 },
      });
      new LockedVault(stack, 'C', {
        encryptionKey: key,
        shortestRetentionDays: 7,
        maxRetentionDays: 90,
        lock: { mode: 'compliance', changeableForDays: 5 },
      });
      const locks = Object.values(Template.fromStack(stack).findResources('AWS::Backup::BackupVault')).map((v) => [
        v.DeletionPolicy,
        v.Properties.LockConfiguration,
      ]);
      expect(locks).toEqual([
        ['Retain', { MinRetentionDays: 7, MaxRetentionDays: 90 }],
        ['Retain', { MinRetentionDays: 7, MaxRetentionDays: 90, ChangeableForDays: 5 }],
      ]);
    });

    test('without a lock mode, the vault locks in compliance mode with the 3-day AWS minimum of cooling-off', () => {
      const stack = testStack();
      new LockedVault(stack, 'V', {
        encryptionKey: new kms.Key(stack, 'K'),
        shortestRetentionDays: 90,
        maxRetentionDays: 90,
      });
      Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
        LockConfiguration: { MinRetentionDays: 89, MaxRetentionDays: 90, ChangeableForDays: 3 },
      });
    });
  });
});

describe('RestoreTesting', () => {
  /** GIVEN a fresh stack with a VPC, a vault and a topic, WHEN restore tests of one cluster are added with `props`. */
  function restoreTesting(props: Partial<RestoreTestingProps> = {}): Template {
    const stack = new Stack(testApp(), 'Test', {
      env: TEST_ENV,
    });
    const vpc = testVpc(stack);
    new RestoreTesting(stack, 'RestoreTesting', {
      vpc,
      clusterArn: 'arn:aws:rds:eu-west-3:111122223333:cluster:prod-aurora',
      masterSecretArn: 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:prod-master-AbCdEf',
      masterSecretKeyArn: 'arn:aws:kms:eu-west-3:111122223333:key/11111111-2222-3333-4444-555555555555',
      databaseName: 'booking',
      vaults: [backup.BackupVault.fromBackupVaultName(stack, 'Vault', 'history')],
      alertTopic: new sns.Topic(stack, 'Alerts'),
      ...props,
    });
    return Template.fromStack(stack);
  }

  describe('BKP-5 RestoreTesting', () => {
    test('the schedule, the port and what the validator checks come from props', () => {
      const t = restoreTesting({
        port: 5433,
        restoreTestSchedule: 'cron(0 4 ? * SUN *)',
        restoreValidation: { schema: 'booking', tables: ['reservations', 'guests'], instanceClass: 'db.r7g.large' },
      });
      t.hasResourceProperties('AWS::Backup::RestoreTestingPlan', { ScheduleExpression: 'cron(0 4 ? * SUN *)' });
      t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5433, ToPort: 5433 });
      t.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            EXPECTED_SCHEMA: 'booking',
            EXPECTED_TABLES: 'reservations,guests',
            INSTANCE_CLASS: 'db.r7g.large',
          }),
        },
      });
    });

    test('without them: weekly on Saturday, PostgreSQL port, any table with rows of the public schema', () => {
      const t = restoreTesting();
      t.hasResourceProperties('AWS::Backup::RestoreTestingPlan', { ScheduleExpression: 'cron(0 6 ? * SAT *)' });
      t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5432, ToPort: 5432 });
      t.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            EXPECTED_SCHEMA: 'public',
            EXPECTED_TABLES: '',
            INSTANCE_CLASS: 'db.t4g.medium',
          }),
        },
      });
    });

    test('BKP-5 the validator may write to the log streams of its own log group (its logs carry the alarm metrics)', () => {
      const t = restoreTesting();
      const [groupId, group] = Object.entries(t.findResources('AWS::Logs::LogGroup'))[0];
      const name = 'Test-ValidatorLogs-0123456789';
      // What CloudFormation returns for the group: Ref is its name, and its Arn attribute ends in ':*'.
      const groupArn = `arn:aws:logs:${TEST_ENV.region}:${TEST_ENV.account}:log-group:${name}:*`;
      const logs = Object.values(t.findResources('AWS::IAM::ManagedPolicy'))
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .find((st: any) => st.Sid === 'Logs');
      expect(group.Properties.LogGroupName).toBeUndefined();
      expect(logs.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      const resources = [logs.Resource]
        .flat()
        .map((r) => resolved(r, { [groupId]: name }, { [`${groupId}.Arn`]: groupArn }));
      const stream = `arn:aws:logs:${TEST_ENV.region}:${TEST_ENV.account}:log-group:${name}:log-stream:2030/01/05/[$LATEST]0a1b2c`;
      expect(resources.some((r) => iamMatches(r, stream))).toBe(true);
      // And nothing beyond that one group's streams.
      expect(resources.some((r) => iamMatches(r, stream.replace(name, 'another-group')))).toBe(false);
    });

    test('BKP-5 the alarms read the namespace, metrics and dimensions the validator writes', () => {
      const written = JSON.parse(emfLine({ Failed: 1, ValidatorErrors: 1 }, 0))._aws.CloudWatchMetrics[0];
      const alarms = Object.values(restoreTesting().findResources('AWS::CloudWatch::Alarm'))
        .map((a) => a.Properties)
        .filter((p) => p.Namespace === written.Namespace);
      expect(alarms.map((p) => p.MetricName).sort()).toEqual(['Failed', 'ValidatorErrors']);
      for (const p of alarms) {
        // No dimension on either side ([[]] in EMF): the alarm's metric is the one extracted.
        expect(written.Dimensions).toEqual([[]]);
        expect(p.Dimensions).toBeUndefined();
        expect(written.Metrics.map((m: { Name: string }) => m.Name)).toContain(p.MetricName);
        expect([p.Statistic, p.Threshold, p.ComparisonOperator]).toEqual(['Sum', 1, 'GreaterThanOrEqualToThreshold']);
      }
    });

    test('restore tests without a vault to pick from are refused at synth', () => {
      expect(() => restoreTesting({ vaults: [] })).toThrow(/Test\/RestoreTesting: no vault given/);
    });
  });
});
