import { cloudFront, httpsListeners, originsOf } from '../model/edge';
import { field, getPath } from '../model/json';
import { ev, prop, propsOf, type Res, resolve } from '../model/query';
import type { ClaimResult, StageModel } from '../model/types';
import { Verdict, worst } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'EDGE-2';
const CF_TLS: readonly unknown[] = ['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'];
const ALB_TLS = /^ELBSecurityPolicy-TLS13-1-(2-Res|3)(-FIPS)?(-PQ)?-20\d\d-\d\d$/;

/** Viewers: TLSv1.2_2021 or newer with SNI; origins: TLS 1.2 only. */
function checkDistribution(m: StageModel, v: Verdict, d: Res): void {
  const vc = prop(d, 'DistributionConfig.ViewerCertificate');
  const minimum = field(vc, 'MinimumProtocolVersion');
  v.add(
    ev(d, 'DistributionConfig.ViewerCertificate.MinimumProtocolVersion'),
    ev(d, 'DistributionConfig.ViewerCertificate.SslSupportMethod'),
  );
  v.need(CF_TLS.includes(minimum), `${d.id}: minimum viewer protocol ${String(minimum)} is below TLSv1.2_2021`);
  v.need(field(vc, 'SslSupportMethod') === 'sni-only', `${d.id}: not sni-only`);
  for (const o of originsOf(d)) {
    const vo = o.VpcOriginConfig ? resolve(m, d.stack, field(o.VpcOriginConfig, 'VpcOriginId')) : undefined;
    const protos =
      getPath(o, 'CustomOriginConfig.OriginSSLProtocols') ??
      (vo ? prop(vo, 'VpcOriginEndpointConfig.OriginSSLProtocols') : undefined);
    v.add(
      vo
        ? ev(vo, 'VpcOriginEndpointConfig.OriginSSLProtocols')
        : ev(d, `Origin ${String(o.Id)} OriginSSLProtocols`, protos),
    );
    if (!o.S3OriginConfig)
      v.need(
        JSON.stringify(protos) === JSON.stringify(['TLSv1.2']),
        `origin ${String(o.Id)}: origin TLS is ` +
          `${JSON.stringify(protos ?? '(default: TLSv1, TLSv1.1, TLSv1.2)')}, not TLS 1.2 only`,
      );
  }
}

/** The load balancer's HTTPS listeners use a TLS 1.2+ policy with AEAD suites only. */
function albPart(m: StageModel): ClaimResult {
  const v = new Verdict(ID);
  const https = httpsListeners(m);
  v.need(https.length > 0, 'no HTTPS listener');
  for (const l of https) {
    const policy = propsOf(l).SslPolicy;
    v.add(ev(l, 'SslPolicy'));
    v.need(
      ALB_TLS.test(String(policy)),
      `listener ${l.id}: SslPolicy ${String(policy ?? '(CloudFormation default, allows TLS 1.0)')} is not TLS ` +
        '1.2+ with AEAD suites only',
    );
  }
  return v.done('ALB');
}

export const edge2: Claim = {
  id: ID,
  promise: 'SSL 2/3 prohibited (TLS 1.0-1.2 allowed)',
  declared:
    'Beyond: TLS 1.2+ only, forward-secret AEAD suites only: CloudFront `TLSv1.2_2021` or newer, ALB ' +
    '`ELBSecurityPolicy-TLS13-1-2-Res-2021-06` or newer, origin TLS 1.2 only',
  check: (m) =>
    worst(
      ID,
      [cloudFront(m, ID, (v, d) => checkDistribution(m, v, d), 'CloudFront'), albPart(m)],
      'TLS 1.2 and 1.3 only, with forward-secret AEAD suites: CloudFront TLSv1.2_2021 or newer, the load ' +
        'balancer a TLS13-1-2-Res policy or stricter, the origin TLS 1.2 only.',
    ),
  beyond: 'TLS 1.2+ only with forward-secret AEAD suites (the page allowed TLS 1.0 and 1.1).',
};
