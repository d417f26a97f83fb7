import type { BackupConfig } from './backup';

/** Steady-state manual cluster snapshots each region holds under a backup plan (BKP-6). */
export interface SnapshotCount {
  /** Snapshots in the primary region: frequent and daily rules. */
  readonly primary: number;
  /** Snapshots in the backup region: the copies of both rules. */
  readonly backupRegion: number;
}

/**
 * Continuous (point-in-time) recovery points live in the cluster's automated
 * backups and do not count against the manual snapshot quota; every scheduled rule
 * holds (runs per day x days kept) snapshots, and its copy as many in the backup region.
 */
export function steadyStateSnapshots(b: Pick<BackupConfig, 'frequentIntervalHours' | 'frequentRetentionDays' | 'dailyRetentionDays'>): SnapshotCount {
  const frequent = (24 / b.frequentIntervalHours) * b.frequentRetentionDays;
  const daily = b.dailyRetentionDays;
  return { primary: frequent + daily, backupRegion: frequent + daily };
}
