import { Match, Template } from 'aws-cdk-lib/assertions';
import { Network, type NetworkProps } from '../../../lib/constructs/network';
import { vpcPrefixNeeded } from '../../../lib/core/cidr';
import { testStack } from '../../helpers';

const zonesOf = (count: number) =>
  'abcdef'
    .slice(0, count)
    .split('')
    .map((l) => `eu-west-3${l}`);

/** GIVEN a fresh stack, WHEN a Network is added over `zones` zones with `props`. */
function network(zones: number, props: Partial<NetworkProps> = {}) {
  const stack = testStack();
  new Network(stack, 'Network', { availabilityZones: zonesOf(zones), ...props });
  return Template.fromStack(stack);
}

describe('DB-1 VPC range checks', () => {
  // The validator's figure must be the size CDK actually carves: one prefix smaller fails
  // with CDK's own error, the computed one builds.
  const build = (vpcCidr: string, zones: number) => () => {
    new Network(testStack(), 'Network', {
      vpcCidr,
      availabilityZones: zonesOf(zones),
      natGateways: 1,
      flowLogRetentionDays: 7,
    });
  };
  test.each([2, 3, 4, 6])('%i zones: the computed prefix is the smallest CDK accepts', (zones) => {
    const needed = vpcPrefixNeeded(zones);
    expect(build(`10.0.0.0/${needed}`, zones)).not.toThrow();
    expect(build(`10.0.0.0/${needed + 1}`, zones)).toThrow(/exceeds remaining space/);
  });
});

describe('DB-1 DET-4 Network defaults and props', () => {
  test('defaults: 10.0.0.0/16, one NAT gateway per zone, flow logs kept 365 days', () => {
    const t = network(3);
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    t.resourceCountIs('AWS::EC2::NatGateway', 3);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('range, NAT gateways and flow log retention follow the props', () => {
    const t = network(2, { vpcCidr: '10.20.0.0/20', natGateways: 1, flowLogRetentionDays: 30 });
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/20' });
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('public, private and isolated subnets in every zone; none maps public IPs', () => {
    const subnets = Object.values(network(2).findResources('AWS::EC2::Subnet'));
    expect(subnets).toHaveLength(6);
    for (const s of subnets) expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
  });

  test('the flow log writes every flow with the immutable role, whose only policy is the managed one', () => {
    const t = network(2);
    t.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      DeliverLogsPermissionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkFlowLogRole'), 'Arn'] },
    });
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ Ref: Match.stringLikeRegexp('^NetworkFlowLogPolicy') }],
    });
  });

  test("cfn-lint W3005 is silenced on CDK's default-security-group provider only", () => {
    const t = network(2);
    const silenced = Object.entries(t.toJSON().Resources as Record<string, any>).filter(([, r]) =>
      JSON.stringify(r.Metadata?.['cfn-lint'] ?? {}).includes('W3005'),
    );
    expect(silenced.map(([id]) => id)).toEqual([
      expect.stringMatching(/^CustomVpcRestrictDefaultSGCustomResourceProvider/),
    ]);
  });
});
