import { Stack, type StackProps, Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { BackupAuditFramework } from '../constructs/backup/audit-framework';
import { BackupAlerts } from '../constructs/backup/backup-alerts';
import { backupKey } from '../constructs/backup/backup-key';
import { DatabaseBackupPlan, MAX_SNAPSHOT_RETENTION_DAYS } from '../constructs/backup/database-backup-plan';
import { lockMinimum } from '../constructs/backup/locked-vault';
import { RestoreTesting } from '../constructs/backup/restore-testing';
import type { SecureKey } from '../constructs/secure-key';
import { frequentHours, longestSnapshotGapHours, RULE_COMPLETION_WINDOW_MINUTES } from '../core/backup-schedule';
import { historyCopyVaultArn } from './recovery-stack';

/** Aurora PostgreSQL listens here unless the cluster says otherwise. */
const DEFAULT_POSTGRES_PORT = 5432;

/** Properties of {@link BackupStack}. */
export interface BackupStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /** VPC of the restore tests (isolated subnets). */
  readonly vpc: ec2.IVpc;
  /** The cluster to back up. */
  readonly cluster: rds.IDatabaseCluster;
  /** The team's alert topic in the primary region. */
  readonly alertTopic: sns.ITopic;
  /** ARN of the vault in the backup region that receives the frequent copies. */
  readonly copyVaultArn: string;
  /**
   * ARN of the vault in the backup region that receives the daily copies.
   * @default - historyCopyVaultArn(config), the vault RecoveryStack declares
   */
  readonly historyCopyVaultArn?: string;
  /**
   * ARN of the cluster's master secret, with which the restore validator logs in.
   * @default - the RDS-managed master secret of `cluster` (MasterUserSecret)
   */
  readonly masterSecretArn?: string;
  /**
   * ARN of the KMS key of that secret.
   * @default - the key of the RDS-managed master secret of `cluster`
   */
  readonly masterSecretKeyArn?: string;
}

/** Primary region, stateful: vaults, the plan, restore tests and audit (BKP-1..BKP-6). */
export class BackupStack extends Stack {
  /** This region's backup key (BKP-1). */
  readonly key: SecureKey;
  /** The plan and its vaults. */
  readonly backupPlan: DatabaseBackupPlan;
  /** Automatic restore tests and their validation (BKP-5). */
  readonly restoreTesting: RestoreTesting;
  /** Audit Manager framework, when `backup.auditFramework` is on. */
  readonly auditFramework?: BackupAuditFramework;
  /** Alerts on failed jobs. */
  readonly alerts: BackupAlerts;

  constructor(scope: Construct, id: string, props: BackupStackProps) {
    super(scope, id, props);
    const c = props.config;
    const b = c.backup;
    const hours = frequentHours(b, c.database);
    const secret = masterSecretOf(props);

    this.key = backupKey(this, 'BackupKey', `AWS Backup recovery points of stage ${c.name} in ${c.primaryRegion}`);
    this.backupPlan = new DatabaseBackupPlan(this, 'BackupPlan', {
      clusterArn: props.cluster.clusterArn,
      encryptionKey: this.key.key,
      continuousRetentionDays: b.continuousRetentionDays,
      frequentHours: hours,
      frequentRetentionDays: b.frequentRetentionDays,
      dailyStartHourUtc: b.dailyStartHourUtc,
      dailyRetentionDays: b.dailyRetentionDays,
      copyVaultArn: props.copyVaultArn,
      historyCopyVaultArn: props.historyCopyVaultArn ?? historyCopyVaultArn(c),
      secondAccountVaultArn: b.secondAccountCopy?.vaultArn,
      lock: b.lock,
    });

    const port = props.cluster.clusterEndpoint.port;
    this.restoreTesting = new RestoreTesting(this, 'RestoreTesting', {
      vpc: props.vpc,
      clusterArn: props.cluster.clusterArn,
      port: Token.isUnresolved(port) ? DEFAULT_POSTGRES_PORT : port,
      masterSecretArn: secret.arn,
      masterSecretKeyArn: secret.keyArn,
      databaseName: c.database.databaseName,
      schema: b.restoreValidation.schema,
      tables: b.restoreValidation.tables,
      instanceClass: b.restoreValidation.instanceClass,
      schedule: b.restoreTestSchedule,
      vaults: [this.backupPlan.frequentVault, this.backupPlan.historyVault],
      alertTopic: props.alertTopic,
    });

    if (b.auditFramework) {
      this.auditFramework = new BackupAuditFramework(this, 'AuditFramework', {
        backupRegion: c.backupRegion,
        frequencyHours: b.frequentIntervalHours,
        minRetentionDays: Math.min(b.frequentRetentionDays, b.dailyRetentionDays),
        lockMinRetentionDays: lockMinimum(
          Math.min(b.frequentRetentionDays, b.dailyRetentionDays),
          MAX_SNAPSHOT_RETENTION_DAYS,
        ),
        lockMaxRetentionDays: MAX_SNAPSHOT_RETENTION_DAYS,
        lastRecoveryPointMaxAgeHours:
          longestSnapshotGapHours(hours, b.dailyStartHourUtc) + RULE_COMPLETION_WINDOW_MINUTES / 60,
        maxRestoreTimeMinutes: b.restoreTimeTargetMinutes,
      });
    }
    this.alerts = new BackupAlerts(this, 'Alerts', { alertTopic: props.alertTopic });
  }
}

/** The master secret and its key: given, or read from the cluster's RDS-managed secret. */
function masterSecretOf(props: BackupStackProps): { arn: string; keyArn: string } {
  if (props.masterSecretArn && props.masterSecretKeyArn)
    return { arn: props.masterSecretArn, keyArn: props.masterSecretKeyArn };
  const cfn = props.cluster.node.defaultChild;
  const managed =
    cfn instanceof rds.CfnDBCluster
      ? (cfn.masterUserSecret as rds.CfnDBCluster.MasterUserSecretProperty | undefined)
      : undefined;
  if (!(cfn instanceof rds.CfnDBCluster) || !managed?.kmsKeyId) {
    throw new Error(
      'BackupStack: the cluster has no RDS-managed master secret under a customer key; pass masterSecretArn and masterSecretKeyArn',
    );
  }
  return {
    arn: props.masterSecretArn ?? cfn.attrMasterUserSecretSecretArn,
    keyArn: props.masterSecretKeyArn ?? managed.kmsKeyId,
  };
}
