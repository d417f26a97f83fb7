import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import {
  KEY_GUARD_POLICY_ACTIONS,
  KEY_GUARD_POLICY_SID,
  KEY_GUARD_RETIRE_ACTIONS,
  KEY_GUARD_RETIRE_SID,
} from '../core/key-guard';

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

/** Who the key guard lets through (BKP-7): IAM role ARNs as `aws:PrincipalArn` carries them. */
export interface KeyGuardPrincipals {
  /** The break-glass role: alone may schedule deletion of, disable or re-key the key. */
  readonly breakGlassRoleArn: string;
  /**
   * The role CloudFormation updates the key policy through (the CDK bootstrap's execution role): KMS refuses a policy
   * that stops its caller from calling PutKeyPolicy again (the lockout safety check), so it keeps PutKeyPolicy only.
   */
  readonly deploymentRoleArn: string;
}

/**
 * BKP-7: the key guard, two Deny statements for every principal of every account (`aws:PrincipalArn` is the role ARN
 * for an assumed-role session, so one ARN covers every session of the role):
 * - ScheduleKeyDeletion and DisableKey, except the break-glass role;
 * - PutKeyPolicy, except the break-glass role and the deployment role.
 * An explicit Deny in the key policy wins over the root statement and over any identity policy (AdministratorAccess
 * included). `ArnNotLike` on `aws:PrincipalArn` is the form AWS's own SCP examples use to except a privileged role
 * (service-control-policy-examples, "Deny KMS key deletion"); the key is absent for AWS service principals, which
 * then fall under the Deny too: no service retires or re-keys a key on our behalf.
 */
export function keyGuardStatements(p: KeyGuardPrincipals): iam.PolicyStatement[] {
  const deny = (sid: string, actions: readonly string[], except: string[]) =>
    new iam.PolicyStatement({
      sid,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...actions],
      resources: ['*'],
      conditions: { ArnNotLike: { 'aws:PrincipalArn': except.length === 1 ? except[0] : except } },
    });
  return [
    deny(KEY_GUARD_RETIRE_SID, KEY_GUARD_RETIRE_ACTIONS, [p.breakGlassRoleArn]),
    deny(KEY_GUARD_POLICY_SID, KEY_GUARD_POLICY_ACTIONS, [p.breakGlassRoleArn, p.deploymentRoleArn]),
  ];
}
