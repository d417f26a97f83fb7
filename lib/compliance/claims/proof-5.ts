import { CATEGORIES, effectsOf, type PathResult } from '../effects';
import { ev, note } from '../model/query';
import type { Evidence } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'PROOF-5';

/** One evidence line per path: who, what, and the evaluator's decision against the one the path needs. */
function line(r: PathResult): Evidence {
  const p = r.path;
  const decision = r.decision === 'Not evaluated' ? `Not evaluated: ${r.problem}` : r.decision;
  return ev(p.target, `${p.category}: ${p.who} ${p.what} (must be ${p.expect})`, r.ok ? decision : `${decision} ✗`);
}

/** Key deletion is every role against every key: one line per key, naming each role and its decision. */
function keyDeletionLines(results: readonly PathResult[]): Evidence[] {
  const byKey = new Map<string, PathResult[]>();
  for (const r of results) {
    const k = `${r.path.target.stack.name}/${r.path.target.id}`;
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  return [...byKey.values()].map((rs) => {
    const decisions = [...new Set(rs.map((r) => r.decision))].join(', ');
    const roles = [...new Set(rs.map((r) => r.path.who))];
    return ev(
      rs[0].path.target,
      `key-deletion: kms:ScheduleKeyDeletion and kms:DisableKey by each of ${roles.length} roles (${roles.join(', ')}) ` +
        '(must be Denied)',
      decisions,
    );
  });
}

export const proof5: Claim = {
  id: ID,
  promise: 'every data path works, and every forbidden one is closed',
  declared:
    'for each writer and the resource it must reach (Lambda to its log group, trail to bucket and key, Backup to ' +
    'vaults and copy keys, alarms and EventBridge to encrypted topics, RDS to its log key, app to its DB user), an ' +
    'IAM policy evaluator over the synthesized identity, resource and key policies says Allowed; for each forbidden ' +
    'path (app to master secret, anyone but break-glass to key deletion, operator without MFA) it says Denied',
  check: (m) => {
    const v = new Verdict(ID);
    const { results, counts } = effectsOf(m);
    for (const [category, what] of Object.entries(CATEGORIES))
      v.add(note('(effects)', category, 'path category', what, `${counts[category as keyof typeof counts]} path(s)`));
    const keyDeletion = results.filter((r) => r.path.category === 'key-deletion' && r.ok);
    v.add(...results.filter((r) => !keyDeletion.includes(r)).map(line), ...keyDeletionLines(keyDeletion));
    for (const r of results.filter((x) => !x.ok))
      v.need(false, `${r.path.category}: ${r.path.who} ${r.path.what}: ${r.problem}`);
    const allowed = results.filter((r) => r.path.expect === 'Allowed').length;
    return v.done(
      `All ${results.length} derived paths get the decision they need from @cloud-copilot/iam-simulate over the ` +
        `synthesized identity, resource and key policies: ${allowed} data paths Allowed, ` +
        `${results.length - allowed} forbidden paths denied.`,
    );
  },
};
