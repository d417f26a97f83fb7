import { iamViolations, operatorRoles, requiresMfa } from '../model/iam';
import { ev } from '../model/query';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'ORG-1';

export const org1: Claim = {
  id: ID,
  promise: 'staff access on need-to-know and least privilege',
  declared: 'every IAM policy scoped to its resources; no `*` action on data; operator role requires MFA',
  check: (m) => {
    const v = new Verdict(ID);
    const { violations, checked } = iamViolations(m);
    v.add(...checked);
    for (const x of violations) v.need(false, `${x.stack}/${x.logicalId} ${x.property}: ${x.problem}`);
    const ops = operatorRoles(m);
    v.want(ops.length > 0, 'no operator role (ssm:StartSession) to check for MFA');
    for (const o of ops) {
      v.add(ev(o, 'AssumeRolePolicyDocument requires MFA', requiresMfa(o)));
      v.need(requiresMfa(o), `operator role ${o.id} does not require MFA`);
    }
    return v.done(
      `${checked.length} policy documents checked: no "*" action, no service:* on data services, no broad ` +
        'AWS-managed policy, Resource "*" only for actions that cannot be scoped ' +
        '(lib/compliance/resource-star-allowlist.ts); the operator role requires MFA.',
    );
  },
  page: [
    {
      section: 'organisation',
      text: () =>
        'Staff access follows need-to-know and least privilege: every permission is scoped to its resources, and ' +
        'operator access requires multi-factor authentication.',
    },
  ],
};
