import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DatabaseBackupPlan, type DatabaseBackupPlanProps } from '../../../lib/constructs/backup/database-backup-plan';
import { testStack } from '../../helpers';

const COPY_VAULT = 'arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-copy-vault';
const HISTORY_COPY_VAULT = 'arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-copy-vault-history';

/** GIVEN a fresh stack and its key, WHEN a plan for one cluster is added with `props`: its rules by name. */
function planRules(props: Partial<DatabaseBackupPlanProps> = {}): Record<string, Record<string, any>> {
  const stack = testStack();
  new DatabaseBackupPlan(stack, 'BackupPlan', {
    clusterArn: 'arn:aws:rds:eu-west-3:111122223333:cluster:prod-aurora',
    encryptionKey: new kms.Key(stack, 'Key'),
    frequentHours: [7, 11, 15, 19, 23],
    copyVaultArn: COPY_VAULT,
    historyCopyVaultArn: HISTORY_COPY_VAULT,
    ...props,
  });
  const plan = Object.values(Template.fromStack(stack).findResources('AWS::Backup::BackupPlan'))[0];
  return Object.fromEntries(plan.Properties.BackupPlan.BackupPlanRule.map((r: any) => [r.RuleName, r]));
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
    ]);
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
    expect(rules.Daily).toMatchObject({ ScheduleExpression: 'cron(0 3 * * ? *)', Lifecycle: { DeleteAfterDays: 90 } });
  });

  test('a plan without a frequent snapshot hour is refused at synth', () => {
    expect(() => planRules({ frequentHours: [] })).toThrow(/Test\/BackupPlan: no frequent snapshot hour given/);
  });
});
