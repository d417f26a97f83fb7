import {
  backupRules,
  retentionDays,
  ruleEv,
  ruleName,
  scheduledExpressions,
  scheduleIntervalHours,
  scheduleOf,
  snapshotCadenceHours,
} from '../model/backup-plan';
import { asArray, isObject } from '../model/json';
import { ev, prop, type Res, resolve, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'BKP-2';

/** Whether a backup selection targets the Aurora cluster (by reference, by name, or by tags). */
function selectsCluster(m: StageModel, s: Res, clusters: readonly Res[]): boolean {
  const byResource = asArray(prop(s, 'BackupSelection.Resources')).some((r) => {
    const t = resolve(m, s.stack, r);
    return t?.r.Type === 'AWS::RDS::DBCluster' || (isObject(r) && clusters.some((c) => text(r).includes(c.id)));
  });
  return byResource || asArray(prop(s, 'BackupSelection.ListOfTags')).length > 0;
}

export const bkp2: Claim = {
  id: ID,
  promise: 'full backups every few hours, differential hourly, transaction log every 10-15 min',
  declared:
    'one AWS Backup plan: continuous backup (point-in-time restore to the second, RPO of minutes: Beyond the ' +
    '10-15 min of the page) plus scheduled snapshot rules, the most frequent at most every 4 hours (hourly where ' +
    'the snapshot quota allows), each with its own retention',
  check: (m) => {
    const v = new Verdict(ID);
    const plans = resources(m, 'AWS::Backup::BackupPlan');
    if (!v.need(plans.length === 1, `${plans.length} backup plans; one was declared`)) return v.done('');
    const rs = backupRules(m);
    const continuous = rs.filter((r) => r.continuous);
    const scheduled = rs.filter((r) => !r.continuous);
    for (const r of continuous) v.add(ruleEv(r, 'EnableContinuousBackup'), ruleEv(r, 'Lifecycle.DeleteAfterDays'));
    v.need(continuous.length > 0, 'no continuous backup rule (point-in-time restore)');
    const intervals: number[] = [];
    for (const r of scheduled) {
      v.add(ruleEv(r, 'ScheduleExpression'), ruleEv(r, 'Lifecycle.DeleteAfterDays'));
      const h = scheduleIntervalHours(scheduleOf(r));
      v.need(h !== undefined, `rule ${ruleName(r)} has no readable schedule`);
      if (h !== undefined) intervals.push(h);
      v.need(retentionDays(r.rule) !== undefined, `rule ${ruleName(r)} has no retention of its own`);
    }
    v.need(scheduled.length > 0, 'no scheduled snapshot rule');
    // Rules complement each other (the daily run fills the frequent rule's gap): the cadence is the widest gap of
    // all their hours together.
    const most = snapshotCadenceHours(scheduledExpressions(rs));
    v.need(
      intervals.length > 0 && most !== undefined && most <= 4,
      `snapshots are taken every ${most} hours (all scheduled rules together), not at most every 4`,
    );
    const clusters = resources(m, 'AWS::RDS::DBCluster');
    const selections = resources(m, 'AWS::Backup::BackupSelection');
    for (const s of selections)
      v.add(ev(s, 'BackupSelection.Resources', asArray(prop(s, 'BackupSelection.Resources')).map(text)));
    v.need(
      selections.some((s) => selectsCluster(m, s, clusters)),
      'no backup selection targets the Aurora cluster',
    );
    return v.done(
      `One plan: continuous backup (point-in-time, RPO of minutes) plus snapshots every ${most} hour(s) and ` +
        'daily, each with its own retention.',
    );
  },
  beyond: 'Point-in-time recovery to the second with minutes of data loss (the page: 10-15 minutes).',
};
