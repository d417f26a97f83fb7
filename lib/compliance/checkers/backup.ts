// BKP-1..BKP-6: vaults, plan, copies, restore tests, lock and quota.
import { sameJurisdiction } from '../../core/regions';
import {
  type BackupRule,
  backupRules,
  combinedIntervalHours,
  regionOfArn,
  scheduledExpressions,
  snapshotCadenceHours,
  targetVault,
  vaultByArn,
} from '../backup-plan';
import type { Checker, StageModel } from '../model';
import {
  asArray,
  ev,
  getPath,
  needRotatingKey,
  propsOf,
  type Res,
  resolve,
  resources,
  scheduleIntervalHours,
  text,
  Verdict,
} from '../query';

export { combinedIntervalHours };

type Rule = BackupRule;
const rules = backupRules;

const ruleEv = (r: Rule, prop: string) =>
  ev(r.plan, `BackupPlan.BackupPlanRule.${r.index}(${r.rule.RuleName}).${prop}`, getPath(r.rule, prop));

export const bkp1: Checker = (m) => {
  const v = new Verdict('BKP-1');
  const vaults = resources(m, 'AWS::Backup::BackupVault');
  v.need(vaults.length > 0, 'no AWS::Backup::BackupVault in the stage');
  const keysByRegion = new Map<string, Set<string>>();
  for (const vault of vaults) {
    const k = needRotatingKey(m, v, vault, 'EncryptionKeyArn', `vault ${vault.id}`);
    if (!k) continue;
    v.add(ev(k, 'KeySpec', propsOf(k).KeySpec ?? 'SYMMETRIC_DEFAULT (AES-256-GCM)'));
    v.need(
      (propsOf(k).KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT',
      `key ${k.id} is not a symmetric AES-256 key`,
    );
    v.need(k.stack.region === vault.stack.region, `vault ${vault.id} uses a key of another region`);
    keysByRegion.set(
      vault.stack.region,
      (keysByRegion.get(vault.stack.region) ?? new Set()).add(`${k.stack.name}/${k.id}`),
    );
  }
  for (const region of [m.config.primaryRegion, m.config.backupRegion])
    v.need(
      vaults.some((x) => x.stack.region === region),
      `no vault in ${region}`,
    );
  for (const [region, keys] of keysByRegion)
    v.want(keys.size === 1, `${keys.size} different vault keys in ${region}; one key per region was declared`);
  return v.done(
    'Every vault is encrypted with a customer-managed AES-256 KMS key of its own region, with rotation on.',
  );
};

export const bkp2: Checker = (m) => {
  const v = new Verdict('BKP-2');
  const plans = resources(m, 'AWS::Backup::BackupPlan');
  if (!v.need(plans.length === 1, `${plans.length} backup plans; one was declared`)) return v.done('');
  const rs = rules(m);
  const continuous = rs.filter((r) => r.continuous);
  const scheduled = rs.filter((r) => !r.continuous);
  continuous.forEach((r) => v.add(ruleEv(r, 'EnableContinuousBackup'), ruleEv(r, 'Lifecycle.DeleteAfterDays')));
  v.need(continuous.length > 0, 'no continuous backup rule (point-in-time restore)');
  const intervals: number[] = [];
  for (const r of scheduled) {
    v.add(ruleEv(r, 'ScheduleExpression'), ruleEv(r, 'Lifecycle.DeleteAfterDays'));
    const h = scheduleIntervalHours(String(r.rule.ScheduleExpression ?? ''));
    v.need(h !== undefined, `rule ${r.rule.RuleName} has no readable schedule`);
    if (h !== undefined) intervals.push(h);
    v.need(
      typeof r.rule.Lifecycle?.DeleteAfterDays === 'number',
      `rule ${r.rule.RuleName} has no retention of its own`,
    );
  }
  v.need(scheduled.length > 0, 'no scheduled snapshot rule');
  // Rules complement each other (the daily run fills the frequent rule's gap): the cadence is the widest gap of all their hours together.
  const most = snapshotCadenceHours(scheduledExpressions(rs));
  v.need(
    intervals.length > 0 && most !== undefined && most <= 4,
    `snapshots are taken every ${most} hours (all scheduled rules together), not at most every 4`,
  );
  const clusters = resources(m, 'AWS::RDS::DBCluster');
  const selections = resources(m, 'AWS::Backup::BackupSelection');
  const selected = selections.some(
    (s) =>
      asArray(getPath(propsOf(s), 'BackupSelection.Resources')).some((r) => {
        const t = resolve(m, s.stack, r);
        return (
          t?.r.Type === 'AWS::RDS::DBCluster' || (typeof r === 'object' && clusters.some((c) => text(r).includes(c.id)))
        );
      }) || asArray(getPath(propsOf(s), 'BackupSelection.ListOfTags')).length > 0,
  );
  selections.forEach((s) =>
    v.add(ev(s, 'BackupSelection.Resources', asArray(getPath(propsOf(s), 'BackupSelection.Resources')).map(text))),
  );
  v.need(selected, 'no backup selection targets the Aurora cluster');
  return v.done(
    `One plan: continuous backup (point-in-time, RPO of minutes) plus snapshots every ${most} hour(s) and daily, each with its own retention.`,
  );
};

export const bkp3: Checker = (m) => {
  const v = new Verdict('BKP-3');
  const scheduled = rules(m).filter((r) => !r.continuous);
  v.need(scheduled.length > 0, 'no scheduled rule to copy');
  v.need(
    sameJurisdiction(m.config.primaryRegion).includes(m.config.backupRegion),
    `backup region ${m.config.backupRegion} is not a second region of ${m.config.primaryRegion}'s jurisdiction`,
  );
  for (const r of scheduled) {
    const copies = asArray(r.rule.CopyActions);
    v.add(ruleEv(r, 'CopyActions'));
    const here = copies.filter((c: any) => regionOfArn(c.DestinationBackupVaultArn) === m.config.backupRegion);
    if (!v.need(here.length > 0, `rule ${r.rule.RuleName} does not copy to a vault in ${m.config.backupRegion}`))
      continue;
    for (const c of here) {
      const dest = vaultByArn(m, r.plan, c.DestinationBackupVaultArn);
      if (
        !v.need(
          !!dest,
          `the copy destination ${text(c.DestinationBackupVaultArn)} is not a vault declared in ${m.config.backupRegion}`,
        )
      )
        continue;
      v.add(ev(dest!, 'BackupVaultName'));
      needRotatingKey(m, v, dest!, 'EncryptionKeyArn', `copy vault ${dest!.id}`);
      v.need(typeof c.Lifecycle?.DeleteAfterDays === 'number', `the copy of ${r.rule.RuleName} has no retention`);
    }
  }
  const second = m.config.backup.secondAccountCopy;
  if (second)
    v.want(
      scheduled.every((r) =>
        asArray(r.rule.CopyActions).some((c: any) => text(c.DestinationBackupVaultArn) === second.vaultArn),
      ),
      'secondAccountCopy is configured but not every scheduled rule copies to it',
    );
  return v.done(
    `Every scheduled rule copies its recovery points to a vault in ${m.config.backupRegion} (same jurisdiction), encrypted with that region's key.`,
  );
};

export const bkp4: Checker = (m) => {
  const v = new Verdict('BKP-4');
  const cont = rules(m).filter((r) => r.continuous);
  v.need(cont.length > 0, 'no continuous backup rule');
  for (const r of cont) {
    const d = r.rule.Lifecycle?.DeleteAfterDays;
    v.add(ruleEv(r, 'Lifecycle.DeleteAfterDays'));
    v.need(
      typeof d === 'number' && d >= 1 && d <= 35 && d === m.config.backup.continuousRetentionDays,
      `the continuous window is ${d} days, not the configured ${m.config.backup.continuousRetentionDays} (1-35)`,
    );
  }
  const runbook = m.repo?.content['docs/runbooks/restore.md'];
  v.add({
    stack: '(repository)',
    region: '-',
    logicalId: 'docs/runbooks/restore.md',
    type: 'runbook',
    property: 'restore-db-cluster-to-point-in-time',
    value: runbook ? /restore-db-cluster-to-point-in-time/.test(runbook) : '(absent)',
  });
  v.need(
    !!runbook && /restore-db-cluster-to-point-in-time/.test(runbook) && /--restore-to-time/.test(runbook),
    'docs/runbooks/restore.md with the point-in-time restore command (restore-db-cluster-to-point-in-time --restore-to-time) is missing',
  );
  return v.done(
    `Point-in-time restore to any second of the last ${m.config.backup.continuousRetentionDays} days; docs/runbooks/restore.md gives the exact commands.`,
  );
};

const FRAMEWORK_CONTROLS: Record<string, RegExp> = {
  encryption: /^BACKUP_RECOVERY_POINT_ENCRYPTED$/,
  'cross-region copy': /^BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION$/,
  'minimum retention':
    /^(BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK|BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK)$/,
  frequency: /^BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK$/,
};

/** Does an EventBridge rule or a vault notification route failed jobs of this kind to a topic? */
function failureRouted(m: StageModel, kind: 'Backup' | 'Copy' | 'Restore', v: Verdict): boolean {
  const viaRule = resources(m, 'AWS::Events::Rule').filter((r) => {
    const p = propsOf(r).EventPattern ?? {};
    const detail = asArray(p['detail-type']).map(String);
    const states = JSON.stringify(p.detail?.state ?? p.detail?.status ?? '');
    const toTopic = asArray(propsOf(r).Targets).some(
      (t: any) => resolve(m, r.stack, t.Arn)?.r.Type === 'AWS::SNS::Topic' || /sns|Topic|Alert/i.test(text(t.Arn)),
    );
    return (
      asArray(p.source).includes('aws.backup') &&
      detail.some((d) => d.startsWith(kind)) &&
      /FAILED/.test(states) &&
      toTopic
    );
  });
  viaRule.forEach((r) => v.add(ev(r, 'EventPattern')));
  const event = { Backup: 'BACKUP_JOB_FAILED', Copy: 'COPY_JOB_FAILED', Restore: 'RESTORE_JOB_FAILED' }[kind];
  const viaVault = resources(m, 'AWS::Backup::BackupVault').filter((x) =>
    asArray(getPath(propsOf(x), 'Notifications.BackupVaultEvents')).includes(event),
  );
  viaVault.forEach((x) => v.add(ev(x, 'Notifications.BackupVaultEvents')));
  return viaRule.length + viaVault.length > 0;
}

export const bkp5: Checker = (m) => {
  const v = new Verdict('BKP-5');
  const plans = resources(m, 'AWS::Backup::RestoreTestingPlan');
  plans.forEach((p) => v.add(ev(p, 'ScheduleExpression')));
  v.need(
    plans.length > 0 && plans.every((p) => /^(cron|rate)\(/.test(String(propsOf(p).ScheduleExpression ?? ''))),
    'no scheduled AWS::Backup::RestoreTestingPlan',
  );
  const sels = resources(m, 'AWS::Backup::RestoreTestingSelection');
  sels.forEach((s) =>
    v.add(
      ev(s, 'ProtectedResourceType'),
      ev(s, 'ProtectedResourceArns', asArray(propsOf(s).ProtectedResourceArns).map(text)),
    ),
  );
  v.need(
    sels.some((s) => /Aurora|RDS/i.test(String(propsOf(s).ProtectedResourceType))),
    'no restore testing selection of the Aurora cluster',
  );
  if (m.config.backup.auditFramework) {
    const fws = resources(m, 'AWS::Backup::Framework');
    const controls = fws.flatMap((f) => asArray(propsOf(f).FrameworkControls).map((c: any) => String(c.ControlName)));
    fws.forEach((f) =>
      v.add(
        ev(
          f,
          'FrameworkControls',
          asArray(propsOf(f).FrameworkControls).map((c: any) => c.ControlName),
        ),
      ),
    );
    for (const [what, re] of Object.entries(FRAMEWORK_CONTROLS))
      v.need(
        controls.some((c) => re.test(c)),
        `no Backup Audit Manager control for ${what}`,
      );
  } else {
    v.add({
      stack: '(config)',
      region: '-',
      logicalId: 'backup.auditFramework',
      type: 'config',
      property: 'auditFramework',
      value: false,
    });
  }
  for (const kind of ['Backup', 'Copy', 'Restore'] as const)
    v.need(failureRouted(m, kind, v), `failed ${kind.toLowerCase()} jobs raise no alert`);
  return v.done(
    `Automatic restore tests on ${plans.map((p) => propsOf(p).ScheduleExpression).join(', ')}, Backup Audit Manager controls${m.config.backup.auditFramework ? '' : ' (switched off in config: no AWS Config recording)'}, and an alert on every failed backup, copy or restore job.`,
  );
};

export const bkp6: Checker = (m) => {
  const v = new Verdict('BKP-6');
  const rs = rules(m);
  const scheduled = rs.filter((r) => !r.continuous);
  const retention = (x: any) => x?.Lifecycle?.DeleteAfterDays as number | undefined;
  const longest = scheduled.reduce<Rule | undefined>(
    (a, r) => (!a || (retention(r.rule) ?? 0) > (retention(a.rule) ?? 0) ? r : a),
    undefined,
  );
  if (!v.need(!!longest, 'no scheduled rule')) return v.done('');
  v.add(ruleEv(longest!, 'Lifecycle.DeleteAfterDays'));
  v.need(retention(longest!.rule) === 90, `the history rule keeps ${retention(longest!.rule)} days, not exactly 90`);
  for (const r of rs) {
    v.need(
      (retention(r.rule) ?? Infinity) <= 90,
      `rule ${r.rule.RuleName} keeps recovery points ${retention(r.rule) ?? 'forever'} days (over 90)`,
    );
    v.need(
      r.rule.Lifecycle?.MoveToColdStorageAfterDays === undefined,
      `rule ${r.rule.RuleName} moves points to cold storage (kept at least 90 days more)`,
    );
    for (const c of asArray(r.rule.CopyActions)) {
      v.need(
        (retention(c) ?? Infinity) <= 90,
        `a copy of ${r.rule.RuleName} is kept ${retention(c) ?? 'forever'} days`,
      );
      if (r === longest)
        v.need(retention(c) === 90, `the copy of the history rule is kept ${retention(c)} days, not 90`);
    }
  }
  // What each vault receives: rule targets and copy destinations, with retentions.
  const received = new Map<string, { vault: Res; days: number[] }>();
  const receive = (vault: Res | undefined, days: number | undefined) => {
    if (!vault || days === undefined) return;
    const k = `${vault.stack.name}/${vault.id}`;
    received.set(k, { vault, days: [...(received.get(k)?.days ?? []), days] });
  };
  for (const r of rs) {
    receive(targetVault(m, r), retention(r.rule));
    for (const c of asArray(r.rule.CopyActions))
      receive(vaultByArn(m, r.plan, (c as any).DestinationBackupVaultArn), retention(c));
  }
  const historyVaults = [
    targetVault(m, longest!),
    ...asArray(longest!.rule.CopyActions).map((c: any) => vaultByArn(m, longest!.plan, c.DestinationBackupVaultArn)),
  ];
  for (const vault of historyVaults) {
    if (!v.need(!!vault, 'a vault of the 90-day history is not declared in the stage')) continue;
    const lock = propsOf(vault!).LockConfiguration;
    v.add(ev(vault!, 'LockConfiguration', lock));
    v.need(lock?.MaxRetentionDays === 90, `vault ${vault!.id} has no lock with MaxRetentionDays 90`);
  }
  for (const { vault, days } of received.values()) {
    const lock = propsOf(vault).LockConfiguration;
    if (!lock) continue;
    v.add(ev(vault, 'retentions written into the vault', days));
    v.need(
      lock.MinRetentionDays === undefined || lock.MinRetentionDays <= Math.min(...days),
      `vault ${vault.id}: lock MinRetentionDays ${lock.MinRetentionDays} exceeds the shortest retention written into it (${Math.min(...days)}); those jobs would fail`,
    );
    v.need(
      lock.MaxRetentionDays === undefined || lock.MaxRetentionDays >= Math.max(...days),
      `vault ${vault.id}: lock MaxRetentionDays ${lock.MaxRetentionDays} is under a retention written into it (${Math.max(...days)})`,
    );
    v.want(
      lock.MinRetentionDays !== undefined,
      `vault ${vault.id}: the lock has no MinRetentionDays, so early deletion is possible`,
    );
  }
  // Steady-state snapshots per region against the quota.
  const perDay = (r: Rule) => 24 / (scheduleIntervalHours(String(r.rule.ScheduleExpression)) ?? 24);
  const primary = scheduled.reduce((n, r) => n + perDay(r) * (retention(r.rule) ?? 0), 0);
  const copies = scheduled.reduce(
    (n, r) =>
      n +
      asArray(r.rule.CopyActions)
        .filter((c: any) => regionOfArn(c.DestinationBackupVaultArn) === m.config.backupRegion)
        .reduce((k: number, c: any) => k + perDay(r) * (retention(c) ?? 0), 0),
    0,
  );
  const quota = m.config.backup.snapshotQuota;
  v.add({
    stack: '(computed from the plan)',
    region: m.config.primaryRegion,
    logicalId: 'steady-state snapshots',
    type: 'quota',
    property: `primary / ${m.config.backupRegion} / quota`,
    value: `${primary} / ${copies} / ${quota}`,
  });
  v.need(
    primary <= quota && copies <= quota,
    `the plan holds ${primary} snapshots in ${m.config.primaryRegion} and ${copies} in ${m.config.backupRegion}, over the quota of ${quota}`,
  );
  return v.done(
    `The daily history and its copies are deleted at exactly 90 days and nothing is kept longer; vault locks (max 90 days) make it enforceable; ${Math.max(primary, copies)} snapshots per region at steady state, within the quota of ${quota}.`,
  );
};

export const backupCheckers: Record<string, Checker> = {
  'BKP-1': bkp1,
  'BKP-2': bkp2,
  'BKP-3': bkp3,
  'BKP-4': bkp4,
  'BKP-5': bkp5,
  'BKP-6': bkp6,
};
