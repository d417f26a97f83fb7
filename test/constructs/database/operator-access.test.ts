import { Match, Template } from 'aws-cdk-lib/assertions';
import { OperatorAccess, type OperatorAccessProps } from '../../../lib/constructs/database/operator-access';
import { SecureDatabase } from '../../../lib/constructs/database/secure-database';
import { vpcFixture } from './fixture';

/** GIVEN a database in a fresh VPC, WHEN an OperatorAccess is added for it with `props`. */
function operatorAccess(props: Partial<OperatorAccessProps> = {}) {
  const { stack, vpc } = vpcFixture();
  const database = new SecureDatabase(stack, 'Db', { vpc, clusterIdentifier: 'fixture-aurora' });
  new OperatorAccess(stack, 'Ops', { vpc, database, operatorCidrs: ['203.0.113.0/28'], ...props });
  return Template.fromStack(stack);
}

/** The trust statements of the human roles (assumed from the account root). */
const humanTrusts = (t: Template) =>
  Object.values(t.findResources('AWS::IAM::Role'))
    .map((r) => r.Properties.AssumeRolePolicyDocument.Statement[0])
    .filter((s) => s.Principal.AWS);

describe('DB-1 OperatorAccess', () => {
  test('an IPv6-only operator list makes one IPv6 prefix list and the same CIDR in the conditions', () => {
    const t = operatorAccess({ operatorCidrs: ['2001:db8::/32'] });
    t.resourceCountIs('AWS::EC2::PrefixList', 1);
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      AddressFamily: 'IPv6',
      Entries: [{ Cidr: '2001:db8::/32', Description: 'operator address (config operatorCidrs)' }],
    });
    const trusts = humanTrusts(t);
    expect(trusts).toHaveLength(2);
    for (const s of trusts) expect(s.Condition.IpAddress).toEqual({ 'aws:SourceIp': ['2001:db8::/32'] });
  });

  test('both families: one prefix list each, named after the stack, sized to its entries', () => {
    const t = operatorAccess({ operatorCidrs: ['203.0.113.0/28', '198.51.100.0/24', '2001:db8::/32'] });
    t.resourceCountIs('AWS::EC2::PrefixList', 2);
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      PrefixListName: 'Test-operators-ipv4',
      AddressFamily: 'IPv4',
      MaxEntries: 2,
    });
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      PrefixListName: 'Test-operators-ipv6',
      AddressFamily: 'IPv6',
      MaxEntries: 1,
    });
    for (const s of humanTrusts(t)) {
      expect(s.Condition.IpAddress).toEqual({
        'aws:SourceIp': ['203.0.113.0/28', '198.51.100.0/24', '2001:db8::/32'],
      });
    }
  });
});

describe('DB-3 ORG-5 OperatorAccess defaults and props', () => {
  test('defaults: a t4g.nano host patched daily at 04:00 UTC, read-only role connecting as readonly_user', () => {
    const t = operatorAccess();
    t.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't4g.nano' });
    t.hasResourceProperties('AWS::SSM::Association', {
      Name: 'AWS-RunPatchBaseline',
      ScheduleExpression: 'cron(0 4 ? * * *)',
      ComplianceSeverity: 'HIGH',
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('rds-db:connect as readonly_user only$'),
    });
  });

  test('host instance type, patch schedule and read-only user follow the props', () => {
    const t = operatorAccess({
      hostInstanceType: 't4g.micro',
      patchSchedule: 'cron(30 2 ? * SUN *)',
      readOnlyUser: 'analyst',
    });
    t.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't4g.micro' });
    t.hasResourceProperties('AWS::SSM::Association', { ScheduleExpression: 'cron(30 2 ? * SUN *)' });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'rds-db:connect',
            Resource: { 'Fn::Join': ['', Match.arrayWith(['/analyst'])] },
          }),
        ]),
      },
    });
  });

  test('DB-1 the database admits the host group on the PostgreSQL port', () => {
    const t = operatorAccess();
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      Description: 'operator access host (SSM port forwarding)',
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OpsHostSecurityGroup'), 'GroupId'] },
    });
  });
});
