import { internalStage, managedGroups, rateRules } from '../model/edge';
import { asArray, field, getPath } from '../model/json';
import { ev, propsOf, resources } from '../model/query';
import { notApplicable, Verdict } from '../model/verdict';
import type { Claim } from './claim';
import { edge10 } from './edge-10';

const ID = 'EDGE-6';

export const edge6: Claim = {
  id: ID,
  promise: 'brute-force protection on login',
  declared:
    'WAF account takeover prevention managed rules on the login path and a rate-based rule per IP on login and ' +
    'password-reset paths',
  check: (m) => {
    if (internalStage(m))
      return notApplicable(
        ID,
        "internal stage: no public login page (ORG-2); login protection is on the public stage's CloudFront web ACL",
      );
    const v = new Verdict(ID);
    const e = m.config.edge;
    const acls = resources(m, 'AWS::WAFv2::WebACL').filter((a) => propsOf(a).Scope === 'CLOUDFRONT');
    v.need(acls.length > 0, 'no CLOUDFRONT web ACL');
    for (const acl of acls) {
      const atp = managedGroups(acl).find((g) => g.name === 'AWSManagedRulesATPRuleSet');
      const cfg = asArray(getPath(atp?.rule, 'Statement.ManagedRuleGroupStatement.ManagedRuleGroupConfigs'))
        .map((c) => field(c, 'AWSManagedRulesATPRuleSet'))
        .find(Boolean);
      const loginPath = field(cfg, 'LoginPath');
      const inspection = field(cfg, 'ResponseInspection');
      v.add(
        ev(acl, 'Rules[AWSManagedRulesATPRuleSet].LoginPath', loginPath),
        ev(acl, 'Rules[AWSManagedRulesATPRuleSet].ResponseInspection', inspection ? 'configured' : '(absent)'),
      );
      v.need(
        !!atp && !atp.counting && loginPath === e.loginPath,
        `${acl.id}: no blocking account takeover prevention on ${e.loginPath}`,
      );
      v.want(!!inspection, `${acl.id}: ATP has no response inspection, so failed logins do not lock an attacker out`);
      const rate = rateRules(acl).filter(
        (r) =>
          r.key === 'IP' && r.scope.includes(e.loginPath) && e.passwordResetPaths.every((p) => r.scope.includes(p)),
      );
      for (const r of rate) v.add(ev(acl, `Rules[${String(r.rule.Name)}].RateBasedStatement.Limit`, r.limit));
      v.need(
        rate.some((r) => r.limit === e.loginRateLimit),
        `${acl.id}: no per-IP rate rule of ${e.loginRateLimit} on ${[e.loginPath, ...e.passwordResetPaths].join(', ')}`,
      );
    }
    return v.done(
      `WAF account takeover prevention on ${e.loginPath} (failed logins lock the source out) and at most ` +
        `${e.loginRateLimit} requests per IP per 5 minutes on the login and password-reset paths.`,
    );
  },
  page: [
    {
      section: 'website',
      // EDGE-10 decides how far the limit reaches: the sentence names only what its check proves.
      text: (m) => {
        const e = m.config.edge;
        const counted = edge10.check(m).status === 'kept';
        return (
          `**Brute force.** AWS WAF account takeover prevention watches ${e.loginPath}: repeated failed logins lock ` +
          `the source out; each address may try at most ${e.loginRateLimit} times per 5 minutes on the login and ` +
          'password-reset pages' +
          (counted
            ? ', however their path is spelled (capitals, percent-encoding, doubled slashes). The address counted ' +
              'is the one connected to our CDN, which a client cannot forge to lock someone else out.'
            : '.')
        );
      },
      status: [ID, 'EDGE-10'],
    },
  ],
};
