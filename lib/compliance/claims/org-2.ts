import { OPEN } from '../model/database';
import { albs, distributions, internalStage } from '../model/edge';
import { asArray, obj } from '../model/json';
import { configNote, ev, propsOf, type Res, resolve, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { notApplicable, Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'ORG-2';

/** DNS records in public zones that would point at an entry (A, AAAA, CNAME other than DKIM). */
function publicEntries(m: StageModel): Res[] {
  const privateZone = (r: Res) => {
    const zone = resolve(m, r.stack, propsOf(r).HostedZoneId);
    return !!zone && !!propsOf(zone).VPCs;
  };
  return resources(m, 'AWS::Route53::RecordSet').filter(
    (r) =>
      !privateZone(r) &&
      (['A', 'AAAA'].includes(String(propsOf(r).Type)) ||
        (propsOf(r).Type === 'CNAME' && !/_domainkey|DkimDNSToken/.test(JSON.stringify(propsOf(r))))),
  );
}

/** No other way in: APIs, function URLs, Elastic IPs (other than the NAT gateways'), open security groups. */
function checkOtherEntries(m: StageModel, v: Verdict): void {
  const natEips = new Set(
    resources(m, 'AWS::EC2::NatGateway').map((n) => resolve(m, n.stack, propsOf(n).AllocationId)?.id),
  );
  const others = resources(m, [
    'AWS::EC2::EIP',
    'AWS::ApiGateway::RestApi',
    'AWS::ApiGatewayV2::Api',
    'AWS::Lambda::Url',
  ]);
  v.need(
    others.filter((x) => x.r.Type !== 'AWS::EC2::EIP' || !natEips.has(x.id)).length === 0,
    'another public entry (API, function URL, Elastic IP) exists',
  );
  for (const g of resources(m, 'AWS::EC2::SecurityGroup')) {
    for (const i of asArray(propsOf(g).SecurityGroupIngress))
      v.need(!OPEN.includes(obj(i).CidrIp ?? obj(i).CidrIpv6), `security group ${g.id} admits the internet`);
  }
  for (const i of resources(m, 'AWS::EC2::SecurityGroupIngress'))
    v.need(!OPEN.includes(propsOf(i).CidrIp ?? propsOf(i).CidrIpv6), `ingress ${i.id} admits the internet`);
}

export const org2: Claim = {
  id: ID,
  promise: 'development and test on an internal network, not reachable from outside',
  declared: 'non-production stages deploy no public entry (internal load balancer, no CloudFront, no public DNS)',
  check: (m) => {
    const v = new Verdict(ID);
    const lbs = albs(m);
    for (const l of lbs) v.add(ev(l, 'Scheme', propsOf(l).Scheme ?? 'internet-facing (default)'));
    v.add(configNote('exposure', 'exposure', m.config.exposure));
    if (!internalStage(m)) {
      for (const l of lbs)
        v.need(
          propsOf(l).Scheme === 'internal',
          `load balancer ${l.id} is internet-facing; the public entry is CloudFront only`,
        );
      const r = v.done('Production: the only public entry is CloudFront; the load balancer is internal.');
      if (r.status !== 'kept') return r;
      return notApplicable(
        ID,
        'public (production) stage: the claim is about development and test stages; here too the load balancer ' +
          'is internal and CloudFront is the only public entry',
        r.evidence,
      );
    }
    const ds = distributions(m);
    v.need(ds.length === 0, `${ds.length} CloudFront distribution(s) in an internal stage`);
    for (const l of lbs) v.need(propsOf(l).Scheme === 'internal', `load balancer ${l.id} is internet-facing`);
    const entries = publicEntries(m);
    v.need(
      entries.length === 0,
      `public DNS entries in an internal stage: ${entries.map((e) => text(propsOf(e).Name)).join(', ')}`,
    );
    checkOtherEntries(m, v);
    return v.done(
      'No CloudFront, no public DNS entry, no internet-facing load balancer, no security group open to the ' +
        'internet: the stage is reachable from the VPC only.',
    );
  },
  page: [
    {
      section: 'organisation',
      text: () => 'Development and test systems run on an internal network with no public entry at all.',
    },
  ],
};
