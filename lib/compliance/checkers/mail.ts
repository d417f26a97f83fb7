// MAIL-1..MAIL-3: SES identities, DNS authentication, unsubscribe, abuse limits.
import type { Checker, StageModel } from '../model';
import { asArray, ev, getPath, propsOf, type Res, resources, text, Verdict } from '../query';

const records = (m: StageModel, type: string, name: string): Res[] =>
  resources(m, 'AWS::Route53::RecordSet').filter(
    (r) => propsOf(r).Type === type && text(propsOf(r).Name).replace(/\.$/, '') === name,
  );

export const mail1: Checker = (m) => {
  const v = new Verdict('MAIL-1');
  const internal = m.config.exposure !== 'public';
  const ids = resources(m, 'AWS::SES::EmailIdentity');
  const sub = m.config.mail.mailFromSubdomain;
  for (const { name } of m.config.domains) {
    const id = ids.find((i) => text(propsOf(i).EmailIdentity) === name);
    if (!v.need(!!id, `no SES identity for ${name}`)) continue;
    v.add(ev(id!, 'DkimSigningAttributes.NextSigningKeyLength'), ev(id!, 'MailFromAttributes'));
    v.need(
      getPath(propsOf(id!), 'DkimSigningAttributes.NextSigningKeyLength') === 'RSA_2048_BIT',
      `${name}: DKIM is not 2048-bit`,
    );
    v.need(getPath(propsOf(id!), 'DkimAttributes.SigningEnabled') !== false, `${name}: DKIM signing is off`);
    const from = `${sub}.${name}`;
    v.need(
      text(getPath(propsOf(id!), 'MailFromAttributes.MailFromDomain')) === from &&
        getPath(propsOf(id!), 'MailFromAttributes.BehaviorOnMxFailure') === 'REJECT_MESSAGE',
      `${name}: MAIL FROM is not ${from} with REJECT_MESSAGE on MX failure`,
    );
    const dkim = resources(m, 'AWS::Route53::RecordSet').filter(
      (r) =>
        propsOf(r).Type === 'CNAME' &&
        /DkimDNSToken(Name|Value)/.test(JSON.stringify(propsOf(r))) &&
        JSON.stringify(propsOf(r)).includes(id!.id),
    );
    const mx = records(m, 'MX', from);
    const spf = records(m, 'TXT', from);
    const dmarc = records(m, 'TXT', `_dmarc.${name}`);
    [...dkim, ...mx, ...spf, ...dmarc].forEach((r) =>
      v.add(ev(r, `${propsOf(r).Type} ${text(propsOf(r).Name)}`, asArray(propsOf(r).ResourceRecords).map(text))),
    );
    if (internal && dkim.length + mx.length + spf.length + dmarc.length === 0) {
      v.add({
        stack: '(config)',
        region: '-',
        logicalId: name,
        type: 'config',
        property: 'exposure',
        value: 'internal: no public DNS records (ORG-2)',
      });
      continue;
    }
    v.need(dkim.length === 3, `${name}: ${dkim.length} DKIM CNAME records, not 3`);
    v.need(
      mx.some((r) =>
        asArray(propsOf(r).ResourceRecords)
          .map(text)
          .some((x) => x === `10 feedback-smtp.${m.config.primaryRegion}.amazonses.com`),
      ),
      `${name}: no MX 10 feedback-smtp.${m.config.primaryRegion}.amazonses.com on ${from}`,
    );
    v.need(
      spf.some((r) =>
        asArray(propsOf(r).ResourceRecords)
          .map(text)
          .some((x) => x === `"v=spf1 include:amazonses.com ${m.config.mail.spfAll}"`),
      ),
      `${name}: no SPF record on ${from}`,
    );
    v.need(
      dmarc.some((r) =>
        asArray(propsOf(r).ResourceRecords)
          .map(text)
          .some((x) => /v=DMARC1;/.test(x) && /\bp=quarantine\b/.test(x) && /rua=mailto:/.test(x)),
      ),
      `${name}: no DMARC p=quarantine with rua on _dmarc.${name}`,
    );
  }
  return v.done(
    `Every domain has an SES identity with 2048-bit Easy DKIM, a MAIL FROM ${sub}.<domain> with its MX and SPF, and DMARC p=quarantine with aggregate reports${internal ? ' (internal stage: DNS records only where a public zone is used)' : ''}.`,
  );
};

export const mail2: Checker = (m) => {
  const v = new Verdict('MAIL-2');
  const sets = resources(m, 'AWS::SES::ConfigurationSet');
  v.need(sets.length > 0, 'no SES configuration set');
  if (m.config.mail.contactList === 'create') {
    const lists = resources(m, 'AWS::SES::ContactList');
    lists.forEach((l) =>
      v.add(
        ev(
          l,
          'Topics',
          asArray(propsOf(l).Topics).map((t: any) => t.TopicName),
        ),
      ),
    );
    v.need(
      lists.some((l) => asArray(propsOf(l).Topics).length > 0),
      'no SES contact list with topics',
    );
  } else
    v.add({
      stack: '(config)',
      region: '-',
      logicalId: 'mail.contactList',
      type: 'config',
      property: 'contactList',
      value: 'none (owned by another stack of the account)',
    });
  return v.done(
    'An SES contact list with topics and a configuration set: SES adds one-click List-Unsubscribe headers to every email sent with list management.',
  );
};

export const mail3: Checker = (m) => {
  const v = new Verdict('MAIL-3');
  const sets = resources(m, 'AWS::SES::ConfigurationSet');
  if (!v.need(sets.length > 0, 'no SES configuration set')) return v.done('');
  for (const s of sets) {
    v.add(ev(s, 'DeliveryOptions.TlsPolicy'), ev(s, 'ReputationOptions.ReputationMetricsEnabled'));
    v.need(getPath(propsOf(s), 'DeliveryOptions.TlsPolicy') === 'REQUIRE', `${s.id}: TLS is not required for delivery`);
    v.need(
      getPath(propsOf(s), 'ReputationOptions.ReputationMetricsEnabled') === true,
      `${s.id}: reputation metrics are off`,
    );
  }
  const dests = resources(m, 'AWS::SES::ConfigurationSetEventDestination');
  const types = dests.flatMap((d) =>
    asArray(getPath(propsOf(d), 'EventDestination.MatchingEventTypes')).map((t) => String(t).toLowerCase()),
  );
  dests.forEach((d) => v.add(ev(d, 'EventDestination.MatchingEventTypes')));
  for (const t of ['bounce', 'complaint', 'reject', 'deliverydelay'])
    v.need(types.includes(t), `no event destination for ${t} events`);
  const metrics = resources(m, 'AWS::CloudWatch::Alarm').map((a) => ({
    a,
    n: `${propsOf(a).Namespace} ${propsOf(a).MetricName} ${JSON.stringify(propsOf(a).Metrics ?? '')}`,
  }));
  for (const [what, re] of [
    ['bounce rate', /Reputation\.BounceRate/],
    ['complaint rate', /Reputation\.ComplaintRate/],
    ['send volume', /AWS\/SES.*\bSend\b|"Send"/],
  ] as const) {
    const hit = metrics.filter((x) => re.test(x.n));
    hit.forEach((x) => v.add(ev(x.a, 'MetricName')));
    v.need(hit.length > 0, `no alarm on ${what}`);
  }
  if (m.config.exposure === 'public') {
    const e = m.config.edge;
    const acls = resources(m, 'AWS::WAFv2::WebACL').filter((a) => propsOf(a).Scope === 'CLOUDFRONT');
    const rate = acls.flatMap((a) =>
      asArray(propsOf(a).Rules)
        .filter(
          (r: any) =>
            r.Statement?.RateBasedStatement &&
            e.mailSendingPaths.every((p) =>
              JSON.stringify(r.Statement.RateBasedStatement.ScopeDownStatement ?? {}).includes(p),
            ),
        )
        .map((r: any) => ({ a, r })),
    );
    rate.forEach(({ a, r }) =>
      v.add(ev(a, `Rules[${r.Name}].RateBasedStatement.Limit`, r.Statement.RateBasedStatement.Limit)),
    );
    v.need(
      rate.some(({ r }) => r.Statement.RateBasedStatement.Limit === e.mailRateLimit),
      `no WAF rate rule of ${e.mailRateLimit} per IP on ${e.mailSendingPaths.join(', ')}`,
    );
  }
  return v.done(
    `Delivery over TLS only, bounce/complaint/reject/delay events to the team, alarms on bounce rate, complaint rate and send volume${m.config.exposure === 'public' ? `, and at most ${m.config.edge.mailRateLimit} requests per IP per 5 minutes on the mail-sending paths` : ''}; the per-recipient limit is the application's (SES and WAF cannot see recipients).`,
  );
};

export const mailCheckers: Record<string, Checker> = { 'MAIL-1': mail1, 'MAIL-2': mail2, 'MAIL-3': mail3 };
