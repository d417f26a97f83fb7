import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { OperatorAccess } from '../../../lib/constructs/database/operator-access';
import { SecureDatabase, type SecureDatabaseProps } from '../../../lib/constructs/database/secure-database';

const env = { account: '111122223333', region: 'eu-west-3' };

function fixture(zones: string[]) {
  const stack = new Stack(new App(), 'Fixture', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: zones,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const props: SecureDatabaseProps = {
    vpc,
    clusterIdentifier: 'fixture-aurora',
    engineVersion: '16.6',
    minCapacity: 0.5,
    maxCapacity: 2,
    databaseName: 'booking',
    appUser: 'app_user',
    backupWindow: '01:00-01:30',
    maintenanceWindow: 'sun:02:00-sun:03:00',
    logRetentionDays: logs.RetentionDays.ONE_YEAR,
    rotationDays: 60,
  };
  return { stack, vpc, props };
}

describe('DB-6 SecureDatabase', () => {
  test("refuses a VPC whose isolated subnets span one zone: the reader would share the writer's zone", () => {
    const { stack, props } = fixture(['eu-west-3a']);
    expect(() => new SecureDatabase(stack, 'Db', props)).toThrow(/need two \(DB-6\)/);
  });

  test('defaults: pgaudit classes and 7 days of automated backups', () => {
    const { stack, props } = fixture(['eu-west-3a', 'eu-west-3b']);
    new SecureDatabase(stack, 'Db', props);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: { 'pgaudit.log': 'ddl,role,write' } });
    t.hasResourceProperties('AWS::RDS::DBCluster', { BackupRetentionPeriod: 7 });
  });

  test('ORG-4 the rotation period follows the prop', () => {
    const { stack, props } = fixture(['eu-west-3a', 'eu-west-3b']);
    new SecureDatabase(stack, 'Db', { ...props, rotationDays: 30 });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });
});

describe('DB-1 OperatorAccess', () => {
  test('an IPv6-only operator list makes one IPv6 prefix list and the same CIDR in the conditions', () => {
    const { stack, vpc, props } = fixture(['eu-west-3a', 'eu-west-3b']);
    const database = new SecureDatabase(stack, 'Db', props);
    new OperatorAccess(stack, 'Ops', {
      vpc,
      database,
      operatorCidrs: ['2001:db8::/32'],
      readOnlyUser: 'readonly_user',
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::EC2::PrefixList', 1);
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      AddressFamily: 'IPv6',
      Entries: [{ Cidr: '2001:db8::/32', Description: 'operator address (config operatorCidrs)' }],
    });
    const trusts = Object.values(t.findResources('AWS::IAM::Role'))
      .map((r) => r.Properties.AssumeRolePolicyDocument.Statement[0])
      .filter((s) => s.Principal.AWS);
    expect(trusts).toHaveLength(2);
    for (const s of trusts) expect(s.Condition.IpAddress).toEqual({ 'aws:SourceIp': ['2001:db8::/32'] });
  });
});
