// BackupStack on a fresh app (not a stage): the config variants the example stages do not show.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { StageInput } from '../../lib/config/schema';
import { BackupStack, type BackupStackProps } from '../../lib/stacks/backup-stack';
import { copyVaultArn } from '../../lib/stacks/recovery-stack';
import { TEST_ENV, testApp, testConfig } from '../helpers';

/**
 * GIVEN the example stage changed by `overrides`, a network stack with a VPC, an alert topic and a cluster
 * (imported: the stack reads its ARN and endpoint only), WHEN a BackupStack is added. The validator's code is
 * not bundled: these variants change config-driven properties only.
 */
function backupStack(overrides: Partial<StageInput> = {}, secret: Partial<BackupStackProps> = {}): BackupStack {
  const config = testConfig(overrides);
  const app = testApp();
  const network = new Stack(app, 'Network', { env: TEST_ENV });
  const vpc = new ec2.Vpc(network, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const cluster = rds.DatabaseCluster.fromDatabaseClusterAttributes(network, 'Cluster', {
    clusterIdentifier: 'prod-aurora',
    clusterEndpointAddress: 'prod-aurora.cluster-abc.eu-west-3.rds.amazonaws.com',
    port: 5432,
  });
  return new BackupStack(app, 'Backup', {
    env: TEST_ENV,
    config,
    vpc,
    cluster,
    alertTopic: new sns.Topic(network, 'Alerts'),
    copyVaultArn: copyVaultArn(config),
    masterSecretArn: 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:prod-master-AbCdEf',
    masterSecretKeyArn: 'arn:aws:kms:eu-west-3:111122223333:key/11111111-2222-3333-4444-555555555555',
    ...secret,
  });
}

describe('BKP-5 BackupStack', () => {
  test('the Audit Manager framework is a config switch, for accounts without AWS Config recording', () => {
    Template.fromStack(backupStack()).resourceCountIs('AWS::Backup::Framework', 1);
    Template.fromStack(backupStack({ backup: { auditFramework: false } } as never)).resourceCountIs(
      'AWS::Backup::Framework',
      0,
    );
  });

  test('a cluster without an RDS-managed master secret needs the secret named, or is refused at synth', () => {
    expect(() => backupStack({}, { masterSecretArn: undefined, masterSecretKeyArn: undefined })).toThrow(
      /Backup: the cluster has no RDS-managed master secret under a customer key; pass masterSecretArn and masterSecretKeyArn/,
    );
  });
});

describe('BKP-3 BKP-6 BackupStack', () => {
  test('the backup section reaches the plan: hourly snapshots kept 2 days, with a second-account copy', () => {
    const vaultArn = 'arn:aws:backup:eu-west-3:999988887777:backup-vault:escrow';
    const t = Template.fromStack(
      backupStack({
        backup: {
          frequentIntervalHours: 1,
          frequentRetentionDays: 2,
          snapshotQuota: 200,
          secondAccountCopy: { account: '999988887777', vaultArn },
        },
      } as never),
    );
    const rules = Object.values(t.findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule;
    const frequent = rules.find((r: { RuleName: string }) => r.RuleName === 'Frequent');
    expect(frequent.Lifecycle).toEqual({ DeleteAfterDays: 2 });
    expect(frequent.ScheduleExpression.split(' ')[1].split(',')).toHaveLength(20);
    expect(frequent.CopyActions).toContainEqual({
      DestinationBackupVaultArn: vaultArn,
      Lifecycle: { DeleteAfterDays: 2 },
    });
  });
});
