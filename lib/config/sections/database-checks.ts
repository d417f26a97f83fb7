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
  checkRestore(c, db, p);
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

/**
 * OPS-2: a switch-over names a cluster of this stage's region; a disaster stage builds from a snapshot of its own
 * region and account (RDS restores a cluster snapshot only in the region that holds it; a snapshot of another account
 * must first be copied in); and a stage does one or the other: a cluster built from a snapshot is already the stack's
 * own.
 */
function checkRestore(c: Partial<StageConfig>, db: Database, p: Problems): void {
  const { restoredCluster, restoreFromSnapshotArn } = db;
  if (restoredCluster && restoreFromSnapshotArn) {
    p.add(
      'database.restoredCluster',
      restoredCluster.identifier,
      'is set together with database.restoreFromSnapshotArn: a switch-over repoints the application to a cluster ' +
        "outside the stack, while a snapshot restore builds the stack's own cluster from it",
      'keep restoredCluster to switch an existing stage over (docs/runbooks/restore.md), or restoreFromSnapshotArn ' +
        'to build a new stage from a recovery point, not both',
    );
  }
  if (
    restoredCluster &&
    c.primaryRegion &&
    !restoredCluster.endpoint.endsWith(`.${c.primaryRegion}.rds.amazonaws.com`)
  ) {
    p.add(
      'database.restoredCluster.endpoint',
      restoredCluster.endpoint,
      `is not an endpoint of primaryRegion ${c.primaryRegion}, where the application runs`,
      `give the writer endpoint of the restored cluster, NAME.cluster-XXXX.${c.primaryRegion}.rds.amazonaws.com ` +
        '(aws rds describe-db-clusters), or build a disaster stage in its region with restoreFromSnapshotArn',
    );
  }
  // The stack's own identifier is allowed: bringing a restored cluster back under the stack renames it to that
  // identifier, and its new resource ID must stay in the IAM policies until the stack's cluster is that one
  // (docs/runbooks/restore.md). The endpoint must be the one of the identifier given, or the app and its IAM
  // identity would name two different clusters.
  if (restoredCluster && !restoredCluster.endpoint.startsWith(`${restoredCluster.identifier.toLowerCase()}.cluster-`)) {
    p.add(
      'database.restoredCluster.endpoint',
      restoredCluster.endpoint,
      `is not the writer endpoint of cluster ${restoredCluster.identifier} (restoredCluster.identifier)`,
      `give the Endpoint that aws rds describe-db-clusters --db-cluster-identifier ${restoredCluster.identifier} prints ` +
        `(${restoredCluster.identifier.toLowerCase()}.cluster-XXXX.REGION.rds.amazonaws.com)`,
    );
  }
  if (restoreFromSnapshotArn) checkSnapshotPlace(c, restoreFromSnapshotArn, p);
}

/** The snapshot's region and account, from its ARN (arn:PARTITION:rds:REGION:ACCOUNT:cluster-snapshot:NAME). */
function checkSnapshotPlace(c: Partial<StageConfig>, arn: string, p: Problems): void {
  const [, , , region, account] = arn.split(':');
  if (c.primaryRegion && region !== c.primaryRegion) {
    p.add(
      'database.restoreFromSnapshotArn',
      arn,
      `is a snapshot of ${region}, not of primaryRegion ${c.primaryRegion}; RDS restores a snapshot only in its own ` +
        'region',
      `set primaryRegion to ${region} (the region of the copy), or copy the recovery point into ${c.primaryRegion} ` +
        'first (aws backup start-copy-job) and give the ARN of the copy',
    );
  }
  if (c.account && account !== c.account) {
    p.add(
      'database.restoreFromSnapshotArn',
      arn,
      `is a snapshot of account ${account}, not of this stage's account ${c.account}`,
      'copy the recovery point into this account first (AWS Backup cross-account copy) and give the ARN of the copy',
    );
  }
}
