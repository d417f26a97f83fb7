import { albs, behaviors, cloudFront, httpsListeners, listeners, originsOf } from '../model/edge';
import { asArray, field, getPath, type JsonObject, obj } from '../model/json';
import { ev, prop, propsOf, type Res, resolve, resources } from '../model/query';
import type { ClaimResult, StageModel } from '../model/types';
import { Verdict, worst } from '../model/verdict';
import { appHops } from '../render/diagram';
import type { Claim } from './claim';

const ID = 'EDGE-1';

/** Every behavior redirects HTTP to HTTPS; every origin is reached over HTTPS only. */
function checkDistribution(m: StageModel, v: Verdict, d: Res): void {
  for (const { name, b } of behaviors(d)) {
    v.add(ev(d, `DistributionConfig.${name}.ViewerProtocolPolicy`, b.ViewerProtocolPolicy));
    v.need(
      ['redirect-to-https', 'https-only'].includes(String(b.ViewerProtocolPolicy)),
      `${name} of ${d.id} allows HTTP`,
    );
  }
  for (const o of originsOf(d)) {
    const vo = o.VpcOriginConfig ? resolve(m, d.stack, field(o.VpcOriginConfig, 'VpcOriginId')) : undefined;
    const policy =
      getPath(o, 'CustomOriginConfig.OriginProtocolPolicy') ??
      (vo ? prop(vo, 'VpcOriginEndpointConfig.OriginProtocolPolicy') : undefined);
    v.add(
      vo
        ? ev(vo, 'VpcOriginEndpointConfig.OriginProtocolPolicy')
        : ev(d, `Origin ${String(o.Id)} OriginProtocolPolicy`, policy ?? (o.S3OriginConfig ? 's3 (https)' : undefined)),
    );
    v.need(
      policy === 'https-only' || (!!o.S3OriginConfig && !o.CustomOriginConfig),
      `origin ${String(o.Id)} of ${d.id} is not reached over HTTPS only`,
    );
  }
}

/** A listener action that only redirects to HTTPS with a 301. */
const redirectsToHttps = (a: JsonObject): boolean =>
  a.Type === 'redirect' &&
  getPath(a, 'RedirectConfig.Protocol') === 'HTTPS' &&
  getPath(a, 'RedirectConfig.StatusCode') === 'HTTP_301';

/** The load balancer serves HTTPS; its HTTP listener only redirects. */
function albPart(m: StageModel): ClaimResult {
  const v = new Verdict(ID);
  v.need(albs(m).length > 0, 'no application load balancer');
  v.need(httpsListeners(m).length > 0, 'no HTTPS listener');
  for (const l of listeners(m).filter((x) => propsOf(x).Protocol === 'HTTP')) {
    const actions = asArray(propsOf(l).DefaultActions).map(obj);
    const shown = actions.map((a) => ({
      type: field(a, 'Type'),
      protocol: getPath(a, 'RedirectConfig.Protocol'),
      status: getPath(a, 'RedirectConfig.StatusCode'),
    }));
    v.add(ev(l, 'DefaultActions', shown));
    v.need(
      actions.length > 0 && actions.every(redirectsToHttps),
      `HTTP listener ${l.id} does not only redirect (301) to HTTPS`,
    );
    v.need(
      !resources(m, 'AWS::ElasticLoadBalancingV2::ListenerRule').some(
        (r) => resolve(m, r.stack, propsOf(r).ListenerArn)?.id === l.id,
      ),
      `HTTP listener ${l.id} has rules that may serve content`,
    );
  }
  return v.done('ALB');
}

/**
 * The EDGE-1 sentence: what is encrypted where, from the templates. HTTPS stops at the load balancer when a target
 * group speaks plain HTTP to the application: the page then says so rather than "end to end".
 */
function httpsSentence(m: StageModel): string {
  const head =
    '**HTTPS only, TLS 1.2 and 1.3 only.** The page said TLS 1.0-1.2; we go further: TLS 1.0 and 1.1 are ' +
    'refused, only forward-secret AEAD cipher suites are accepted, and HTTP is redirected to HTTPS.';
  const cdn = cloudFrontExposed(m)
    ? ' Our load balancer is not reachable from the internet except through our CDN (Amazon CloudFront).'
    : '';
  const hops = appHops(m);
  const plain = hops.filter((h) => h.protocol !== 'HTTPS');
  if (!hops.length) return head + cdn;
  if (!plain.length) return `${head}${cdn} Traffic stays encrypted (HTTPS) up to the application itself.`;
  const ports = [...new Set(plain.map((h) => h.port).filter(Boolean))];
  const port = ports.length ? ` (${ports.join(', ')})` : '';
  return (
    `${head}${cdn} Traffic is encrypted (HTTPS) up to our load balancer inside our private network; from there to ` +
    `the application it is plain HTTP on the application's private port${port}, inside that network.`
  );
}

/** Public stages put CloudFront in front of the load balancer (EDGE-5 proves it is the only way in). */
function cloudFrontExposed(m: StageModel): boolean {
  return resources(m, 'AWS::CloudFront::Distribution').length > 0;
}

export const edge1: Claim = {
  id: ID,
  promise: 'all requests over HTTPS',
  declared:
    'CloudFront redirects HTTP to HTTPS on every behavior; ALB HTTP listener only redirects (301) to HTTPS; ' +
    'CloudFront reaches the origin over HTTPS only',
  check: (m) =>
    worst(
      ID,
      [cloudFront(m, ID, (v, d) => checkDistribution(m, v, d), 'CloudFront'), albPart(m)],
      'Every CloudFront behavior redirects HTTP to HTTPS and reaches the origin over HTTPS only; the load ' +
        'balancer serves HTTPS and its port 80 only redirects with a 301. ' +
        `Load balancer to application: ${
          appHops(m)
            .map((h) => `${h.protocol} port ${h.port}`)
            .join(', ') || 'none'
        }` +
        ' (inside the VPC).',
    ),
  page: [
    {
      section: 'website',
      status: [ID, 'EDGE-2', 'EDGE-5'],
      text: httpsSentence,
    },
  ],
};
