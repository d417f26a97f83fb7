import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as backup from 'aws-cdk-lib/aws-backup';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { backupKey } from '../constructs/backup/backup-key';
import { LockedVault } from '../constructs/backup/locked-vault';
import type { SecureKey } from '../constructs/secure-key';
import { backupVaultArn, copyVaultName, historyCopyVaultName } from '../core/naming';
import { MAX_SNAPSHOT_RETENTION_DAYS } from '../defaults/backup';

/** What names a stage's copy vaults: the stage, its account and its backup region. */
type CopyVaultPlace = Pick<StageConfig, 'name' | 'account' | 'backupRegion'>;

/** Properties of {@link RecoveryStack}. */
export interface RecoveryStackProps extends StackProps {
  /** The validated stage: its name, backup region and backup section. */
  readonly config: Pick<StageConfig, 'name' | 'backupRegion' | 'backup' | 'lifecycle'>;
}

/** ARN of the copy vault of the frequent snapshots, built from config so no token crosses regions. */
export function copyVaultArn(c: CopyVaultPlace): string {
  return backupVaultArn(c.backupRegion, c.account, copyVaultName(c.name));
}

/** ARN of the history copy vault, built from config like {@link copyVaultArn}. */
export function historyCopyVaultArn(c: CopyVaultPlace): string {
  return backupVaultArn(c.backupRegion, c.account, historyCopyVaultName(c.name));
}

/**
 * Backup region, stateful: the vaults that receive the copies (BKP-1, BKP-3, BKP-6).
 * Two vaults, because a lock's minimum must not exceed the shortest retention
 * written into its vault: the short-lived frequent copies and the 90-day daily
 * copies each get a lock whose minimum is their own retention.
 */
export class RecoveryStack extends Stack {
  /** Key of this region's vaults (BKP-1). */
  readonly key: SecureKey;
  /** Receives the frequent snapshots' copies; named {@link copyVaultName}. */
  readonly copyVault: backup.BackupVault;
  /** Receives the daily snapshots' copies; named {@link historyCopyVaultName}. */
  readonly historyCopyVault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: RecoveryStackProps) {
    super(scope, id, props);
    const c = props.config;
    const { lock } = c.backup;
    // BKP-1: the copy job re-encrypts every copy with this region's key.
    this.key = backupKey(this, 'BackupKey', `AWS Backup copies of stage ${c.name} in ${c.backupRegion}`);
    // BKP-3, BKP-6: same retention as the source rule, locked between it and 90 days.
    const vault = (vaultId: string, vaultName: string, shortestRetentionDays: number) =>
      new LockedVault(this, vaultId, {
        vaultName,
        encryptionKey: this.key.key,
        shortestRetentionDays,
        maxRetentionDays: MAX_SNAPSHOT_RETENTION_DAYS,
        lock,
        // OPS-3: no lock on a disposable stage.
        locked: c.lifecycle !== 'disposable',
      }).vault;
    this.copyVault = vault('CopyVault', copyVaultName(c.name), c.backup.frequentRetentionDays);
    this.historyCopyVault = vault('HistoryCopyVault', historyCopyVaultName(c.name), c.backup.dailyRetentionDays);
  }
}
