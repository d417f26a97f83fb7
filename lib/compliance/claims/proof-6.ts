import type { GuardControl } from '../guard/types';
import { note } from '../model/query';
import type { ClaimResult } from '../model/types';
import { notApplicable, Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'PROOF-6';

const count = (c: GuardControl, status: string) => c.resources.filter((r) => r.status === status).length;

/** One control in a line: on how many resources it passes, fails or is excepted. */
function controlLine(c: GuardControl): string {
  const n = c.resources.length;
  if (c.status === 'pass') return `pass on ${n} resource(s)`;
  if (c.status === 'excepted') return `excepted on ${count(c, 'excepted')} of ${n} resource(s), see the exceptions`;
  return `FAIL on ${count(c, 'fail')} of ${n} resource(s)`;
}

export const proof6: Claim = {
  id: ID,
  promise: "it deploys where an organisation enforces AWS's own controls",
  declared:
    'the AWS Control Tower proactive controls (cfn-guard rules) run on every template in `npm test`; each failing ' +
    'control is fixed, or listed in the report with the reason it does not apply',
  check: (m): ClaimResult => {
    const g = m.cfnGuard;
    if (!g) return notApplicable(ID, 'cfn-guard was not run on this model');
    if (!g.ran && g.ok) return notApplicable(ID, `cfn-guard skipped: ${g.detail}`);
    const v = new Verdict(ID);
    v.need(g.ran, `cfn-guard did not run: ${g.detail}`);
    v.add(note('(cfn-guard)', 'cfn-guard', 'Control Tower proactive controls', 'run', g.detail));
    for (const c of g.controls) {
      v.add(note('(cfn-guard)', c.id, 'Control Tower control', c.title, controlLine(c)));
      for (const r of c.resources.filter((x) => x.status === 'fail'))
        v.need(
          false,
          `${c.id} fails on ${r.path ?? `${r.stack}/${r.logicalId}`} (${r.why}) and no exception covers it`,
        );
    }
    v.need(!g.ran || g.controls.length > 0, 'no Control Tower control evaluated the templates');
    const n = (status: string) => g.controls.filter((c) => c.status === status).length;
    return v.done(
      `${g.controls.length} Control Tower controls apply to the templates: ${n('pass')} pass on every resource, ` +
        `${n('excepted')} fail only on resources listed as exceptions with their reason, none fails otherwise.`,
    );
  },
};
