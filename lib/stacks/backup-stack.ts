import { Stack, type StackProps, Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { buildsAirGappedVault } from '../config/sections/backup-checks';
import { BackupAuditFramework } from '../constructs/backup/audit-framework';
import { BackupAlerts } from '../constructs/backup/backup-alerts';
import { backupKey } from '../constructs/backup/backup-key';
import { DatabaseBackupPlan } from '../constructs/backup/database-backup-plan';
import { RestoreTesting } from '../constructs/backup/restore-testing';
import type { SecureKey } from '../constructs/secure-key';
import { frequentHours } from '../core/backup-schedule';
import { invalidProps } from '../defaults/errors';
import { historyCopyVaultArn } from './recovery-stack';

/** Properties of {@link BackupStack}. */
export interface BackupStackProps extends StackProps {
  /** The validated stage: its backup section, the database's windows and name, and where the copies go. */
  readonly config: Pick<
    StageConfig,
    'name' | 'account' | 'primaryRegion' | 'backupRegion' | 'backup' | 'database' | 'lifecycle'
  >;
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
    const schedule = { ...c.backup, frequentHours: frequentHours(c.backup, c.database) };
    const clusterArn = props.cluster.clusterArn;

    this.key = backupKey(this, 'BackupKey', `AWS Backup recovery points of stage ${c.name} in ${c.primaryRegion}`);
    this.backupPlan = new DatabaseBackupPlan(this, 'BackupPlan', {
      ...schedule,
      clusterArn,
      encryptionKey: this.key.key,
      copyVaultArn: props.copyVaultArn,
      historyCopyVaultArn: props.historyCopyVaultArn ?? historyCopyVaultArn(c),
      // OPS-3: a disposable stage has no vault lock and no air-gapped vault, so `cdk destroy` can remove it (BKP-7).
      locked: c.lifecycle !== 'disposable',
      airGappedCopy: buildsAirGappedVault(c),
    });
    const port = props.cluster.clusterEndpoint.port;
    this.restoreTesting = new RestoreTesting(this, 'RestoreTesting', {
      ...c.backup,
      ...masterSecretOf(this, props),
      vpc: props.vpc,
      clusterArn,
      // The endpoint of a cluster of another stack has a token for a port; the security group rule needs a number.
      port: Token.isUnresolved(port) ? undefined : port,
      databaseName: c.database.databaseName,
      vaults: [this.backupPlan.frequentVault, this.backupPlan.historyVault],
      alertTopic: props.alertTopic,
    });
    if (c.backup.auditFramework) {
      this.auditFramework = new BackupAuditFramework(this, 'AuditFramework', {
        ...schedule,
        backupRegion: c.backupRegion,
      });
    }
    this.alerts = new BackupAlerts(this, 'Alerts', { alertTopic: props.alertTopic });
  }
}

/** The master secret and its key: given, or read from the cluster's RDS-managed secret. */
function masterSecretOf(
  stack: BackupStack,
  props: BackupStackProps,
): { masterSecretArn: string; masterSecretKeyArn: string } {
  if (props.masterSecretArn && props.masterSecretKeyArn)
    return { masterSecretArn: props.masterSecretArn, masterSecretKeyArn: props.masterSecretKeyArn };
  const cfn = props.cluster.node.defaultChild;
  const managed =
    cfn instanceof rds.CfnDBCluster
      ? (cfn.masterUserSecret as rds.CfnDBCluster.MasterUserSecretProperty | undefined)
      : undefined;
  if (!(cfn instanceof rds.CfnDBCluster) || !managed?.kmsKeyId) {
    return invalidProps(
      stack,
      'the cluster has no RDS-managed master secret under a customer key; pass masterSecretArn and masterSecretKeyArn',
    );
  }
  return {
    masterSecretArn: props.masterSecretArn ?? cfn.attrMasterUserSecretSecretArn,
    masterSecretKeyArn: props.masterSecretKeyArn ?? managed.kmsKeyId,
  };
}
