import { note } from '../model/query';
import type { CfnLintResult } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'PROOF-1';

/** Reasons that name no compensating control. */
const NO_REASON = /^(todo|n\/?a|not needed|none)\b/i;

const lintResult = (l: CfnLintResult): string =>
  l.ran ? (l.ok ? `no error, no warning (${l.detail})` : 'problems') : `skipped: ${l.detail}`;

export const proof1: Claim = {
  id: ID,
  promise: '',
  declared:
    '`cdk synth` runs offline with the example configuration, and cdk-nag (AwsSolutions, NIST 800-53 rev 5, PCI ' +
    'DSS 3.2.1, HIPAA Security) reports no unsuppressed error or warning; every suppression names its rule, the ' +
    'resource and a reason',
  check: (m) => {
    const v = new Verdict(ID);
    const packs = m.nag ?? [];
    v.need(packs.length === 4, `${packs.length} cdk-nag packs ran, not 4`);
    for (const p of packs) {
      const counts = `${p.rulesChecked} / ${p.findings.length} / ${p.acknowledgments.length}`;
      v.add(note('(cdk-nag)', p.pack, 'nag pack', 'rules checked / open findings / acknowledgments', counts));
      for (const f of p.findings) v.need(false, `open ${f.severity} ${f.rule} on ${f.resources.join(', ')}`);
      for (const a of p.acknowledgments) {
        const reason = a.reason.trim();
        v.need(
          reason.length >= 10 && !NO_REASON.test(reason),
          `acknowledgment ${a.ruleId} on ${a.stack}/${a.logicalId} has no real reason`,
        );
      }
    }
    if (m.cfnLint) {
      v.add(note('(cfn-lint)', 'cfn-lint', 'lint', 'result', lintResult(m.cfnLint)));
      if (m.cfnLint.ran) v.need(m.cfnLint.ok, 'cfn-lint reports problems');
    }
    const acknowledged = packs.reduce((n, p) => n + p.acknowledgments.length, 0);
    return v.done(
      'Synthesized offline with the example configuration; the four cdk-nag packs report no open finding, and ' +
        `each of the ${acknowledged} acknowledgments names its rule, resource and reason.`,
    );
  },
};
