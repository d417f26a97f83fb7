import { alarmMetrics, managedGroups } from '../model/edge';
import { getPath } from '../model/json';
import { ev, propsOf, resources } from '../model/query';
import { notApplicable, Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'DET-2';

export const det2: Claim = {
  id: ID,
  promise: 'detect SQL injection',
  declared: 'WAF SQL injection managed rules on every public entry; a metric alarm on their matches',
  check: (m) => {
    const v = new Verdict(ID);
    const acls = resources(m, 'AWS::WAFv2::WebACL');
    const isPublic = m.config.exposure === 'public';
    if (!acls.length && !isPublic)
      return notApplicable(ID, 'internal stage: no public entry exists (ORG-2), and no web ACL is declared');
    v.need(acls.length > 0, 'no WAF web ACL');
    if (isPublic)
      v.need(
        acls.some((a) => propsOf(a).Scope === 'CLOUDFRONT'),
        'no CLOUDFRONT web ACL in front of the public entry',
      );
    for (const acl of acls) {
      const sqli = managedGroups(acl).find((g) => g.name === 'AWSManagedRulesSQLiRuleSet');
      const metric = getPath(sqli?.rule, 'VisibilityConfig.MetricName');
      v.add(
        ev(acl, 'Scope'),
        ev(acl, 'Rules[AWSManagedRulesSQLiRuleSet]', sqli ? { metric, counting: sqli.counting } : '(absent)'),
      );
      if (!v.need(!!sqli && !sqli.counting, `web ACL ${acl.id} has no blocking SQL injection rule group`)) continue;
      const alarms = alarmMetrics(m).filter(
        (a) => a.namespace === 'AWS/WAFV2' && a.dims.Rule === metric && a.alarm.stack.region === acl.stack.region,
      );
      for (const a of alarms) v.add(ev(a.alarm, 'Metric', `${a.namespace} ${a.name} Rule=${a.dims.Rule}`));
      v.need(
        alarms.length > 0,
        `no alarm on the SQL injection matches of ${acl.id} (AWS/WAFV2, Rule=${String(metric)}, in ` +
          `${acl.stack.region})`,
      );
    }
    return v.done(
      'The AWS SQL injection managed rule group blocks on every web ACL, and an alarm fires on its matches.',
    );
  },
};
