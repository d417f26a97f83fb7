import { Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { RULE_COMPLETION_WINDOW_MINUTES, RULE_START_WINDOW_MINUTES } from '../../core/backup-schedule';
import {
  DEFAULT_AIR_GAPPED_COPY,
  DEFAULT_CONTINUOUS_RETENTION_DAYS,
  DEFAULT_DAILY_RETENTION_DAYS,
  DEFAULT_DAILY_START_HOUR_UTC,
  DEFAULT_FREQUENT_RETENTION_DAYS,
  MAX_CONTINUOUS_RETENTION_DAYS,
  MAX_SNAPSHOT_RETENTION_DAYS,
} from '../../defaults/backup';
import { invalidProps } from '../../defaults/errors';
import { acknowledge } from '../../defaults/nag';
import { AirGappedVault } from './air-gapped-vault';
import { LockedVault, type VaultLockMode } from './locked-vault';

/** Properties of {@link DatabaseBackupPlan}. */
export interface DatabaseBackupPlanProps {
  /** ARN of the Aurora cluster to protect. */
  readonly clusterArn: string;
  /** Key of this region's vaults. */
  readonly encryptionKey: kms.IKey;
  /**
   * UTC hours of the frequent snapshots (`frequentHours` of lib/core/backup-schedule, clear of the database windows).
   */
  readonly frequentHours: readonly number[];
  /** Vault in the backup region receiving the frequent copies. */
  readonly copyVaultArn: string;
  /** Vault in the backup region receiving the daily copies. */
  readonly historyCopyVaultArn: string;
  /**
   * Days of point-in-time recovery (7-35).
   * @default DEFAULT_CONTINUOUS_RETENTION_DAYS (35)
   */
  readonly continuousRetentionDays?: number;
  /**
   * Days each frequent snapshot is kept.
   * @default DEFAULT_FREQUENT_RETENTION_DAYS (1)
   */
  readonly frequentRetentionDays?: number;
  /**
   * UTC hour of the daily snapshot.
   * @default DEFAULT_DAILY_START_HOUR_UTC (3)
   */
  readonly dailyStartHourUtc?: number;
  /**
   * Days each daily snapshot is kept (at most 90).
   * @default DEFAULT_DAILY_RETENTION_DAYS (90)
   */
  readonly dailyRetentionDays?: number;
  /**
   * Vault in a second account receiving a copy of every scheduled recovery point.
   * @default - no second-account copy
   */
  readonly secondAccountCopy?: { readonly vaultArn: string };
  /**
   * Lock mode of every vault.
   * @default DEFAULT_VAULT_LOCK (compliance, 3 days of cooling-off)
   */
  readonly lock?: VaultLockMode;
  /**
   * Whether the vaults are locked at all: false only on a disposable stage (OPS-3).
   * @default true
   */
  readonly locked?: boolean;
  /**
   * Whether the daily rule also copies into a logically air-gapped vault of this region (BKP-7).
   * @default DEFAULT_AIR_GAPPED_COPY (true)
   */
  readonly airGappedCopy?: boolean;
}

/**
 * One AWS Backup plan for the Aurora cluster (BKP-2, BKP-3, BKP-4, BKP-6):
 * - continuous backup: restore to any second of the last N days, in its own vault
 *   (continuous points live at most 35 days, so they cannot share a lock whose
 *   minimum protects the 90-day history);
 * - frequent snapshots kept a short time, in a vault locked at their retention;
 * - daily snapshots kept exactly the 90-day history, in a vault locked at it;
 * - every scheduled rule copies to the backup region with the same retention;
 * - the daily rule also copies into a logically air-gapped vault of this region (BKP-7).
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
  /**
   * Logically air-gapped vault receiving a copy of every daily snapshot (BKP-7); the restore runbook names it.
   * Undefined when `airGappedCopy` is off.
   */
  readonly airGappedVault?: backup.CfnLogicallyAirGappedBackupVault;
  /** Role AWS Backup assumes to snapshot and copy the cluster. */
  readonly role: iam.Role;

  private readonly continuousRetentionDays: number;
  private readonly frequentRetentionDays: number;
  private readonly dailyRetentionDays: number;

  constructor(scope: Construct, id: string, props: DatabaseBackupPlanProps) {
    super(scope, id);
    if (!props.frequentHours.length) invalidProps(this, 'no frequent snapshot hour given');
    this.continuousRetentionDays = props.continuousRetentionDays ?? DEFAULT_CONTINUOUS_RETENTION_DAYS;
    this.frequentRetentionDays = props.frequentRetentionDays ?? DEFAULT_FREQUENT_RETENTION_DAYS;
    this.dailyRetentionDays = props.dailyRetentionDays ?? DEFAULT_DAILY_RETENTION_DAYS;

    const vault = (vaultId: string, shortestRetentionDays: number, maxRetentionDays: number) =>
      new LockedVault(this, vaultId, {
        encryptionKey: props.encryptionKey,
        shortestRetentionDays,
        maxRetentionDays,
        lock: props.lock,
        locked: props.locked,
      }).vault;
    this.continuousVault = vault('ContinuousVault', this.continuousRetentionDays, MAX_CONTINUOUS_RETENTION_DAYS);
    this.frequentVault = vault('FrequentVault', this.frequentRetentionDays, MAX_SNAPSHOT_RETENTION_DAYS);
    this.historyVault = vault('HistoryVault', this.dailyRetentionDays, MAX_SNAPSHOT_RETENTION_DAYS);
    // BKP-7: survives a compromised account (the copies in the backup region survive the loss of the region).
    if (props.airGappedCopy ?? DEFAULT_AIR_GAPPED_COPY) {
      this.airGappedVault = new AirGappedVault(this, 'AirGappedVault', {
        retentionDays: this.dailyRetentionDays,
      }).vault;
    }

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `${Stack.of(this).stackName}-aurora`,
      backupPlanRules: this.planRules(props),
    });
    this.role = this.backupRole();
    this.plan.addSelection('Cluster', {
      resources: [backup.BackupResource.fromArn(props.clusterArn)],
      role: this.role,
      allowRestores: false,
    });
  }

  /** The continuous, frequent and daily rules, each into its own vault. */
  private planRules(props: DatabaseBackupPlanProps): backup.BackupPlanRule[] {
    const copies = this.copyDestinations(props);
    const windows = {
      startWindow: Duration.minutes(RULE_START_WINDOW_MINUTES),
      completionWindow: Duration.minutes(RULE_COMPLETION_WINDOW_MINUTES),
    };
    return [
      // BKP-2, BKP-4: point-in-time restore to the second; RDS ships the logs about every 5 minutes.
      new backup.BackupPlanRule({
        ruleName: 'Continuous',
        backupVault: this.continuousVault,
        enableContinuousBackup: true,
        deleteAfter: Duration.days(this.continuousRetentionDays),
        ...windows,
      }),
      // BKP-2, BKP-3: snapshots every few hours, clear of the database windows, copied to the backup region.
      new backup.BackupPlanRule({
        ruleName: 'Frequent',
        backupVault: this.frequentVault,
        scheduleExpression: events.Schedule.expression(`cron(0 ${props.frequentHours.join(',')} * * ? *)`),
        deleteAfter: Duration.days(this.frequentRetentionDays),
        copyActions: copies.frequent,
        ...windows,
      }),
      // BKP-6: the 90-day history, deleted at exactly its retention, copies too.
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        backupVault: this.historyVault,
        scheduleExpression: events.Schedule.expression(
          `cron(0 ${props.dailyStartHourUtc ?? DEFAULT_DAILY_START_HOUR_UTC} * * ? *)`,
        ),
        deleteAfter: Duration.days(this.dailyRetentionDays),
        copyActions: copies.daily,
        ...windows,
      }),
    ];
  }

  /**
   * BKP-3: each scheduled rule copies to its vault of the backup region (and the second account), same retention.
   * BKP-7: the daily rule also copies into the air-gapped vault, in this region (Aurora cannot be copied across
   * Regions into one).
   */
  private copyDestinations(
    props: DatabaseBackupPlanProps,
  ): Record<'frequent' | 'daily', backup.BackupPlanCopyActionProps[]> {
    const copyVault = backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', props.copyVaultArn);
    const historyCopyVault = backup.BackupVault.fromBackupVaultArn(this, 'HistoryCopyVault', props.historyCopyVaultArn);
    const secondAccount = props.secondAccountCopy
      ? backup.BackupVault.fromBackupVaultArn(this, 'SecondAccountVault', props.secondAccountCopy.vaultArn)
      : undefined;
    const copies = (days: number, region: backup.IBackupVault): backup.BackupPlanCopyActionProps[] => [
      { destinationBackupVault: region, deleteAfter: Duration.days(days) },
      ...(secondAccount ? [{ destinationBackupVault: secondAccount, deleteAfter: Duration.days(days) }] : []),
    ];
    const airGapped = this.airGappedVault
      ? backup.BackupVault.fromBackupVaultArn(this, 'AirGappedVaultRef', this.airGappedVault.attrBackupVaultArn)
      : undefined;
    return {
      frequent: copies(this.frequentRetentionDays, copyVault),
      daily: [
        ...copies(this.dailyRetentionDays, historyCopyVault),
        ...(airGapped
          ? [{ destinationBackupVault: airGapped, deleteAfter: Duration.days(this.dailyRetentionDays) }]
          : []),
      ],
    };
  }

  /**
   * The role AWS documents for AWS Backup; its managed policy is maintained by AWS as
   * services change, which a hand-written copy would not follow.
   */
  private backupRole(): iam.Role {
    const role = new iam.Role(this, 'Role', {
      // ORG-7: only AWS Backup acting for this account (confused-deputy guard on the trust).
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'AWS Backup: snapshot, continuous backup and copy of the Aurora cluster',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup')],
    });
    acknowledge(
      role,
      'The service role policy AWS documents for AWS Backup; only backup.amazonaws.com can assume this role, and ' +
        'the selection limits it to the one cluster ARN.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    );
    return role;
  }
}
