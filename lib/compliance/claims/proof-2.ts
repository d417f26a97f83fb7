import { note } from '../model/query';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'PROOF-2';

export const proof2: Claim = {
  id: ID,
  promise: '',
  declared:
    'a compliance report, generated from the synthesized app, lists every claim above with the resources and ' +
    'properties that keep it, and every cdk-nag suppression',
  check: (m) => {
    const v = new Verdict(ID);
    const count = m.stacks.reduce((n, s) => n + Object.keys(s.template.Resources ?? {}).length, 0);
    v.add(note('(all)', 'cloud assembly', 'model', 'stacks / resources', `${m.stacks.length} / ${count}`));
    v.need(m.stacks.length > 0 && count > 0, 'the model holds no synthesized template');
    v.need(!!m.nag, 'the cdk-nag result is missing, so suppressions cannot be listed');
    return v.done(
      `This report is computed from the synthesized app (${m.stacks.length} stacks, ${count} resources) by one ` +
        'checker per claim; every cdk-nag acknowledgment is listed with its resource and reason.',
    );
  },
};
