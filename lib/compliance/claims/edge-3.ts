import { asArray } from '../model/json';
import { configNote, ev, propsOf, resolve, resources, text } from '../model/query';
import { Verdict } from '../model/verdict';
import { domainsOf } from '../render/words';
import type { Claim } from './claim';

const ID = 'EDGE-3';
const CAA_OK = /^0 (issue|issuewild) "(amazon\.com|amazontrust\.com|awstrust\.com|amazonaws\.com)"$|^0 iodef "/;

export const edge3: Claim = {
  id: ID,
  promise: 'certificate of the strongest standard; Expect-CT',
  declared: 'ACM certificates, DNS-validated, auto-renewed; CAA records allowing only Amazon to issue (Beyond)',
  check: (m) => {
    const v = new Verdict(ID);
    const certs = resources(m, 'AWS::CertificateManager::Certificate');
    v.need(certs.length > 0, 'no ACM certificate');
    for (const c of certs) {
      v.add(ev(c, 'DomainName'), ev(c, 'ValidationMethod'), ev(c, 'SubjectAlternativeNames'));
      v.need(
        propsOf(c).ValidationMethod === 'DNS',
        `certificate ${c.id} is not DNS-validated (auto-renewal needs DNS validation)`,
      );
    }
    // Private zones (resolution inside the VPC) are not where certificates are requested for.
    const zones = resources(m, 'AWS::Route53::HostedZone').filter((z) => !propsOf(z).VPCs);
    const caa = resources(m, 'AWS::Route53::RecordSet').filter((r) => propsOf(r).Type === 'CAA');
    for (const z of zones) {
      const mine = caa.filter((r) => resolve(m, r.stack, propsOf(r).HostedZoneId)?.id === z.id);
      for (const r of mine) v.add(ev(r, 'ResourceRecords'));
      if (!v.need(mine.length > 0, `zone ${text(propsOf(z).Name)} has no CAA record`)) continue;
      for (const r of mine)
        for (const val of asArray(propsOf(r).ResourceRecords).map(String))
          v.need(CAA_OK.test(val), `CAA value ${val} lets another authority issue`);
    }
    if (!zones.length)
      v.add(
        configNote(
          'domains',
          'hostedZoneId',
          m.config.domains.map((d) => d.hostedZoneId ?? 'created'),
        ),
      );
    return v.done(
      'ACM certificates validated by DNS renew automatically; CAA records in every zone let only Amazon issue ' +
        'certificates.',
    );
  },
  page: [
    {
      section: 'website',
      text: (m) =>
        '**Certificates** are issued and renewed automatically by Amazon; DNS CAA records forbid any other ' +
        `authority from issuing one for ${domainsOf(m)}.`,
    },
  ],
  beyond: 'CAA records so that only Amazon can issue certificates for our domains.',
};
