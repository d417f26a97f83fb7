import { Problems } from '../problems';
import type { StageConfig } from '../schema';
import { overlaps, windowMinutes } from '../windows';

/** Cross-field rules of the database section. */
export function checkDatabase(c: Partial<StageConfig>, p: Problems): void {
  const db = c.database;
  if (!db) return;
  if (db.minCapacity > db.maxCapacity) {
    p.add('database.minCapacity', db.minCapacity, `is above database.maxCapacity ${db.maxCapacity}`, 'make minCapacity at most maxCapacity');
  }
  if (overlaps(windowMinutes(db.backupWindow), windowMinutes(db.maintenanceWindow))) {
    p.add('database.maintenanceWindow', db.maintenanceWindow, `overlaps database.backupWindow ${db.backupWindow}; RDS rejects overlapping windows`, 'move one of the windows');
  }
  const [bs, be] = db.backupWindow.split('-').map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
  if (((be - bs + 1440) % 1440) < 30) {
    p.add('database.backupWindow', db.backupWindow, 'is shorter than the 30 minutes RDS requires', 'make it at least 30 minutes long');
  }
}
