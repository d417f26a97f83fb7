import { Template } from 'aws-cdk-lib/assertions';
import { BackupAuditFramework, type BackupAuditFrameworkProps } from '../../../lib/constructs/backup/audit-framework';
import { testStack } from '../../helpers';

/** GIVEN a fresh stack, WHEN a framework is added for a plan described by `props`: its controls' parameters by name. */
function controls(props: BackupAuditFrameworkProps): Record<string, Record<string, string>> {
  const stack = testStack();
  new BackupAuditFramework(stack, 'AuditFramework', props);
  const fw = Object.values(Template.fromStack(stack).findResources('AWS::Backup::Framework'))[0].Properties;
  return Object.fromEntries(
    fw.FrameworkControls.map((c: any) => [
      c.ControlName,
      Object.fromEntries((c.ControlInputParameters ?? []).map((p: any) => [p.ParameterName, p.ParameterValue])),
    ]),
  );
}

describe('BKP-5 BackupAuditFramework', () => {
  test('the thresholds follow the plan it audits: hourly snapshots kept 2 days, a 30-day history, a 2 h restore target', () => {
    const hourly = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
    expect(
      controls({
        backupRegion: 'eu-central-1',
        frequentHours: hourly,
        frequentIntervalHours: 1,
        dailyStartHourUtc: 3,
        frequentRetentionDays: 2,
        dailyRetentionDays: 30,
        restoreTimeTargetMinutes: 120,
      }),
    ).toMatchObject({
      BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { requiredRetentionDays: '2' },
      BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: { requiredFrequencyValue: '1', requiredRetentionDays: '2' },
      BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: { minRetentionDays: '2', maxRetentionDays: '90' },
      // The longest gap, 23:00 to the daily 03:00 (4 h), plus the 2 h completion window.
      BACKUP_LAST_RECOVERY_POINT_CREATED: { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: '6' },
      RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: { maxRestoreTime: '120' },
    });
  });
});
