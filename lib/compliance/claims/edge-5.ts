import { albs, internalStage, NO_CF } from '../model/edge';
import { asArray, field } from '../model/json';
import { ev, prop, propsOf, type Res, resolve, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { notApplicable, Verdict } from '../model/verdict';
import type { Claim } from './claim';
import { edge1 } from './edge-1';
import { edge2 } from './edge-2';
import { edge3 } from './edge-3';
import { edge4 } from './edge-4';

const ID = 'EDGE-5';

/** An internal load balancer is the target of a CloudFront VPC origin. */
function checkInternal(m: StageModel, v: Verdict, lb: Res): void {
  const origins = resources(m, 'AWS::CloudFront::VpcOrigin').filter(
    (o) => resolve(m, o.stack, prop(o, 'VpcOriginEndpointConfig.Arn'))?.id === lb.id,
  );
  for (const o of origins) v.add(ev(o, 'VpcOriginEndpointConfig.Arn', text(prop(o, 'VpcOriginEndpointConfig.Arn'))));
  v.need(origins.length > 0, `internal load balancer ${lb.id} is not the target of a CloudFront VPC origin`);
}

/** An internet-facing load balancer admits only the origin-facing prefix list and checks a secret header. */
function checkInternetFacing(m: StageModel, v: Verdict, lb: Res): void {
  const groups = asArray(propsOf(lb).SecurityGroups)
    .map((g) => resolve(m, lb.stack, g))
    .filter((g): g is Res => !!g);
  const ingress = groups.flatMap((g) => [
    ...asArray(propsOf(g).SecurityGroupIngress),
    ...resources(m, 'AWS::EC2::SecurityGroupIngress')
      .filter((i) => resolve(m, i.stack, propsOf(i).GroupId)?.id === g.id)
      .map(propsOf),
  ]);
  v.need(
    ingress.length > 0 && ingress.every((i) => field(i, 'SourcePrefixListId') !== undefined),
    `internet-facing load balancer ${lb.id} admits more than the CloudFront origin-facing prefix list`,
  );
  v.need(
    resources(m, 'AWS::ElasticLoadBalancingV2::ListenerRule').some((r) =>
      asArray(propsOf(r).Conditions).some((c) => field(c, 'Field') === 'http-header'),
    ),
    `internet-facing load balancer ${lb.id} checks no secret origin header`,
  );
}

export const edge5: Claim = {
  id: ID,
  promise: '"A+" on SSL Labs',
  declared:
    'follows from EDGE-1..4 with HSTS; the load balancer is not reachable around CloudFront (origin-facing ' +
    'prefix list plus a secret header, or CloudFront VPC origins)',
  check: (m) => {
    if (internalStage(m)) return notApplicable(ID, `${NO_CF}; the load balancer is internal (ORG-2)`);
    const v = new Verdict(ID);
    for (const p of [edge1, edge2, edge3, edge4].map((c) => c.check(m)))
      v.need(p.status === 'kept', `${p.id} is ${p.status}`);
    for (const lb of albs(m)) {
      v.add(ev(lb, 'Scheme', propsOf(lb).Scheme ?? 'internet-facing (default)'));
      if (propsOf(lb).Scheme === 'internal') checkInternal(m, v, lb);
      else checkInternetFacing(m, v, lb);
    }
    return v.done(
      'With HSTS and TLS 1.2+ only (EDGE-1..4), and the load balancer internal, reachable only through a ' +
        'CloudFront VPC origin.',
    );
  },
};
