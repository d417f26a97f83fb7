import { CfnOutput, type Stack } from 'aws-cdk-lib';
import type * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { Stage } from './stage';

/** One output: its key (the construct ID, which CloudFormation keeps as written) and what it holds. */
interface RunbookOutput {
  readonly key: string;
  readonly value: string;
  readonly description: string;
}

/**
 * OPS-2: every name a runbook needs, as an output of the stack that owns it, so that each command of
 * docs/runbooks/restore.md reads it with `aws cloudformation describe-stacks ... OutputKey=='KEY'` instead of a
 * generated name copied by hand. The keys are stable and readable; nothing is exported (an export would pin the
 * value and block its stack's updates). test/runbooks/restore.test.ts checks every key a runbook queries exists.
 * Outputs add no resource: stateful logical IDs are untouched.
 */
export function addRunbookOutputs(stage: Stage): void {
  const plan = stage.backup.backupPlan;
  add(stage.backup, [
    out('ContinuousVaultName', plan.continuousVault.backupVaultName, 'Vault of the continuous (point-in-time) points'),
    out('FrequentVaultName', plan.frequentVault.backupVaultName, 'Vault of the frequent snapshots'),
    out('HistoryVaultName', plan.historyVault.backupVaultName, 'Vault of the daily snapshots (90-day history)'),
    out('BackupRoleArn', plan.role.roleArn, 'Role AWS Backup assumes to back up and copy the cluster'),
    ...restoreRoleOutputs(stage),
    out('BackupKeyArn', stage.backup.key.key.keyArn, 'Key of the vaults of the primary region'),
    ...airGappedOutputs(plan),
  ]);
  add(stage.recovery, [
    out('CopyVaultName', stage.recovery.copyVault.backupVaultName, 'Vault of the frequent copies (backup region)'),
    out(
      'HistoryCopyVaultName',
      stage.recovery.historyCopyVault.backupVaultName,
      'Vault of the daily copies, 90-day history (backup region)',
    ),
    out('BackupKeyArn', stage.recovery.key.key.keyArn, 'Key of the vaults of the backup region'),
  ]);
  add(stage.data, databaseOutputs(stage));
  add(stage.app, [
    out('EcsClusterName', stage.app.app.cluster.clusterName, 'ECS cluster of the application'),
    out('EcsServiceName', stage.app.app.service.serviceName, 'ECS service of the application'),
  ]);
}

/** What a restore reuses of the stage's cluster: identity, network, parameters, key. */
function databaseOutputs(stage: Stage): RunbookOutput[] {
  const { data } = stage;
  const cfn = data.cluster.node.defaultChild;
  const cluster = cfn instanceof rds.CfnDBCluster ? cfn : undefined;
  return [
    out('ClusterIdentifier', data.cluster.clusterIdentifier, 'DB cluster identifier of the stack cluster'),
    out('ClusterResourceId', data.cluster.clusterResourceIdentifier, 'Its resource ID (IAM database authentication)'),
    out('DbSecurityGroupId', data.dbSecurityGroup.securityGroupId, 'Security group of the cluster (DB-1)'),
    ...(cluster?.dbSubnetGroupName
      ? [out('DbSubnetGroupName', cluster.dbSubnetGroupName, 'DB subnet group of the cluster (isolated subnets)')]
      : []),
    ...(cluster?.dbClusterParameterGroupName
      ? [
          out(
            'ClusterParameterGroupName',
            cluster.dbClusterParameterGroupName,
            'Cluster parameter group: TLS only and pgaudit (DB-2, DB-5)',
          ),
        ]
      : []),
    out('StorageKeyArn', data.storageKey.keyArn, 'Key of the cluster storage and its snapshots (DB-4)'),
    out('SecretKeyArn', data.database.secretKey.keyArn, 'Key of the RDS-managed master secret (DB-2, DB-4)'),
  ];
}

/**
 * The role with AWS Backup's restore policy (AWSBackupServiceRolePolicyForRestores), which the weekly restore test
 * uses: a restore job passes it to AWS Backup (`--iam-role-arn`, so the caller needs iam:PassRole on it). The backup
 * role above has the backup policy only.
 */
function restoreRoleOutputs(stage: Stage): RunbookOutput[] {
  const role = stage.backup.restoreTesting.node.tryFindChild('RestoreRole');
  if (!(role instanceof iam.Role)) return [];
  return [out('RestoreRoleArn', role.roleArn, 'Role AWS Backup assumes to restore (pass it to start-restore-job)')];
}

/** The air-gapped vault of BKP-7, when the stage keeps one. */
function airGappedOutputs(plan: Stage['backup']['backupPlan']): RunbookOutput[] {
  // Typed loosely so this file compiles before and after the vault is added to the plan.
  const vault = (plan as { readonly airGappedVault?: backup.CfnLogicallyAirGappedBackupVault }).airGappedVault;
  if (!vault) return [];
  return [
    out('AirGappedVaultName', vault.backupVaultName, 'Logically air-gapped vault (BKP-7)'),
    out('AirGappedVaultArn', vault.attrBackupVaultArn, 'Its ARN, to share it with a recovery account (AWS RAM)'),
  ];
}

function out(key: string, value: string, description: string): RunbookOutput {
  return { key, value, description };
}

function add(stack: Stack, outputs: readonly RunbookOutput[]): void {
  for (const o of outputs) new CfnOutput(stack, o.key, { value: o.value, description: o.description });
}
