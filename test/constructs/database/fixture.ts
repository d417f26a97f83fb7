import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { testStack } from '../../helpers';

/** GIVEN a fresh stack with a VPC whose public, private and isolated subnets span `zones`. */
export function vpcFixture(zones: readonly string[] = ['eu-west-3a', 'eu-west-3b']) {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: [...zones],
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  return { stack, vpc };
}
