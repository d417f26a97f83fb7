import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { RestoreTesting, type RestoreTestingProps } from '../../../lib/constructs/backup/restore-testing';
import { TEST_ENV, testApp } from '../../helpers';

/** GIVEN a fresh stack with a VPC, a vault and a topic, WHEN restore tests of one cluster are added with `props`. */
function restoreTesting(props: Partial<RestoreTestingProps> = {}): Template {
  const stack = new Stack(testApp(), 'Test', {
    env: TEST_ENV,
  });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
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

  test('restore tests without a vault to pick from are refused at synth', () => {
    expect(() => restoreTesting({ vaults: [] })).toThrow(/Test\/RestoreTesting: no vault given/);
  });
});
