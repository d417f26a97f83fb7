import { internalStage, rateRules } from '../model/edge';
import { asArray } from '../model/json';
import { ev, prop, propsOf, resources } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'MAIL-3';

/** The alarms the claim needs, by what they watch (in the alarm's namespace, metric name or metric math). */
const ALARMS: ReadonlyArray<readonly [string, RegExp]> = [
  ['bounce rate', /Reputation\.BounceRate/],
  ['complaint rate', /Reputation\.ComplaintRate/],
  ['send volume', /AWS\/SES.*\bSend\b|"Send"/],
];

/** Bounces, complaints, rejects and delays reach a destination; alarms watch rates and volume. */
function checkEventsAndAlarms(m: StageModel, v: Verdict): void {
  const dests = resources(m, 'AWS::SES::ConfigurationSetEventDestination');
  const types = dests.flatMap((d) =>
    asArray(prop(d, 'EventDestination.MatchingEventTypes')).map((t) => String(t).toLowerCase()),
  );
  for (const d of dests) v.add(ev(d, 'EventDestination.MatchingEventTypes'));
  for (const t of ['bounce', 'complaint', 'reject', 'deliverydelay'])
    v.need(types.includes(t), `no event destination for ${t} events`);
  const metrics = resources(m, 'AWS::CloudWatch::Alarm').map((a) => {
    const p = propsOf(a);
    return { a, n: `${String(p.Namespace)} ${String(p.MetricName)} ${JSON.stringify(p.Metrics ?? '')}` };
  });
  for (const [what, re] of ALARMS) {
    const hit = metrics.filter((x) => re.test(x.n));
    for (const x of hit) v.add(ev(x.a, 'MetricName'));
    v.need(hit.length > 0, `no alarm on ${what}`);
  }
}

/** A public stage limits the mail-sending paths per IP at the edge. */
function checkRateRule(m: StageModel, v: Verdict): void {
  const e = m.config.edge;
  const acls = resources(m, 'AWS::WAFv2::WebACL').filter((a) => propsOf(a).Scope === 'CLOUDFRONT');
  const rate = acls.flatMap((a) =>
    rateRules(a)
      .filter((r) => e.mailSendingPaths.every((p) => r.scope.includes(p)))
      .map((r) => ({ a, r })),
  );
  for (const { a, r } of rate) v.add(ev(a, `Rules[${String(r.rule.Name)}].RateBasedStatement.Limit`, r.limit));
  v.need(
    rate.some(({ r }) => r.limit === e.mailRateLimit),
    `no WAF rate rule of ${e.mailRateLimit} per IP on ${e.mailSendingPaths.join(', ')}`,
  );
}

export const mail3: Claim = {
  id: ID,
  promise: 'a speed limit against email bombardment',
  declared:
    'rate-based WAF rules on the endpoints that send mail, and an alarm on abnormal send volume, bounces and ' +
    'complaints (SES configuration set with event destinations, TLS required for delivery). SES quotas are per ' +
    'account and WAF cannot see recipients, so the per-recipient limit belongs to the application: docs/mail.md ' +
    'says so',
  check: (m) => {
    const v = new Verdict(ID);
    const sets = resources(m, 'AWS::SES::ConfigurationSet');
    if (!v.need(sets.length > 0, 'no SES configuration set')) return v.done('');
    for (const s of sets) {
      v.add(ev(s, 'DeliveryOptions.TlsPolicy'), ev(s, 'ReputationOptions.ReputationMetricsEnabled'));
      v.need(prop(s, 'DeliveryOptions.TlsPolicy') === 'REQUIRE', `${s.id}: TLS is not required for delivery`);
      v.need(prop(s, 'ReputationOptions.ReputationMetricsEnabled') === true, `${s.id}: reputation metrics are off`);
    }
    checkEventsAndAlarms(m, v);
    const isPublic = !internalStage(m);
    if (isPublic) checkRateRule(m, v);
    const edge = isPublic
      ? `, and at most ${m.config.edge.mailRateLimit} requests per IP per 5 minutes on the mail-sending paths`
      : '';
    return v.done(
      'Delivery over TLS only, bounce/complaint/reject/delay events to the team, alarms on bounce rate, ' +
        `complaint rate and send volume${edge}; the per-recipient limit is the application's (SES and WAF cannot ` +
        'see recipients).',
    );
  },
  page: [
    {
      section: 'email',
      text: ({ config: { edge: e } }) =>
        `Mail-sending pages are limited to ${e.mailRateLimit} requests per address per 5 minutes; bounces, ` +
        'complaints and unusual volumes alert the team; mail is delivered over TLS only.',
    },
  ],
};
