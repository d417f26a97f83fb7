import { AIR_GAPPED_COPY_RESERVED_SNAPSHOTS } from '../../defaults/backup';
import {
  AIR_GAPPED_VAULT,
  type BackupRule,
  backupRules,
  copyActions,
  destinationOf,
  regionOfArn,
  retentionDays,
  ruleEv,
  ruleName,
  scheduleOf,
  snapshotsHeld,
  targetVault,
  vaultByArn,
  vaultLock,
} from '../model/backup-plan';
import { num, obj } from '../model/json';
import { ev, key, note, propsOf, type Res, resources } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'BKP-6';
const HISTORY_DAYS = 90;

/** Nothing is kept over 90 days, nor moved to cold storage; the longest rule and its copies keep exactly 90. */
function checkRetentions(v: Verdict, rs: readonly BackupRule[], longest: BackupRule): void {
  for (const r of rs) {
    const days = retentionDays(r.rule);
    v.need(
      (days ?? Infinity) <= HISTORY_DAYS,
      `rule ${ruleName(r)} keeps recovery points ${days ?? 'forever'} days (over 90)`,
    );
    v.need(
      obj(r.rule.Lifecycle).MoveToColdStorageAfterDays === undefined,
      `rule ${ruleName(r)} moves points to cold storage (kept at least 90 days more)`,
    );
    for (const c of copyActions(r)) {
      const copyDays = retentionDays(c);
      v.need((copyDays ?? Infinity) <= HISTORY_DAYS, `a copy of ${ruleName(r)} is kept ${copyDays ?? 'forever'} days`);
      if (r === longest)
        v.need(copyDays === HISTORY_DAYS, `the copy of the history rule is kept ${copyDays} days, not 90`);
    }
  }
}

/** Every vault of the 90-day history is locked at 90 days at most. */
function checkHistoryLocks(m: StageModel, v: Verdict, longest: BackupRule): void {
  const historyVaults = [
    targetVault(m, longest),
    ...copyActions(longest).map((c) => vaultByArn(m, longest.plan, destinationOf(c))),
  ];
  for (const vault of historyVaults) {
    if (!vault) {
      v.need(false, 'a vault of the 90-day history is not declared in the stage');
      continue;
    }
    const lock = vaultLock(vault);
    v.add(ev(vault, lock.property, lock.value));
    v.need(obj(lock.value).MaxRetentionDays === HISTORY_DAYS, `vault ${vault.id} has no lock with MaxRetentionDays 90`);
  }
}

/** A vault lock admits every retention written into it: rule targets and copy destinations. */
function checkLockBounds(m: StageModel, v: Verdict, rs: readonly BackupRule[]): void {
  const received = new Map<string, { vault: Res; days: number[] }>();
  const receive = (vault: Res | undefined, days: number | undefined) => {
    if (!vault || days === undefined) return;
    received.set(key(vault), { vault, days: [...(received.get(key(vault))?.days ?? []), days] });
  };
  for (const r of rs) {
    receive(targetVault(m, r), retentionDays(r.rule));
    for (const c of copyActions(r)) receive(vaultByArn(m, r.plan, destinationOf(c)), retentionDays(c));
  }
  for (const { vault, days } of received.values()) {
    const lock = vaultLock(vault).value;
    if (!lock) continue;
    const min = num(obj(lock).MinRetentionDays);
    const max = num(obj(lock).MaxRetentionDays);
    v.add(ev(vault, 'retentions written into the vault', days));
    v.need(
      min === undefined || min <= Math.min(...days),
      `vault ${vault.id}: lock MinRetentionDays ${min} exceeds the shortest retention written into it ` +
        `(${Math.min(...days)}); those jobs would fail`,
    );
    v.need(
      max === undefined || max >= Math.max(...days),
      `vault ${vault.id}: lock MaxRetentionDays ${max} is under a retention written into it (${Math.max(...days)})`,
    );
    v.want(min !== undefined, `vault ${vault.id}: the lock has no MinRetentionDays, so early deletion is possible`);
  }
}

/** Steady-state snapshots per region, computed from the plan, against the quota. Returns the larger count. */
function checkQuota(m: StageModel, v: Verdict, scheduled: readonly BackupRule[]): number {
  const { primaryRegion, backupRegion } = m.config;
  // Runs counted from each rule's own expression (`cron(0 7,11,15,19,23 ...)` is 5 a day, not 24 over its widest
  // 8 h gap), as the synth-time guard counts them; an unreadable schedule counts one run a day (BKP-2 fails it).
  const held = (r: BackupRule, days: number | undefined) => snapshotsHeld(scheduleOf(r), days ?? 0) ?? days ?? 0;
  let primary = scheduled.reduce((n, r) => n + held(r, retentionDays(r.rule)), 0);
  const copies = scheduled.reduce(
    (n, r) =>
      n +
      copyActions(r)
        .filter((c) => regionOfArn(destinationOf(c)) === backupRegion)
        .reduce((k, c) => k + held(r, retentionDays(c)), 0),
    0,
  );
  // BKP-7: the air-gapped copies live in an AWS Backup service-owned account; one snapshot is reserved for the copy
  // in flight, as the synth-time guard reserves it (lib/core/backup-schedule.ts).
  const airGapped = scheduled.some((r) =>
    copyActions(r).some((c) => vaultByArn(m, r.plan, destinationOf(c))?.r.Type === AIR_GAPPED_VAULT),
  );
  if (airGapped) primary += AIR_GAPPED_COPY_RESERVED_SNAPSHOTS;
  const quota = m.config.backup.snapshotQuota;
  const counts = `${primary} / ${copies} / ${quota}`;
  const property = `primary / ${backupRegion} / quota`;
  v.add(note('(computed from the plan)', 'steady-state snapshots', 'quota', property, counts, primaryRegion));
  v.need(
    primary <= quota && copies <= quota,
    `the plan holds ${primary} snapshots in ${primaryRegion} and ${copies} in ${backupRegion}, over the quota of ` +
      `${quota}`,
  );
  return Math.max(primary, copies);
}

export const bkp6: Claim = {
  id: ID,
  promise: 'kept 90 days, then destroyed',
  declared:
    'the rule that keeps the 90-day history (daily, say) and its copies are deleted at exactly 90 days; nothing ' +
    'is kept longer; shorter-lived frequent snapshots are allowed. A vault lock whose maximum retention is 90 ' +
    'days makes destruction enforceable, and whose minimum retention stops early deletion but never exceeds the ' +
    'shortest retention written into that vault (a lock fails every job under its minimum; continuous recovery ' +
    'points, at most 35 days, need a vault of their own). The steady-state number of snapshots per region, ' +
    "computed from the plan, is checked at synth against the account's RDS snapshot quota (100 manual cluster " +
    'snapshots per region unless raised, in config): over it, a clear error naming the quota increase to request',
  check: (m) => {
    const v = new Verdict(ID);
    const rs = backupRules(m);
    const scheduled = rs.filter((r) => !r.continuous);
    const longest = scheduled.reduce<BackupRule | undefined>(
      (a, r) => (!a || (retentionDays(r.rule) ?? 0) > (retentionDays(a.rule) ?? 0) ? r : a),
      undefined,
    );
    if (!longest) {
      v.need(false, 'no scheduled rule');
      return v.done('');
    }
    v.add(ruleEv(longest, 'Lifecycle.DeleteAfterDays'));
    const kept = retentionDays(longest.rule);
    v.need(kept === HISTORY_DAYS, `the history rule keeps ${kept} days, not exactly 90`);
    checkRetentions(v, rs, longest);
    checkHistoryLocks(m, v, longest);
    checkLockBounds(m, v, rs);
    const steady = checkQuota(m, v, scheduled);
    return v.done(
      'The daily history and its copies are deleted at exactly 90 days and nothing is kept longer; vault locks ' +
        `(max 90 days) make it enforceable; ${steady} snapshots per region at steady state, within the quota of ` +
        `${m.config.backup.snapshotQuota}.`,
    );
  },
  page: [
    {
      section: 'backups',
      text: (m) => {
        const locked = resources(m, 'AWS::Backup::BackupVault')
          .map((v) => num(obj(propsOf(v).LockConfiguration).MaxRetentionDays))
          .filter((d): d is number => !!d);
        const max = locked.length ? ` (maximum ${Math.max(...locked)} days)` : '';
        return (
          '**Kept 90 days, then destroyed.** The daily history and its copies are deleted at exactly 90 days; ' +
          `vault locks${max} make it impossible to keep them longer or delete them early.`
        );
      },
    },
  ],
  beyond: 'Backup destruction at 90 days enforced by vault locks, not only by policy.',
};
