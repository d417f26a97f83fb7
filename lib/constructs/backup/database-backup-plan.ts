import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { RULE_COMPLETION_WINDOW_MINUTES, RULE_START_WINDOW_MINUTES } from '../../core/backup-schedule';
import { LockedVault, type VaultLockMode } from './locked-vault';

/** AWS maximum of continuous backup (point-in-time) retention. */
export const MAX_CONTINUOUS_RETENTION_DAYS = 35;
/** Longest retention of any snapshot and copy (BKP-6). */
export const MAX_SNAPSHOT_RETENTION_DAYS = 90;

/** Properties of {@link DatabaseBackupPlan}. */
export interface DatabaseBackupPlanProps {
  /** ARN of the Aurora cluster to protect. */
  readonly clusterArn: string;
  /** Key of this region's vaults. */
  readonly encryptionKey: kms.IKey;
  /** Days of point-in-time recovery (7-35). */
  readonly continuousRetentionDays: number;
  /** UTC hours of the frequent snapshots (from `frequentHours`, clear of the database windows). */
  readonly frequentHours: readonly number[];
  /** Days each frequent snapshot is kept. */
  readonly frequentRetentionDays: number;
  /** UTC hour of the daily snapshot. */
  readonly dailyStartHourUtc: number;
  /** Days each daily snapshot is kept (at most 90). */
  readonly dailyRetentionDays: number;
  /** Vault in the backup region receiving the frequent copies. */
  readonly copyVaultArn: string;
  /** Vault in the backup region receiving the daily copies. */
  readonly historyCopyVaultArn: string;
  /**
   * Vault in a second account receiving a copy of every scheduled recovery point.
   * @default - no second-account copy
   */
  readonly secondAccountVaultArn?: string;
  /** Lock mode of every vault. */
  readonly lock: VaultLockMode;
}

/**
 * One AWS Backup plan for the Aurora cluster (BKP-2, BKP-3, BKP-4, BKP-6):
 * - continuous backup: restore to any second of the last N days, in its own vault
 *   (continuous points live at most 35 days, so they cannot share a lock whose
 *   minimum protects the 90-day history);
 * - frequent snapshots kept a short time, in a vault locked at their retention;
 * - daily snapshots kept exactly the 90-day history, in a vault locked at it;
 * - every scheduled rule copies to the backup region with the same retention.
 */
export class DatabaseBackupPlan extends Construct {
  /** The plan. */
  readonly plan: backup.BackupPlan;
  /** Vault of the continuous (point-in-time) recovery points. */
  readonly continuousVault: backup.BackupVault;
  /** Vault of the frequent snapshots. */
  readonly frequentVault: backup.BackupVault;
  /** Vault of the daily snapshots (90-day history). */
  readonly historyVault: backup.BackupVault;
  /** Role AWS Backup assumes to snapshot and copy the cluster. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: DatabaseBackupPlanProps) {
    super(scope, id);
    if (!props.frequentHours.length) throw new Error(`${this.node.path}: no frequent snapshot hour given`);
    const key = props.encryptionKey;
    this.continuousVault = new LockedVault(this, 'ContinuousVault', {
      encryptionKey: key,
      shortestRetentionDays: props.continuousRetentionDays,
      maxRetentionDays: MAX_CONTINUOUS_RETENTION_DAYS,
      lock: props.lock,
    }).vault;
    this.frequentVault = new LockedVault(this, 'FrequentVault', {
      encryptionKey: key,
      shortestRetentionDays: props.frequentRetentionDays,
      maxRetentionDays: MAX_SNAPSHOT_RETENTION_DAYS,
      lock: props.lock,
    }).vault;
    this.historyVault = new LockedVault(this, 'HistoryVault', {
      encryptionKey: key,
      shortestRetentionDays: props.dailyRetentionDays,
      maxRetentionDays: MAX_SNAPSHOT_RETENTION_DAYS,
      lock: props.lock,
    }).vault;

    const copyVault = backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', props.copyVaultArn);
    const historyCopyVault = backup.BackupVault.fromBackupVaultArn(this, 'HistoryCopyVault', props.historyCopyVaultArn);
    const secondAccount = props.secondAccountVaultArn
      ? backup.BackupVault.fromBackupVaultArn(this, 'SecondAccountVault', props.secondAccountVaultArn)
      : undefined;
    const copies = (days: number, region: backup.IBackupVault): backup.BackupPlanCopyActionProps[] => [
      { destinationBackupVault: region, deleteAfter: Duration.days(days) },
      ...(secondAccount ? [{ destinationBackupVault: secondAccount, deleteAfter: Duration.days(days) }] : []),
    ];
    const windows = {
      startWindow: Duration.minutes(RULE_START_WINDOW_MINUTES),
      completionWindow: Duration.minutes(RULE_COMPLETION_WINDOW_MINUTES),
    };

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `${Stack.of(this).stackName}-aurora`,
      backupPlanRules: [
        // BKP-2, BKP-4: point-in-time restore to the second; RDS ships the logs about every 5 minutes.
        new backup.BackupPlanRule({
          ruleName: 'Continuous',
          backupVault: this.continuousVault,
          enableContinuousBackup: true,
          deleteAfter: Duration.days(props.continuousRetentionDays),
          ...windows,
        }),
        // BKP-2, BKP-3: snapshots every few hours, clear of the database windows, copied to the backup region.
        new backup.BackupPlanRule({
          ruleName: 'Frequent',
          backupVault: this.frequentVault,
          scheduleExpression: events.Schedule.expression(`cron(0 ${props.frequentHours.join(',')} * * ? *)`),
          deleteAfter: Duration.days(props.frequentRetentionDays),
          copyActions: copies(props.frequentRetentionDays, copyVault),
          ...windows,
        }),
        // BKP-6: the 90-day history, deleted at exactly its retention, copies too.
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          backupVault: this.historyVault,
          scheduleExpression: events.Schedule.expression(`cron(0 ${props.dailyStartHourUtc} * * ? *)`),
          deleteAfter: Duration.days(props.dailyRetentionDays),
          copyActions: copies(props.dailyRetentionDays, historyCopyVault),
          ...windows,
        }),
      ],
    });

    // The role AWS documents for AWS Backup; its managed policy is maintained by AWS as
    // services change, which a hand-written copy would not follow.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup: snapshot, continuous backup and copy of the Aurora cluster',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup')],
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'The service role policy AWS documents for AWS Backup; only backup.amazonaws.com can assume this role, and the selection limits it to the one cluster ARN.',
    });
    this.plan.addSelection('Cluster', {
      resources: [backup.BackupResource.fromArn(props.clusterArn)],
      role: this.role,
      allowRestores: false,
    });
  }
}
