import { backupRules, retentionDays, ruleEv } from '../model/backup-plan';
import { note } from '../model/query';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'BKP-4';
const RUNBOOK = 'docs/runbooks/restore.md';

export const bkp4: Claim = {
  id: ID,
  promise: 'restore to a point in time',
  declared: "the continuous rule's window and a written restore runbook with the exact commands",
  check: (m) => {
    const v = new Verdict(ID);
    const window = m.config.backup.continuousRetentionDays;
    const cont = backupRules(m).filter((r) => r.continuous);
    v.need(cont.length > 0, 'no continuous backup rule');
    for (const r of cont) {
      const d = retentionDays(r.rule);
      v.add(ruleEv(r, 'Lifecycle.DeleteAfterDays'));
      v.need(
        d !== undefined && d >= 1 && d <= 35 && d === window,
        `the continuous window is ${d} days, not the configured ${window} (1-35)`,
      );
    }
    const runbook = m.repo?.content[RUNBOOK];
    const command = /restore-db-cluster-to-point-in-time/;
    const found = runbook ? command.test(runbook) : '(absent)';
    v.add(note('(repository)', RUNBOOK, 'runbook', 'restore-db-cluster-to-point-in-time', found));
    v.need(
      !!runbook && command.test(runbook) && /--restore-to-time/.test(runbook),
      `${RUNBOOK} with the point-in-time restore command (restore-db-cluster-to-point-in-time --restore-to-time) ` +
        'is missing',
    );
    return v.done(
      `Point-in-time restore to any second of the last ${window} days; ${RUNBOOK} gives the exact commands.`,
    );
  },
};
