import { Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { StageConfig } from '../config/schema';
import { deploymentRoleName } from '../core/key-guard';
import { keyGuardStatements } from '../defaults/kms';
import type { BackupStack } from '../stacks/backup-stack';
import type { DataStack } from '../stacks/data-stack';
import type { DetectionStack, RegionalDetectionStack } from '../stacks/detection-stack';
import type { NetworkStack } from '../stacks/network-stack';
import type { RecoveryStack } from '../stacks/recovery-stack';

/** The IAM role ARN of `roleName` in the key's account, as `aws:PrincipalArn` carries it for its sessions. */
function roleArn(key: kms.IKey, roleName: string): string {
  return Stack.of(key).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: roleName });
}

/** Adds the BKP-7 key guard to the policy of each key. */
export function guardKeys(c: Pick<StageConfig, 'keyGuard'>, keys: readonly kms.Key[]): void {
  for (const key of keys) {
    const { account, region } = Stack.of(key);
    // CloudFormation creates and updates the key policy through the bootstrap's execution role of the key's region.
    const statements = keyGuardStatements({
      breakGlassRoleArn: roleArn(key, c.keyGuard.breakGlassRoleName),
      deploymentRoleArn: roleArn(key, deploymentRoleName(c.keyGuard.bootstrapQualifier, account, region)),
    });
    for (const s of statements) key.addToResourcePolicy(s);
  }
}

/** The stacks whose keys are guarded. */
export interface GuardedStacks {
  readonly data: DataStack;
  readonly backup: BackupStack;
  readonly recovery: RecoveryStack;
  readonly network: NetworkStack;
  readonly detection: DetectionStack;
  readonly detectionBackupRegion: RegionalDetectionStack;
  readonly detectionGlobal?: RegionalDetectionStack;
}

/**
 * BKP-7: every key that protects the database (its storage), its master secret or a backup (the vault keys of both
 * regions) denies deletion, disabling and policy changes to all but the break-glass role (and the deployment, for the
 * policy). So do the keys the tamper alarms depend on (DET-7): each region's alert topic key (disabling it would
 * silence every alert, its own included) and the trail key (disabling it cuts off the audit trail). The air-gapped
 * vault uses an AWS-owned key, out of reach of this account. A disposable stage (OPS-3) leaves the guard off, so its
 * keys can be deleted with it.
 */
export function guardStageKeys(c: Pick<StageConfig, 'keyGuard' | 'lifecycle'>, s: GuardedStacks): void {
  if (c.lifecycle === 'disposable') return;
  guardKeys(c, [
    s.data.database.storageKey,
    s.data.database.secretKey,
    s.backup.key.key,
    s.recovery.key.key,
    s.network.alerts.key.key,
    s.detection.auditTrail.key.key,
    s.detectionBackupRegion.alertTopic.key.key,
    ...(s.detectionGlobal ? [s.detectionGlobal.alertTopic.key.key] : []),
  ]);
}
