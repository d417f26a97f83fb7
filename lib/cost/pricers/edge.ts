// OPS-4 pricers of the web edge: web ACLs, CloudFront and Lambda@Edge, Route 53 health checks.
import { asArray, field, getPath, num, str } from '../../compliance/model/json';
import { prop } from '../../compliance/model/query';
import { add, MILLION, obj, type Pricer, pricedRegion } from '../model';
import { type PriceId, priceOf } from '../prices';

export const managedGroup = (rule: unknown): string | undefined =>
  str(getPath(rule, 'Statement.ManagedRuleGroupStatement.Name'));

export const webAcl: Pricer = (ctx, x) => {
  const rules = asArray(prop(x, 'Rules'));
  const groups = rules.map(managedGroup);
  const atp = groups.includes('AWSManagedRulesATPRuleSet');
  const bot = groups.includes('AWSManagedRulesBotControlRuleSet');
  const edge = prop(x, 'Scope') === 'CLOUDFRONT';
  const pr = pricedRegion(ctx, x.stack.region);
  const p = (id: PriceId) => priceOf(id, pr);
  let idle = p('wafWebAclMonth') + rules.length * p('wafRuleMonth');
  let perMillion = p('wafRequestMillion');
  const prices: PriceId[] = ['wafWebAclMonth', 'wafRuleMonth', 'wafRequestMillion'];
  const parts = [`1 web ACL + ${rules.length} rules`];
  if (atp) {
    idle += p('wafAtpMonth');
    perMillion += ((ctx.a.loginShare * MILLION) / 1000) * p('wafAtpThousandLogins');
    prices.push('wafAtpMonth', 'wafAtpThousandLogins');
    parts.push(`ATP on ${ctx.a.loginShare * 100}% of requests`);
  }
  if (bot) {
    idle += p('wafBotControlMonth');
    perMillion += p('wafBotControlMillion');
    prices.push('wafBotControlMonth', 'wafBotControlMillion');
    parts.push('Bot Control');
  }
  add(ctx, x, {
    driver: edge ? 'WAF on CloudFront' : 'WAF on the load balancer',
    quantity: parts.join('; '),
    idle,
    perMillion,
    prices,
    switches: [...(edge ? ['exposure'] : []), ...(atp ? ['edge.loginPath'] : [])],
  });
};

export const distribution: Pricer = (ctx, x) => {
  // CloudFront prices by edge location, not by region: the table holds one figure for the US and Europe.
  const p = (id: PriceId) => priceOf(id, pricedRegion(ctx, x.stack.region));
  const gbOut = (ctx.a.responseKb * MILLION) / 1024 / 1024;
  add(ctx, x, {
    driver: 'CloudFront',
    quantity: `HTTPS requests, ${gbOut.toFixed(1)} GB out per million requests`,
    idle: 0,
    perMillion: 100 * p('cloudfrontHttpsTenThousand') + gbOut * p('cloudfrontOutGb'),
    prices: ['cloudfrontHttpsTenThousand', 'cloudfrontOutGb'],
    switches: ['exposure', 'edge.cachedPathPatterns'],
  });
  const behaviors = [
    getPath(x.r.Properties, 'DistributionConfig.DefaultCacheBehavior'),
    ...asArray(getPath(x.r.Properties, 'DistributionConfig.CacheBehaviors')),
  ];
  const edgeFns = behaviors.flatMap((b) => asArray(field(b, 'LambdaFunctionAssociations')));
  if (edgeFns.length) {
    // Every request runs at most one origin-response function (assumption: no request is served from the cache).
    const gbSeconds = ((MILLION * ctx.a.lambdaEdgeMs) / 1000) * (ctx.a.lambdaEdgeMb / 1024);
    add(ctx, x, {
      driver: 'Lambda@Edge (cookie hardening)',
      quantity: `1 invocation per request, ${ctx.a.lambdaEdgeMs} ms at ${ctx.a.lambdaEdgeMb} MB`,
      idle: 0,
      perMillion: p('lambdaEdgeMillion') + gbSeconds * p('lambdaEdgeGbSecond'),
      prices: ['lambdaEdgeMillion', 'lambdaEdgeGbSecond'],
      switches: ['exposure'],
    });
  }
};

export const healthCheck: Pricer = (ctx, x) => {
  const c = obj(prop(x, 'HealthCheckConfig'));
  const type = str(c.Type) ?? '';
  const named = [
    type.startsWith('HTTPS') && 'HTTPS',
    type.endsWith('STR_MATCH') && 'string match',
    num(c.RequestInterval) === 10 && 'fast interval',
    c.MeasureLatency === true && 'latency',
  ].filter((o): o is string => typeof o === 'string');
  const options = named.length;
  const pr = pricedRegion(ctx, x.stack.region);
  const option = priceOf('route53HealthCheckOption', pr);
  add(ctx, x, {
    driver: 'Route 53 health checks',
    quantity: `1 × (check + ${options} options: ${named.join(', ') || 'none'})`,
    idle: priceOf('route53HealthCheckMonth', pr) + options * option,
    perMillion: 0,
    prices: ['route53HealthCheckMonth', 'route53HealthCheckOption'],
    switches: ['domains', 'detection.statusPaths'],
  });
};
