import { EDGE_REGION } from '../../defaults/constants';
import { aliasesOf, distributions, internalStage } from '../model/edge';
import { asArray } from '../model/json';
import { configNote, ev, propsOf, type Res, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'EDGE-9';

const www = (d: string) => [d, `www.${d}`];
const namesOf = (c: Res): string[] => [propsOf(c).DomainName, ...asArray(propsOf(c).SubjectAlternativeNames)].map(text);
const withoutDot = (r: Res): string => text(propsOf(r).Name).replace(/\.$/, '');

/** On a public stage, apex and www of a domain are on the CloudFront certificate, the distribution and DNS. */
function checkPublicNames(m: StageModel, v: Verdict, certs: readonly Res[], d: string): void {
  const covered = (name: string) =>
    certs.some(
      (c) =>
        c.stack.region === EDGE_REGION &&
        namesOf(c).some((n) => n === name || (n.startsWith('*.') && name.endsWith(n.slice(1)))),
    );
  for (const n of www(d)) v.need(covered(n), `the CloudFront certificate does not cover ${n}`);
  const aliases = distributions(m).flatMap(aliasesOf);
  for (const n of www(d)) v.need(aliases.includes(n), `${n} is not an alias of the distribution`);
  const records = resources(m, 'AWS::Route53::RecordSet').filter(
    (r) => ['A', 'AAAA'].includes(String(propsOf(r).Type)) && www(d).includes(withoutDot(r)),
  );
  v.need(
    records.some((r) => withoutDot(r) === d),
    `no A/AAAA record for ${d}`,
  );
}

export const edge9: Claim = {
  id: ID,
  promise: 'two brands on one platform',
  declared:
    'any number of domains (e.g. ballejaune.com, openresa.com) from configuration, each with certificate, ' +
    'aliases, DNS and mail',
  check: (m) => {
    const v = new Verdict(ID);
    const domains = m.config.domains.map((d) => d.name);
    v.add(configNote('domains', 'name', domains));
    const certs = resources(m, 'AWS::CertificateManager::Certificate');
    const identities = resources(m, 'AWS::SES::EmailIdentity').map((i) => text(propsOf(i).EmailIdentity));
    for (const d of domains) {
      v.need(
        certs.some((c) => namesOf(c).some((n) => n === d || n.endsWith(`.${d}`))),
        `no certificate for ${d}`,
      );
      v.need(identities.includes(d), `no SES identity for ${d}`);
      if (!internalStage(m)) checkPublicNames(m, v, certs, d);
    }
    for (const d of distributions(m)) v.add(ev(d, 'DistributionConfig.Aliases'));
    return v.done(
      internalStage(m)
        ? `${domains.join(', ')}: certificate and mail identity each; no public aliases or DNS on this internal ` +
            'stage (ORG-2).'
        : `${domains.join(', ')}: each with apex and www on the certificate and the distribution, DNS records ` +
            'and a mail identity.',
    );
  },
};
