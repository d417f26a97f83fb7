import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';

/** Properties of {@link BackupAuditFramework}. */
export interface BackupAuditFrameworkProps {
  /** Region every recovery point must be copied to. */
  readonly backupRegion: string;
  /** Hours between frequent snapshots: the plan must run at least this often. */
  readonly frequencyHours: number;
  /** Shortest retention of any recovery point the plan writes, in days. */
  readonly minRetentionDays: number;
  /** Lock minimum the vaults must at least enforce, in days. */
  readonly lockMinRetentionDays: number;
  /** Lock maximum the vaults must enforce, in days. */
  readonly lockMaxRetentionDays: number;
  /** Age, in hours, beyond which a missing new recovery point is non-compliant. */
  readonly lastRecoveryPointMaxAgeHours: number;
  /** Restore time target of the restore tests, in minutes. */
  readonly maxRestoreTimeMinutes: number;
}

/** Resource type AWS Backup and AWS Config use for Aurora clusters. CDK types the scope `any` and does not convert its keys: PascalCase, as CloudFormation wants. */
const SCOPE = { ComplianceResourceTypes: ['Aurora'] };

/**
 * BKP-5: an AWS Backup Audit Manager framework that checks continuously, through AWS
 * Config, what the plan declares: encryption, cross-region copy, minimum retention
 * and frequency, vault lock, a recent recovery point, and restore time. It reports
 * only where AWS Config records resources in the region.
 */
export class BackupAuditFramework extends Construct {
  /** The framework. */
  readonly framework: backup.CfnFramework;

  constructor(scope: Construct, id: string, props: BackupAuditFrameworkProps) {
    super(scope, id);
    const control = (
      name: string,
      params: Record<string, string | number> = {},
    ): backup.CfnFramework.FrameworkControlProperty => ({
      controlName: name,
      controlInputParameters: Object.entries(params).map(([parameterName, v]) => ({
        parameterName,
        parameterValue: String(v),
      })),
      controlScope: SCOPE,
    });
    this.framework = new backup.CfnFramework(this, 'Framework', {
      frameworkDescription:
        'Backups of the Aurora cluster: encrypted, copied to the backup region, frequent, retained, locked, restorable in time',
      frameworkControls: [
        control('BACKUP_RECOVERY_POINT_ENCRYPTED'),
        control('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', { crossRegionList: props.backupRegion }),
        control('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', { requiredRetentionDays: props.minRetentionDays }),
        control('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', {
          requiredFrequencyUnit: 'hours',
          requiredFrequencyValue: props.frequencyHours,
          requiredRetentionDays: props.minRetentionDays,
        }),
        control('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', {
          minRetentionDays: props.lockMinRetentionDays,
          maxRetentionDays: props.lockMaxRetentionDays,
        }),
        control('BACKUP_LAST_RECOVERY_POINT_CREATED', {
          recoveryPointAgeUnit: 'hours',
          recoveryPointAgeValue: props.lastRecoveryPointMaxAgeHours,
        }),
        control('RESTORE_TIME_FOR_RESOURCES_MEET_TARGET', { maxRestoreTime: props.maxRestoreTimeMinutes }),
      ],
    });
  }
}
