import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/**
 * The baseline of every customer-managed key: yearly rotation, never deleted with its stack (a deleted key makes
 * every backup, log and snapshot under it unreadable).
 */
export function customerKeyProps(description: string, alias?: string): kms.KeyProps {
  return {
    description,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    alias: alias ? `alias/${alias}` : undefined,
  };
}

/** Sid of {@link grantsForAwsResourcesOnly} in every key policy. */
export const AWS_RESOURCE_GRANTS_ONLY_SID = 'DenyGrantsExceptForAwsResources';

/**
 * ORG-7, Control Tower CT.KMS.PR.3: no principal may create a grant on the key unless an integrated AWS service
 * creates it for one of its resources (`kms:GrantIsForAWSResource`: RDS storage, AWS Backup copies, Lambda) or the
 * caller is an AWS service principal. The default root statement (`kms:*` to the account) stays as it is: a grant
 * for anything else would hand key use to a principal outside every key and IAM policy, revocable only by whoever
 * finds it. A Deny with `BoolIfExists` on both keys, the one form the control accepts: an explicit deny also
 * overrides any IAM policy that allows `kms:CreateGrant`. ListGrants and RevokeGrant stay allowed to the account
 * (reading and removing grants is how an operator cleans up).
 */
export function grantsForAwsResourcesOnly(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: AWS_RESOURCE_GRANTS_ONLY_SID,
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: {
      BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
    },
  });
}
