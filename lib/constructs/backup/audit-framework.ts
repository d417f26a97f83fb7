import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { lastRecoveryPointMaxAgeHours, lockMinimum } from '../../core/backup-schedule';
import {
  DEFAULT_DAILY_RETENTION_DAYS,
  DEFAULT_DAILY_START_HOUR_UTC,
  DEFAULT_FREQUENT_INTERVAL_HOURS,
  DEFAULT_FREQUENT_RETENTION_DAYS,
  DEFAULT_RESTORE_TIME_TARGET_MINUTES,
  MAX_SNAPSHOT_RETENTION_DAYS,
} from '../../defaults/backup';

/**
 * Properties of {@link BackupAuditFramework}: the schedule and retention of the plan it audits
 * (named as the plan's props and the config name them), from which the controls' thresholds follow.
 */
export interface BackupAuditFrameworkProps {
  /** Region every recovery point must be copied to. */
  readonly backupRegion: string;
  /** UTC hours of the plan's frequent snapshots. */
  readonly frequentHours: readonly number[];
  /**
   * Hours between frequent snapshots: the plan must run at least this often.
   * @default DEFAULT_FREQUENT_INTERVAL_HOURS (4)
   */
  readonly frequentIntervalHours?: number;
  /**
   * UTC hour of the plan's daily snapshot.
   * @default DEFAULT_DAILY_START_HOUR_UTC (3)
   */
  readonly dailyStartHourUtc?: number;
  /**
   * Days the plan keeps each frequent snapshot.
   * @default DEFAULT_FREQUENT_RETENTION_DAYS (1)
   */
  readonly frequentRetentionDays?: number;
  /**
   * Days the plan keeps each daily snapshot.
   * @default DEFAULT_DAILY_RETENTION_DAYS (90)
   */
  readonly dailyRetentionDays?: number;
  /**
   * Restore time target of the restore tests, in minutes.
   * @default DEFAULT_RESTORE_TIME_TARGET_MINUTES (240)
   */
  readonly restoreTimeTargetMinutes?: number;
}

/**
 * What a control evaluates decides its scope (AWS Backup developer guide, "Choosing your controls",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/choosing-controls.html, and the requests of "Creating
 * frameworks using the AWS Backup API", https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-frameworks-api.html;
 * `ControlScope`: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ControlScope.html). A control scoped
 * to a resource type it does not evaluate checks nothing, silently.
 * - Resource controls (cross-region copy, vault lock, last recovery point, restore time) evaluate the protected
 *   resources: scoped by their AWS Backup resource type, `Aurora` for Aurora clusters.
 * - The plan control evaluates backup plans (`AWS::Backup::BackupPlan`), the recovery-point controls recovery points
 *   (`AWS::Backup::RecoveryPoint`): no scope, which the guide's requests document as "all recovery points" (all
 *   plans) of the account and region, this stage's among them. Scoped to `Aurora`, they evaluated nothing.
 */
type Evaluates = 'protected resources' | 'backup plans' | 'recovery points';

/** CDK types the scope `any` and does not convert its keys: PascalCase, as CloudFormation wants. */
const AURORA_SCOPE = { ComplianceResourceTypes: ['Aurora'] };

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
    this.framework = new backup.CfnFramework(this, 'Framework', {
      frameworkDescription:
        'Backups of the Aurora cluster: encrypted, copied to the backup region, frequent, retained, locked, ' +
        'restorable in time',
      frameworkControls: frameworkControls(props),
    });
  }
}

/** One control per promise of the plan, with the plan's own thresholds. */
function frameworkControls(props: BackupAuditFrameworkProps): backup.CfnFramework.FrameworkControlProperty[] {
  // The shortest retention the plan writes into a snapshot vault: the retention and lock controls hold it.
  const minRetentionDays = Math.min(
    props.frequentRetentionDays ?? DEFAULT_FREQUENT_RETENTION_DAYS,
    props.dailyRetentionDays ?? DEFAULT_DAILY_RETENTION_DAYS,
  );
  return [
    control('BACKUP_RECOVERY_POINT_ENCRYPTED', 'recovery points'),
    control('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', 'protected resources', {
      crossRegionList: props.backupRegion,
    }),
    control('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', 'recovery points', {
      requiredRetentionDays: minRetentionDays,
    }),
    control('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', 'backup plans', {
      requiredFrequencyUnit: 'hours',
      requiredFrequencyValue: props.frequentIntervalHours ?? DEFAULT_FREQUENT_INTERVAL_HOURS,
      requiredRetentionDays: minRetentionDays,
    }),
    control('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', 'protected resources', {
      minRetentionDays: lockMinimum(minRetentionDays, MAX_SNAPSHOT_RETENTION_DAYS),
      maxRetentionDays: MAX_SNAPSHOT_RETENTION_DAYS,
    }),
    control('BACKUP_LAST_RECOVERY_POINT_CREATED', 'protected resources', {
      recoveryPointAgeUnit: 'hours',
      recoveryPointAgeValue: lastRecoveryPointMaxAgeHours(
        props.frequentHours,
        props.dailyStartHourUtc ?? DEFAULT_DAILY_START_HOUR_UTC,
      ),
    }),
    control('RESTORE_TIME_FOR_RESOURCES_MEET_TARGET', 'protected resources', {
      maxRestoreTime: props.restoreTimeTargetMinutes ?? DEFAULT_RESTORE_TIME_TARGET_MINUTES,
    }),
  ];
}

/** A control scoped to what it evaluates, with its input parameters as the strings AWS Backup takes. */
function control(
  name: string,
  evaluates: Evaluates,
  params: Record<string, string | number> = {},
): backup.CfnFramework.FrameworkControlProperty {
  return {
    controlName: name,
    controlInputParameters: Object.entries(params).map(([parameterName, v]) => ({
      parameterName,
      parameterValue: String(v),
    })),
    controlScope: evaluates === 'protected resources' ? AURORA_SCOPE : undefined,
  };
}
