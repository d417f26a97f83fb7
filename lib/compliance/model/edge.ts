// The public entry read from the templates: CloudFront distributions and their behaviors, the load
// balancer and its listeners, web ACLs and alarms, for the EDGE, DET and MAIL claims.
import { asArray, field, getPath, isObject, type JsonObject, obj } from './json';
import { prop, propsOf, type Res, resolve, resources, sameRes, text } from './query';
import type { ClaimResult, StageModel } from './types';
import { notApplicable, Verdict } from './verdict';

export const distributions = (m: StageModel): Res[] => resources(m, 'AWS::CloudFront::Distribution');

/** Application load balancers (network load balancers are not an HTTP entry). */
export const albs = (m: StageModel): Res[] =>
  resources(m, 'AWS::ElasticLoadBalancingV2::LoadBalancer').filter(
    (l) => (propsOf(l).Type ?? 'application') === 'application',
  );

export const listeners = (m: StageModel): Res[] => resources(m, 'AWS::ElasticLoadBalancingV2::Listener');

export const httpsListeners = (m: StageModel): Res[] => listeners(m).filter((l) => propsOf(l).Protocol === 'HTTPS');

/** Every cache behavior of a distribution, named as in the template. */
export function behaviors(d: Res): Array<{ name: string; b: JsonObject }> {
  const cfg = obj(propsOf(d).DistributionConfig);
  return [
    { name: 'DefaultCacheBehavior', b: obj(cfg.DefaultCacheBehavior) },
    ...asArray(cfg.CacheBehaviors).map((b, i) => ({
      name: `CacheBehaviors.${i}(${String(field(b, 'PathPattern'))})`,
      b: obj(b),
    })),
  ];
}

/** The response triggers CloudFront offers, as `EventType` names them in a distribution's associations. */
export type ResponseTrigger = 'origin-response' | 'viewer-response';

/**
 * Whether a response the origin answered with `status` reaches the viewer through a function on `trigger`
 * (CloudFront developer guide, "CloudFront events that can trigger a Lambda@Edge function"; CloudFront Functions
 * on viewer response follow the same rule). Origin response runs on every origin response, errors included,
 * before caching, and a cached response keeps the headers it set; viewer response runs on cache hits and misses
 * but not when the origin returned 400 or more.
 */
export function responseTriggerCovers(trigger: string, status: number): boolean {
  if (trigger === 'origin-response') return true;
  if (trigger === 'viewer-response') return status < 400;
  return false;
}

/** The origins of a distribution. */
export const originsOf = (d: Res): JsonObject[] => asArray(prop(d, 'DistributionConfig.Origins')).map(obj);

/** The aliases of a distribution, as text. */
export const aliasesOf = (d: Res): string[] => asArray(prop(d, 'DistributionConfig.Aliases')).map(text);

export const internalStage = (m: StageModel): boolean => m.config.exposure !== 'public';

export const NO_CF = 'internal stage: no CloudFront distribution by design (ORG-2)';

/** CloudFront part of a claim: not applicable on internal stages, required on public ones. */
export function cloudFront(
  m: StageModel,
  id: string,
  check: (v: Verdict, d: Res) => void,
  keptWhy: string,
): ClaimResult {
  if (internalStage(m)) return notApplicable(id, NO_CF);
  const v = new Verdict(id);
  const ds = distributions(m);
  v.need(ds.length > 0, 'no CloudFront distribution in the public stage');
  for (const d of ds) check(v, d);
  return v.done(keptWhy);
}

/** The managed rule groups of a web ACL: their name, rule and whether they only count. */
export function managedGroups(acl: Res): Array<{ name: string; rule: JsonObject; counting: boolean }> {
  return asArray(propsOf(acl).Rules).flatMap((r) => {
    const rule = obj(r);
    const stmt = getPath(rule, 'Statement.ManagedRuleGroupStatement');
    if (!isObject(stmt)) return [];
    return [{ name: String(stmt.Name), rule, counting: getPath(rule, 'OverrideAction.Count') !== undefined }];
  });
}

/** A rate-based rule of a web ACL with its limit, aggregation key and scope-down text. */
export interface RateRule {
  readonly rule: JsonObject;
  readonly limit: unknown;
  readonly key: unknown;
  readonly scope: string;
}

/** The rate-based rules of a web ACL. */
export function rateRules(acl: Res): RateRule[] {
  return asArray(propsOf(acl).Rules).flatMap((r) => {
    const rate = getPath(r, 'Statement.RateBasedStatement');
    if (!isObject(rate)) return [];
    return [
      {
        rule: obj(r),
        limit: rate.Limit,
        key: rate.AggregateKeyType,
        scope: JSON.stringify(rate.ScopeDownStatement ?? {}),
      },
    ];
  });
}

/** A metric an alarm watches (plain alarms and the MetricStat parts of metric-math alarms). */
export interface AlarmMetric {
  readonly alarm: Res;
  readonly namespace: string;
  readonly name: string;
  readonly dims: Readonly<Record<string, string>>;
}

const dimensions = (ds: unknown): Record<string, string> =>
  Object.fromEntries(asArray(ds).map((d) => [String(field(d, 'Name')), text(field(d, 'Value'))]));

/** Every metric of every alarm of the stage. */
export function alarmMetrics(m: StageModel): AlarmMetric[] {
  return resources(m, 'AWS::CloudWatch::Alarm').flatMap((alarm) => {
    const p = propsOf(alarm);
    const plain = p.MetricName
      ? [{ alarm, namespace: String(p.Namespace), name: String(p.MetricName), dims: dimensions(p.Dimensions) }]
      : [];
    const math = asArray(p.Metrics)
      .map((x) => getPath(x, 'MetricStat.Metric'))
      .filter((metric) => metric !== undefined)
      .map((metric) => ({
        alarm,
        namespace: String(field(metric, 'Namespace')),
        name: String(field(metric, 'MetricName')),
        dims: dimensions(field(metric, 'Dimensions')),
      }));
    return [...plain, ...math];
  });
}

/**
 * The web ACLs on a load balancer that a CloudFront VPC origin targets: they see CloudFront's private addresses, never
 * the clients' (EDGE-8, EDGE-10).
 */
export function aclsBehindVpcOrigin(m: StageModel): Res[] {
  const targets = resources(m, 'AWS::CloudFront::VpcOrigin')
    .map((o) => resolve(m, o.stack, prop(o, 'VpcOriginEndpointConfig.Arn')))
    .filter((lb): lb is Res => !!lb);
  return resources(m, 'AWS::WAFv2::WebACLAssociation')
    .filter((a) => targets.some((lb) => sameRes(lb, resolve(m, a.stack, propsOf(a).ResourceArn))))
    .map((a) => resolve(m, a.stack, propsOf(a).WebACLArn))
    .filter((acl): acl is Res => !!acl);
}
