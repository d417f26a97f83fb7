import {
  collidesWithDatabaseWindows,
  frequentHours,
  RULE_COMPLETION_WINDOW_MINUTES,
  steadyStateSnapshots,
} from '../../core/backup-schedule';
import { MIN_AIR_GAPPED_RETENTION_DAYS } from '../../defaults/backup';
import type { Problems } from '../problems';
import type { StageConfig } from '../schema';

type Backup = StageConfig['backup'];
type Database = StageConfig['database'];

/** Whether the stage builds the air-gapped vault (BKP-7): asked for, on a stage that is not disposable. */
export const buildsAirGappedVault = (c: Pick<Partial<StageConfig>, 'backup' | 'lifecycle'>): boolean =>
  !!c.backup?.airGappedCopy && c.lifecycle !== 'disposable';

/** Cross-field rules of the backup section (BKP-2, BKP-3, BKP-6, BKP-7). */
export function checkBackup(c: Partial<StageConfig>, p: Problems): void {
  const b = c.backup;
  if (!b) return;
  if (b.frequentRetentionDays > b.dailyRetentionDays) {
    p.add(
      'backup.frequentRetentionDays',
      b.frequentRetentionDays,
      `is above backup.dailyRetentionDays ${b.dailyRetentionDays}; frequent snapshots are the short-lived tier`,
      'keep frequent snapshots for fewer days than daily ones',
    );
  }
  checkSnapshotQuota({ ...b, airGappedCopy: buildsAirGappedVault(c) }, c.database, p);
  if (buildsAirGappedVault(c)) checkAirGappedRetention(b, p);
  if (c.database) checkDailyStart(b, c.database, p);
  if (b.secondAccountCopy) checkSecondAccountCopy(b.secondAccountCopy, c.account, p);
}

/** BKP-2, BKP-6: the snapshots the plan keeps at steady state fit the RDS quota. */
function checkSnapshotQuota(b: Backup, db: Database | undefined, p: Problems): void {
  const hours = db ? frequentHours(b, db) : undefined;
  const counts = steadyStateSnapshots(b, hours?.length);
  const worst = Math.max(counts.primary, counts.backupRegion);
  // BKP-7: the air-gapped copies live in an AWS Backup service-owned account; one snapshot is reserved for the copy.
  const reserved = b.airGappedCopy ? ' (one reserved for the copy into the air-gapped vault)' : '';
  if (worst > b.snapshotQuota) {
    p.add(
      'backup',
      {
        frequentIntervalHours: b.frequentIntervalHours,
        frequentRetentionDays: b.frequentRetentionDays,
        dailyRetentionDays: b.dailyRetentionDays,
      },
      `the plan holds ${counts.primary} manual cluster snapshots in primaryRegion${reserved} and ` +
        `${counts.backupRegion} in backupRegion at steady state, over backup.snapshotQuota ${b.snapshotQuota}; ` +
        'AWS Backup jobs would fail ' +
        'once the quota is reached',
      'request an increase of the RDS quota "Manual DB cluster snapshots" (Service Quotas code L-9B510759) in ' +
        `both regions to at least ${worst} and set backup.snapshotQuota to the granted value, or snapshot less ` +
        'often / keep frequent snapshots fewer days',
    );
  }
}

/** BKP-7: a logically air-gapped vault keeps every point at least 7 days, so the daily copies must live as long. */
function checkAirGappedRetention(b: Backup, p: Problems): void {
  if (b.dailyRetentionDays < MIN_AIR_GAPPED_RETENTION_DAYS) {
    p.add(
      'backup.dailyRetentionDays',
      b.dailyRetentionDays,
      `is under ${MIN_AIR_GAPPED_RETENTION_DAYS}, the shortest retention a logically air-gapped vault accepts ` +
        '(backup.airGappedCopy is on); every copy into it would fail',
      `keep daily snapshots at least ${MIN_AIR_GAPPED_RETENTION_DAYS} days (90 keeps BKP-6), or set ` +
        'backup.airGappedCopy to false',
    );
  }
}

/** AWS Backup does not run RDS jobs in the database's own backup and maintenance windows. */
function checkDailyStart(b: Backup, db: Database, p: Problems): void {
  if (collidesWithDatabaseWindows(b.dailyStartHourUtc, db)) {
    p.add(
      'backup.dailyStartHourUtc',
      b.dailyStartHourUtc,
      `the daily snapshot (start + ${RULE_COMPLETION_WINDOW_MINUTES / 60} h completion window) collides with ` +
        `database.backupWindow ${db.backupWindow} or database.maintenanceWindow ${db.maintenanceWindow}; AWS ` +
        'Backup does not run RDS jobs in those windows',
      'pick an hour at least two hours before either window, or after both',
    );
  }
}

/** BKP-3: the second-account copy goes to a vault of that account, and that account is not the stage's. */
function checkSecondAccountCopy(
  second: NonNullable<Backup['secondAccountCopy']>,
  stageAccount: string | undefined,
  p: Problems,
): void {
  const arnAccount = second.vaultArn.split(':')[4];
  if (arnAccount !== second.account) {
    p.add(
      'backup.secondAccountCopy.vaultArn',
      second.vaultArn,
      `belongs to account ${arnAccount}, not backup.secondAccountCopy.account ${second.account}`,
      'give the ARN of a vault in that account',
    );
  }
  if (stageAccount && second.account === stageAccount) {
    p.add(
      'backup.secondAccountCopy.account',
      second.account,
      'is the stage account itself; a second-account copy protects against the loss of this account',
      'give another account of the organization, or remove secondAccountCopy',
    );
  }
}
