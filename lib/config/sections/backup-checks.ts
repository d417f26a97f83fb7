import { Problems } from '../problems';
import type { StageConfig } from '../schema';
import { DAYS, overlaps, windowMinutes } from '../windows';
import { steadyStateSnapshots } from './backup-quota';

/** Cross-field rules of the backup section (BKP-2, BKP-6). */
export function checkBackup(c: Partial<StageConfig>, p: Problems): void {
  const b = c.backup;
  if (!b) return;
  if (b.frequentRetentionDays > b.dailyRetentionDays) {
    p.add('backup.frequentRetentionDays', b.frequentRetentionDays, `is above backup.dailyRetentionDays ${b.dailyRetentionDays}; frequent snapshots are the short-lived tier`, 'keep frequent snapshots for fewer days than daily ones');
  }
  const counts = steadyStateSnapshots(b);
  const worst = Math.max(counts.primary, counts.backupRegion);
  if (worst > b.snapshotQuota) {
    p.add(
      'backup',
      { frequentIntervalHours: b.frequentIntervalHours, frequentRetentionDays: b.frequentRetentionDays, dailyRetentionDays: b.dailyRetentionDays },
      `the plan holds ${counts.primary} manual cluster snapshots in primaryRegion and ${counts.backupRegion} in backupRegion at steady state, over backup.snapshotQuota ${b.snapshotQuota}; AWS Backup jobs would fail once the quota is reached`,
      `request an increase of the RDS quota "Manual DB cluster snapshots" (Service Quotas code L-9B510759) in both regions to at least ${worst} and set backup.snapshotQuota to the granted value, or snapshot less often / keep frequent snapshots fewer days`,
    );
  }
  const db = c.database;
  if (db) {
    const start = b.dailyStartHourUtc * 60;
    // The plan gives the daily job a one-hour start window and two hours to complete.
    const job: Array<[number, number]> = DAYS.map((_, d) => [d * 1440 + start, d * 1440 + start + 120]);
    if (overlaps(job, windowMinutes(db.backupWindow)) || overlaps(job, windowMinutes(db.maintenanceWindow))) {
      p.add('backup.dailyStartHourUtc', b.dailyStartHourUtc, `the daily snapshot (start + 2 h) collides with database.backupWindow ${db.backupWindow} or database.maintenanceWindow ${db.maintenanceWindow}; AWS Backup skips jobs that overlap them`, 'pick an hour at least two hours before either window, or after both');
    }
  }
}
