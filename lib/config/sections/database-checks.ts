import { clusterIdentifier } from '../../core/naming';
import { overlaps, windowMinutes } from '../../core/windows';
import { DEFAULT_LIKE_MASTER_USERNAMES, DEFAULT_MASTER_USERNAME } from '../../defaults/database';
import type { Problems } from '../problems';
import type { StageConfig } from '../schema';

/**
 * RDS cluster identifiers: a letter first, letters, digits and single hyphens, no trailing hyphen, at most 63
 * characters.
 */
const CLUSTER_ID_RE = /^[a-z](?!.*--)[a-z0-9-]{0,61}[a-z0-9]$/;

/** Cross-field rules of the database section. */
export function checkDatabase(c: Partial<StageConfig>, p: Problems): void {
  if (c.name && !CLUSTER_ID_RE.test(clusterIdentifier(c.name))) {
    p.add(
      'name',
      c.name,
      `gives the Aurora cluster identifier "${clusterIdentifier(c.name)}", which RDS refuses (no "--", ` +
        'no trailing "-")',
      'use single hyphens between letters or digits, e.g. "prod-eu"',
    );
  }
  const db = c.database;
  if (!db) return;
  checkMasterUser(db, p);
  checkUsers(db, p);
  checkCapacityAndWindows(db, p);
}

type Database = StageConfig['database'];

/**
 * ORG-7 (Control Tower CT.RDS.PR.21): no default master user name, unless the stage's cluster already exists with one
 * (RDS cannot rename the master user; the fixed cluster identifier prevents a replacement).
 */
function checkMasterUser(db: Database, p: Problems): void {
  const isDefaultLike = DEFAULT_LIKE_MASTER_USERNAMES.includes(db.masterUsername);
  if (isDefaultLike && !db.keepDeployedMasterUsername) {
    p.add(
      'database.masterUsername',
      db.masterUsername,
      'is a default administrator name, the first one attackers try (Control Tower CT.RDS.PR.21)',
      `choose a name of your own such as "${DEFAULT_MASTER_USERNAME}" (or leave the field out); only a stage whose ` +
        'cluster already exists with this name keeps it, with database.keepDeployedMasterUsername: true',
    );
  }
  if (!isDefaultLike && db.keepDeployedMasterUsername) {
    p.add(
      'database.keepDeployedMasterUsername',
      true,
      `keeps nothing: database.masterUsername "${db.masterUsername}" is not a default name`,
      'remove database.keepDeployedMasterUsername',
    );
  }
}

/** DB-3: the application and read-only users are distinct, and neither is the master or an RDS user. */
function checkUsers(db: Database, p: Problems): void {
  if (db.appUser === db.readOnlyUser) {
    p.add(
      'database.readOnlyUser',
      db.readOnlyUser,
      'is the same user as database.appUser, so the read-only role could write as the application (DB-3)',
      'give the read-only role its own user',
    );
  }
  for (const field of ['appUser', 'readOnlyUser'] as const) {
    if (db[field] === db.masterUsername || db[field].startsWith('rds')) {
      p.add(
        `database.${field}`,
        db[field],
        `is the master user (database.masterUsername "${db.masterUsername}") or an RDS-reserved name; IAM ` +
          'authentication must never reach it',
        'choose an application-specific user name such as "app_user"',
      );
    }
  }
}

/** What RDS refuses at deploy time: capacities out of order, overlapping or too short windows (ORG-5). */
function checkCapacityAndWindows(db: Database, p: Problems): void {
  if (db.minCapacity > db.maxCapacity) {
    p.add(
      'database.minCapacity',
      db.minCapacity,
      `is above database.maxCapacity ${db.maxCapacity}`,
      'make minCapacity at most maxCapacity',
    );
  }
  if (overlaps(windowMinutes(db.backupWindow), windowMinutes(db.maintenanceWindow))) {
    p.add(
      'database.maintenanceWindow',
      db.maintenanceWindow,
      `overlaps database.backupWindow ${db.backupWindow}; RDS rejects overlapping windows`,
      'move one of the windows',
    );
  }
  const [bs, be] = db.backupWindow.split('-').map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
  if ((be - bs + 1440) % 1440 < 30) {
    p.add(
      'database.backupWindow',
      db.backupWindow,
      'is shorter than the 30 minutes RDS requires',
      'make it at least 30 minutes long',
    );
  }
}
