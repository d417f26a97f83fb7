import { asArray } from '../model/json';
import { configNote, ev, prop, propsOf, type Res, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import { domainsOf } from '../render/words';
import type { Claim } from './claim';

const ID = 'MAIL-1';

/** Record sets of a type and name (trailing dot ignored). */
const records = (m: StageModel, type: string, name: string): Res[] =>
  resources(m, 'AWS::Route53::RecordSet').filter(
    (r) => propsOf(r).Type === type && text(propsOf(r).Name).replace(/\.$/, '') === name,
  );

const values = (r: Res): string[] => asArray(propsOf(r).ResourceRecords).map(text);
const hasValue = (rs: readonly Res[], ok: (value: string) => boolean) => rs.some((r) => values(r).some(ok));

/** The SES identity of a domain: 2048-bit DKIM signing, the MAIL FROM subdomain rejecting on MX failure. */
function checkIdentity(v: Verdict, id: Res, name: string, from: string): void {
  v.add(ev(id, 'DkimSigningAttributes.NextSigningKeyLength'), ev(id, 'MailFromAttributes'));
  v.need(prop(id, 'DkimSigningAttributes.NextSigningKeyLength') === 'RSA_2048_BIT', `${name}: DKIM is not 2048-bit`);
  v.need(prop(id, 'DkimAttributes.SigningEnabled') !== false, `${name}: DKIM signing is off`);
  v.need(
    text(prop(id, 'MailFromAttributes.MailFromDomain')) === from &&
      prop(id, 'MailFromAttributes.BehaviorOnMxFailure') === 'REJECT_MESSAGE',
    `${name}: MAIL FROM is not ${from} with REJECT_MESSAGE on MX failure`,
  );
}

/** The DNS records of a domain: three DKIM CNAMEs, MX and SPF on the MAIL FROM domain, DMARC quarantine. */
function checkRecords(m: StageModel, v: Verdict, id: Res, name: string, from: string): void {
  const dkim = resources(m, 'AWS::Route53::RecordSet').filter((r) => {
    const json = JSON.stringify(propsOf(r));
    return propsOf(r).Type === 'CNAME' && /DkimDNSToken(Name|Value)/.test(json) && json.includes(id.id);
  });
  const mx = records(m, 'MX', from);
  const spf = records(m, 'TXT', from);
  const dmarc = records(m, 'TXT', `_dmarc.${name}`);
  for (const r of [...dkim, ...mx, ...spf, ...dmarc])
    v.add(ev(r, `${String(propsOf(r).Type)} ${text(propsOf(r).Name)}`, values(r)));
  if (m.config.exposure !== 'public' && dkim.length + mx.length + spf.length + dmarc.length === 0) {
    v.add(configNote(name, 'exposure', 'internal: no public DNS records (ORG-2)'));
    return;
  }
  const { primaryRegion, mail } = m.config;
  v.need(dkim.length === 3, `${name}: ${dkim.length} DKIM CNAME records, not 3`);
  v.need(
    hasValue(mx, (x) => x === `10 feedback-smtp.${primaryRegion}.amazonses.com`),
    `${name}: no MX 10 feedback-smtp.${primaryRegion}.amazonses.com on ${from}`,
  );
  v.need(
    hasValue(spf, (x) => x === `"v=spf1 include:amazonses.com ${mail.spfAll}"`),
    `${name}: no SPF record on ${from}`,
  );
  v.need(
    hasValue(dmarc, (x) => /v=DMARC1;/.test(x) && /\bp=quarantine\b/.test(x) && /rua=mailto:/.test(x)),
    `${name}: no DMARC p=quarantine with rua on _dmarc.${name}`,
  );
}

export const mail1: Claim = {
  id: ID,
  promise: 'SPF, DKIM, DMARC with a quarantine policy',
  declared:
    'SES domain identity per domain with Easy DKIM (2048-bit) records in Route 53, a custom MAIL FROM domain ' +
    'with its MX and SPF records, a DMARC record `p=quarantine` with aggregate reporting',
  check: (m) => {
    const v = new Verdict(ID);
    const internal = m.config.exposure !== 'public';
    const ids = resources(m, 'AWS::SES::EmailIdentity');
    const sub = m.config.mail.mailFromSubdomain;
    for (const { name } of m.config.domains) {
      const id = ids.find((i) => text(propsOf(i).EmailIdentity) === name);
      if (!id) {
        v.need(false, `no SES identity for ${name}`);
        continue;
      }
      const from = `${sub}.${name}`;
      checkIdentity(v, id, name, from);
      checkRecords(m, v, id, name, from);
    }
    const where = internal ? ' (internal stage: DNS records only where a public zone is used)' : '';
    return v.done(
      `Every domain has an SES identity with 2048-bit Easy DKIM, a MAIL FROM ${sub}.<domain> with its MX and ` +
        `SPF, and DMARC p=quarantine with aggregate reports${where}.`,
    );
  },
  page: [
    {
      section: 'email',
      text: (m) =>
        `Every email from ${domainsOf(m)} is signed with 2048-bit DKIM, sent from an SPF-aligned domain, and ` +
        'covered by a DMARC policy that asks receivers to quarantine anything that fails.',
    },
  ],
};
