import { testStack, testVpc } from '../../helpers';

/** GIVEN a fresh stack with a VPC whose public, private and isolated subnets span `zones`. */
export function vpcFixture(zones: readonly string[] = ['eu-west-3a', 'eu-west-3b']) {
  const stack = testStack();
  return { stack, vpc: testVpc(stack, zones) };
}
