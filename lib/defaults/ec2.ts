import type * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * The baseline of every security group: nothing leaves unless a rule says so. CDK's default,
 * `allowAllOutbound: true`, would let a compromised task reach any address.
 */
export function closedSecurityGroupProps(vpc: ec2.IVpc, description: string): ec2.SecurityGroupProps {
  return { vpc, description, allowAllOutbound: false };
}
