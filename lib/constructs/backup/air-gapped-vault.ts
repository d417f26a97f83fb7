import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { lockMinimum } from '../../core/backup-schedule';
import { MAX_SNAPSHOT_RETENTION_DAYS, MIN_AIR_GAPPED_RETENTION_DAYS } from '../../defaults/backup';
import { invalidProps } from '../../defaults/errors';

/** Properties of {@link AirGappedVault}. */
export interface AirGappedVaultProps {
  /**
   * Retention, in days, of the recovery points copied into the vault (the daily rule's, at least 7). The vault's
   * minimum retention is set just under it, never above (a copy under the minimum fails).
   */
  readonly retentionDays: number;
  /**
   * Longest retention the vault admits, in days: nothing outlives the 90-day history (BKP-6).
   * @default MAX_SNAPSHOT_RETENTION_DAYS (90)
   */
  readonly maxRetentionDays?: number;
  /**
   * Physical name: unique in the account and region, and named in the restore runbook.
   * @default - `<stack name>-air-gapped`
   */
  readonly vaultName?: string;
}

/**
 * A logically air-gapped backup vault of AWS Backup (BKP-7): its recovery points are stored in an AWS Backup
 * service-owned account, under a compliance-mode lock AWS sets on every such vault, so no principal of this account,
 * an administrator with stolen credentials included, can delete them early or make them unreadable.
 *
 * Encrypted with an AWS-owned key (the default): a customer key would live in the very account the vault must
 * survive, and its deletion would make every copy unreadable. Aurora reaches it by a same-Region copy of the daily
 * snapshot: AWS Backup does not copy Aurora across Regions to or from such a vault (AWS Backup developer guide,
 * "Logically air-gapped vault", considerations), so the backup region keeps its ordinary locked copies (BKP-3).
 *
 * Retained with its stack: deleting the stack never deletes the copies (AWS refuses to delete a vault holding
 * recovery points anyway).
 */
export class AirGappedVault extends Construct {
  /** The vault. */
  readonly vault: backup.CfnLogicallyAirGappedBackupVault;
  /** Its ARN, for the plan's copy action. */
  readonly vaultArn: string;
  /** Its name, for the restore runbook. */
  readonly vaultName: string;

  constructor(scope: Construct, id: string, props: AirGappedVaultProps) {
    super(scope, id);
    const max = props.maxRetentionDays ?? MAX_SNAPSHOT_RETENTION_DAYS;
    if (props.retentionDays < MIN_AIR_GAPPED_RETENTION_DAYS || props.retentionDays > max) {
      invalidProps(
        this,
        `points kept ${props.retentionDays} d: an air-gapped vault admits ${MIN_AIR_GAPPED_RETENTION_DAYS} to ${max} d`,
      );
    }
    this.vaultName = props.vaultName ?? `${Stack.of(this).stackName}-air-gapped`;
    this.vault = new backup.CfnLogicallyAirGappedBackupVault(this, 'Vault', {
      backupVaultName: this.vaultName,
      // BKP-6: the same bounds as the history vault's lock: the minimum stops early deletion, the maximum keeps
      // nothing past 90 days. AWS wants the minimum at 7 days or more.
      minRetentionDays: Math.max(MIN_AIR_GAPPED_RETENTION_DAYS, lockMinimum(props.retentionDays, max)),
      maxRetentionDays: max,
    });
    this.vault.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.vaultArn = this.vault.attrBackupVaultArn;
  }
}
