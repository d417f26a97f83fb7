import { sameJurisdiction } from '../../core/regions';
import {
  backupRules,
  copyActions,
  destinationOf,
  regionOfArn,
  retentionDays,
  ruleEv,
  ruleName,
  vaultByArn,
} from '../model/backup-plan';
import { ev, text } from '../model/query';
import { needRotatingKey, Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'BKP-3';

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
    return v.done(
      `Every scheduled rule copies its recovery points to a vault in ${backupRegion} (same jurisdiction), ` +
        "encrypted with that region's key.",
    );
  },
};
