// OPS-4: the monthly cost of a stage, estimated from its synthesized templates (never from what the code is believed
// to create) with the price table of prices.ts. Two figures per line: idle (the stage deployed, no traffic) and per
// million requests (what grows with traffic). Every resource type is priced, listed as free (free.ts) or listed as
// unpriced: a type nobody priced never counts as $0 silently.
import { getPath, num } from '../compliance/model/json';
import { CUSTOM_RESOURCE_REASON, FREE_TYPES, USAGE_ONLY_TYPES } from './free';
import {
  type CostAssumptions,
  type CostEstimate,
  type CostInput,
  type CostLine,
  type Ctx,
  DAYS_PER_MONTH,
  DEFAULT_ASSUMPTIONS,
  MILLION,
  pricedRegion,
  type TypeCount,
  unpriced,
} from './model';
import { classify, priceResource } from './pricers';
import { priceOf } from './prices';

export {
  type CostAssumptions,
  type CostEstimate,
  type CostInput,
  type CostLine,
  DEFAULT_ASSUMPTIONS,
  runsPerMonth,
} from './model';
export { PRICED_TYPES } from './pricers';

/** Request-driven costs that belong to no single resource: KMS requests and access logs kept in S3. */
function requestLines(ctx: Ctx): void {
  const region = ctx.primaryRegion;
  const pr = pricedRegion(ctx, region);
  const stack = ctx.m.stacks.find((s) => s.region === region)?.name ?? '';
  ctx.lines.push({
    driver: 'KMS requests',
    region,
    stacks: [stack],
    quantity: `${ctx.a.kmsRequestsPerRequest} requests per web request`,
    idle: 0,
    perMillion: ((ctx.a.kmsRequestsPerRequest * MILLION) / 10_000) * priceOf('kmsTenThousand', pr),
    prices: ['kmsTenThousand'],
    switches: [],
  });
  const retention = num(getPath(ctx.m.config, 'edge.accessLogRetentionDays')) ?? 365;
  const gb = (ctx.a.accessLogKbPerRequest * MILLION) / 1024 / 1024;
  ctx.lines.push({
    driver: 'Access logs in S3',
    region,
    stacks: [stack],
    quantity: `${gb.toFixed(2)} GB per million requests, kept ${retention} days`,
    idle: 0,
    perMillion: gb * (retention / DAYS_PER_MONTH) * priceOf('s3GbMonth', pr),
    prices: ['s3GbMonth'],
    switches: ['edge.accessLogRetentionDays'],
  });
}

/** Two quantities of merged lines: "1 metric(s) × $0.10" and "2 metric(s) × $0.10" become "3 metric(s) × $0.10". */
function mergeQuantity(x: string, y: string): string {
  const lead = /^(\d+(?:\.\d+)?) (.*)$/;
  const [mx, my] = [lead.exec(x), lead.exec(y)];
  if (mx && my && mx[2] === my[2] && !x.includes(';')) return `${Number(mx[1]) + Number(my[1])} ${mx[2]}`;
  return `${x}; ${y}`;
}

/** Lines of the same driver and region, summed (e.g. the 17 keys of a stage become one line per region). */
function merge(lines: readonly CostLine[]): CostLine[] {
  const out = new Map<string, CostLine & { n: number; same: boolean; first: string }>();
  for (const l of lines) {
    const key = `${l.driver}\0${l.region}`;
    const cur = out.get(key);
    if (!cur) {
      out.set(key, { ...l, n: 1, same: true, first: l.quantity });
      continue;
    }
    out.set(key, {
      ...cur,
      n: cur.n + 1,
      same: cur.same && cur.first === l.quantity,
      stacks: [...new Set([...cur.stacks, ...l.stacks])],
      idle: cur.idle + l.idle,
      perMillion: cur.perMillion + l.perMillion,
      quantity: mergeQuantity(cur.quantity, l.quantity),
      prices: [...new Set([...cur.prices, ...l.prices])],
      switches: [...new Set([...cur.switches, ...l.switches])],
    });
  }
  // Identical lines read "17 × $1.00"; different ones were summed or listed by mergeQuantity.
  return [...out.values()].map(({ n, same, first, ...l }) =>
    n > 1 && same ? { ...l, quantity: `${n} × ${first.replace(/^1 × /, '')}` } : l,
  );
}

/** The monthly cost estimate of a synthesized stage. */
export function estimateCost(m: CostInput, assumptions: Partial<CostAssumptions> = {}): CostEstimate {
  const a = { ...DEFAULT_ASSUMPTIONS, ...assumptions };
  const ctx: Ctx = {
    m,
    a,
    primaryRegion: m.config.primaryRegion,
    stageRegions: new Set(m.stacks.map((s) => s.region)),
    lines: [],
    unpriced: new Map(),
    approximated: new Set(),
  };
  const free = new Map<string, TypeCount>();
  const usage = new Map<string, TypeCount>();
  const bump = (map: Map<string, TypeCount>, type: string, reason: string) =>
    map.set(type, { type, reason, count: (map.get(type)?.count ?? 0) + 1 });
  for (const stack of m.stacks) {
    for (const [id, r] of Object.entries(stack.template.Resources ?? {})) {
      const kind = classify(r.Type);
      if (kind === 'priced') priceResource(ctx, { stack, id, r });
      else if (kind === 'free') bump(free, r.Type, FREE_TYPES[r.Type]);
      else if (kind === 'usage') bump(usage, r.Type, USAGE_ONLY_TYPES[r.Type].note);
      else if (kind === 'custom') bump(free, r.Type, CUSTOM_RESOURCE_REASON);
      else unpriced(ctx, r.Type, 'no price in lib/cost (add a pricer or list it as free)');
    }
  }
  requestLines(ctx);
  const lines = merge(ctx.lines).sort((x, y) => y.idle - x.idle || y.perMillion - x.perMillion);
  const sum = (f: (l: CostLine) => number) => lines.reduce((n, l) => n + f(l), 0);
  const byType = (xs: Iterable<TypeCount>) => [...xs].sort((x, y) => x.type.localeCompare(y.type));
  return {
    stage: m.config.name,
    exposure: m.config.exposure,
    lines,
    idle: sum((l) => l.idle),
    perMillion: sum((l) => l.perMillion),
    free: byType(free.values()),
    usageOnly: byType(usage.values()),
    unpriced: byType(ctx.unpriced.values()),
    approximatedRegions: [...ctx.approximated].sort(),
    assumptions: a,
  };
}

/** The value of a config field by its dotted path, for the switches table. */
export const configValue = (m: CostInput, path: string): unknown => getPath(m.config, path);
