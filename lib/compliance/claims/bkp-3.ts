import { sameJurisdiction } from '../../core/regions';
import {
  backupRules,
  copyActions,
  destinationOf,
  regionOfArn,
  retentionDays,
  ruleEv,
  ruleName,
  scheduledExpressions,
  snapshotCadenceHours,
  vaultByArn,
} from '../model/backup-plan';
import { ev, text } from '../model/query';
import type { StageModel } from '../model/types';
import { needRotatingKey, Verdict } from '../model/verdict';
import { where } from '../render/words';
import type { Claim } from './claim';

const ID = 'BKP-3';

/**
 * Hours between the recovery points that reach the backup region: the scheduled rules that copy there, together
 * (their widest gap between runs); undefined when none copies there or a schedule cannot be read. Continuous backup
 * is never among them: AWS Backup copies snapshots, not the continuous log.
 */
function crossRegionIntervalHours(m: StageModel): number | undefined {
  const copying = backupRules(m).filter(
    (r) => !r.continuous && copyActions(r).some((c) => regionOfArn(destinationOf(c)) === m.config.backupRegion),
  );
  return copying.length ? snapshotCadenceHours(scheduledExpressions(copying)) : undefined;
}

/** The BKP-3 sentence: how old the newest copy in the backup region can be, from the plan. */
function crossRegionSentence(m: StageModel): string {
  const { primaryRegion, backupRegion } = m.config;
  const hours = crossRegionIntervalHours(m);
  const head = `**If ${where(primaryRegion)} were lost.** `;
  if (hours === undefined) return `${head}No backup is copied to ${where(backupRegion)} on a schedule we can state.`;
  const every = hours === 1 ? 'hour' : `${hours} hours`;
  const continuous = backupRules(m).some((r) => r.continuous)
    ? ` Continuous backup (restore to the second) is not copied: it stays in ${where(primaryRegion)}.`
    : '';
  return (
    `${head}We would restore from the copies in ${where(backupRegion)}, the newest of which is at most about ` +
    `${every} old, plus the time a snapshot takes to be made and copied: that is the data we could lose.${continuous}`
  );
}

export const bkp3: Claim = {
  id: ID,
  promise: 'geo-redundant',
  declared:
    'every scheduled rule copies its recovery points to a vault in a second region of the same jurisdiction (EU ' +
    "by default, for GDPR), encrypted with that region's key; optionally to a second account",
  check: (m) => {
    const v = new Verdict(ID);
    const { primaryRegion, backupRegion } = m.config;
    const scheduled = backupRules(m).filter((r) => !r.continuous);
    v.need(scheduled.length > 0, 'no scheduled rule to copy');
    v.need(
      sameJurisdiction(primaryRegion).includes(backupRegion),
      `backup region ${backupRegion} is not a second region of ${primaryRegion}'s jurisdiction`,
    );
    for (const r of scheduled) {
      v.add(ruleEv(r, 'CopyActions'));
      const here = copyActions(r).filter((c) => regionOfArn(destinationOf(c)) === backupRegion);
      if (!v.need(here.length > 0, `rule ${ruleName(r)} does not copy to a vault in ${backupRegion}`)) continue;
      for (const c of here) {
        const dest = vaultByArn(m, r.plan, destinationOf(c));
        if (!dest) {
          v.need(false, `the copy destination ${text(destinationOf(c))} is not a vault declared in ${backupRegion}`);
          continue;
        }
        v.add(ev(dest, 'BackupVaultName'));
        needRotatingKey(m, v, dest, 'EncryptionKeyArn', `copy vault ${dest.id}`);
        v.need(retentionDays(c) !== undefined, `the copy of ${ruleName(r)} has no retention`);
      }
    }
    const second = m.config.backup.secondAccountCopy;
    if (second)
      v.want(
        scheduled.every((r) => copyActions(r).some((c) => text(destinationOf(c)) === second.vaultArn)),
        'secondAccountCopy is configured but not every scheduled rule copies to it',
      );
    const hours = crossRegionIntervalHours(m);
    return v.done(
      `Every scheduled rule copies its recovery points to a vault in ${backupRegion} (same jurisdiction), ` +
        "encrypted with that region's key. Cross-region recovery point: " +
        (hours === undefined
          ? 'not stated (a schedule cannot be read).'
          : `${hours} hours plus snapshot and copy time `) +
        (hours === undefined ? '' : '(continuous backup is not copied).'),
    );
  },
  page: [{ section: 'backups', text: crossRegionSentence }],
};
