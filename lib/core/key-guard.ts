// BKP-7's key guard without CDK: what the two Deny statements of a guarded key policy are called, what they deny,
// and who they let through. lib/defaults/kms.ts builds the statements from these; the BKP-7 check and the PROOF-5
// paths read them back from the templates.

/** Sid of the statement that denies deleting and disabling the key. */
export const KEY_GUARD_RETIRE_SID = 'DenyKeyDeletionExceptBreakGlass';
/** Sid of the statement that denies changing the key policy. */
export const KEY_GUARD_POLICY_SID = 'DenyKeyPolicyChangeExceptBreakGlassAndDeployment';
/** Actions that make everything under a key unreadable: only the break-glass role may call them. */
export const KEY_GUARD_RETIRE_ACTIONS: readonly string[] = ['kms:ScheduleKeyDeletion', 'kms:DisableKey'];
/** Changing the key policy could lift the guard: only the break-glass role and the deployment may. */
export const KEY_GUARD_POLICY_ACTIONS: readonly string[] = ['kms:PutKeyPolicy'];

/**
 * The CDK bootstrap's CloudFormation execution role of an account and region (`cdk bootstrap --qualifier`): the role
 * CloudFormation creates and updates key policies through.
 */
export function deploymentRoleName(qualifier: string, account: string, region: string): string {
  return `cdk-${qualifier}-cfn-exec-role-${account}-${region}`;
}

/** The ARN of an IAM role without a path, as `aws:PrincipalArn` carries it for every session of the role. */
export function iamRoleArn(partition: string, account: string, roleName: string): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}
