import { AIR_GAPPED_COPY_RESERVED_SNAPSHOTS } from '../defaults/backup';
import { overlaps, windowMinutes } from './windows';

/** The cluster's windows, as RDS writes them (`hh:mm-hh:mm`, `ddd:hh:mm-ddd:hh:mm`), in UTC. */
export interface DatabaseWindows {
  /** Daily automated backup window. */
  readonly backupWindow: string;
  /** Weekly maintenance window. */
  readonly maintenanceWindow: string;
}

/** When the scheduled rules of a plan run. */
export interface SnapshotSchedule {
  /** Hours between frequent snapshots. */
  readonly frequentIntervalHours: number;
  /** UTC hour of the daily snapshot. */
  readonly dailyStartHourUtc: number;
}

/** How often the scheduled rules run and how long they keep their snapshots. */
export interface SnapshotRetention {
  /** Hours between frequent snapshots. */
  readonly frequentIntervalHours: number;
  /** Days each frequent snapshot is kept. */
  readonly frequentRetentionDays: number;
  /** Days each daily snapshot is kept. */
  readonly dailyRetentionDays: number;
  /**
   * Whether the daily rule also copies into a logically air-gapped vault of the primary region (BKP-7); false on a
   * stage that does not build one (disposable).
   * @default false
   */
  readonly airGappedCopy?: boolean;
}

/**
 * Start and completion windows of every scheduled rule. AWS Backup needs at least
 * 60 minutes to start and a completion window at least 60 minutes longer; an
 * Aurora snapshot takes minutes, so these are the shortest windows AWS accepts and
 * the span each job may occupy, measured from its scheduled time.
 */
export const RULE_START_WINDOW_MINUTES = 60;
export const RULE_COMPLETION_WINDOW_MINUTES = 120;

const DAY = 1440;
const WEEK_DAYS = 7;

/**
 * Minutes-of-week spans a job scheduled every day at `hour` may occupy, from the
 * Sunday before to the Monday after, so that spans crossing midnight at either end
 * of the week are compared too.
 */
function dailyJobSpans(hour: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let d = -1; d <= WEEK_DAYS; d++)
    spans.push([d * DAY + hour * 60, d * DAY + hour * 60 + RULE_COMPLETION_WINDOW_MINUTES]);
  return spans;
}

/** True when a job started every day at `hour` can overlap the cluster's backup or maintenance window. */
export function collidesWithDatabaseWindows(hour: number, db: DatabaseWindows): boolean {
  return overlaps(dailyJobSpans(hour), [...windowMinutes(db.backupWindow), ...windowMinutes(db.maintenanceWindow)]);
}

/**
 * UTC hours of the frequent snapshot rule (BKP-2): every `frequentIntervalHours`,
 * skipping any run that could overlap the cluster's backup or maintenance window
 * (AWS Backup does not run RDS jobs then) and the daily rule's hour (the daily
 * snapshot is that run). The offset keeping the most runs wins; on a tie, the one
 * aligned with the daily hour, so snapshots stay evenly spaced.
 */
export function frequentHours(b: SnapshotSchedule, db: DatabaseWindows): number[] {
  let best: { hours: number[]; score: number } = { hours: [], score: -1 };
  for (let offset = 0; offset < b.frequentIntervalHours; offset++) {
    const hours: number[] = [];
    for (let h = offset; h < 24; h += b.frequentIntervalHours) {
      if (h !== b.dailyStartHourUtc && !collidesWithDatabaseWindows(h, db)) hours.push(h);
    }
    const aligned = (b.dailyStartHourUtc - offset) % b.frequentIntervalHours === 0;
    const score = hours.length * 2 + (aligned ? 1 : 0);
    if (score > best.score) best = { hours, score };
  }
  return best.hours;
}

/** Steady-state manual cluster snapshots each region holds under a backup plan (BKP-6). */
export interface SnapshotCount {
  /** Snapshots in the primary region: frequent and daily rules, plus the one reserved for the air-gapped copy. */
  readonly primary: number;
  /** Snapshots in the backup region: the copies of both rules. */
  readonly backupRegion: number;
}

/**
 * Continuous (point-in-time) recovery points live in the cluster's automated
 * backups and do not count against the manual snapshot quota; every scheduled rule
 * holds (runs per day x days kept) snapshots, and its copy as many in the backup
 * region. The air-gapped copies (BKP-7) live in an AWS Backup service-owned account
 * and do not count; one snapshot is reserved for the copy in flight
 * ({@link AIR_GAPPED_COPY_RESERVED_SNAPSHOTS}). `frequentRunsPerDay` defaults to the
 * nominal 24 / interval, an upper bound of what {@link frequentHours} schedules.
 */
export function steadyStateSnapshots(
  b: SnapshotRetention,
  frequentRunsPerDay = 24 / b.frequentIntervalHours,
): SnapshotCount {
  const frequent = frequentRunsPerDay * b.frequentRetentionDays;
  const daily = b.dailyRetentionDays;
  const reserved = b.airGappedCopy ? AIR_GAPPED_COPY_RESERVED_SNAPSHOTS : 0;
  return { primary: frequent + daily + reserved, backupRegion: frequent + daily };
}

/** Longest gap, in hours, between two consecutive snapshots (frequent or daily) over a day. */
export function longestSnapshotGapHours(hours: readonly number[], dailyHour: number): number {
  const all = [...new Set([...hours, dailyHour])].sort((a, b) => a - b);
  return Math.max(...all.map((h, i) => (i + 1 < all.length ? all[i + 1] - h : all[0] + 24 - h)));
}

/**
 * Age, in hours, beyond which a missing new recovery point means a job failed: the longest gap
 * between two snapshots plus the completion window the later one may take (BKP-5).
 */
export function lastRecoveryPointMaxAgeHours(hours: readonly number[], dailyHour: number): number {
  return longestSnapshotGapHours(hours, dailyHour) + RULE_COMPLETION_WINDOW_MINUTES / 60;
}

/**
 * The Vault Lock minimum for a vault whose shortest-lived points live `shortest` days (BKP-6): at most
 * that (a lock fails every job under its minimum), strictly below `max` (AWS wants min < max), at least 1.
 */
export function lockMinimum(shortest: number, max: number): number {
  return Math.max(1, Math.min(shortest, max - 1));
}
