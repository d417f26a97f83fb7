// OPS-4: what the cost estimate reads and returns (assumptions, lines, the estimate) and the helpers every pricer
// shares. A pricer (pricers/) turns one resource of a synthesized template into cost lines.
import { runsPerDay } from '../compliance/model/backup-plan';
import { isObject, num } from '../compliance/model/json';
import { prop, type Res, resolve, resources } from '../compliance/model/query';
import type { StageModel } from '../compliance/model/types';
import { isPricedRegion, type PricedRegion, type PriceId } from './prices';

/** What the estimate assumes where the templates say nothing (usage, sizes, event volumes). */
export interface CostAssumptions {
  readonly hoursPerMonth: number;
  /** Size of the database (storage, each backup, each copy). */
  readonly databaseGb: number;
  /** Share of the database that changes per day (the size of incremental snapshots). */
  readonly dailyChangeRate: number;
  /** Average response and request sizes of one web request. */
  readonly responseKb: number;
  readonly requestKb: number;
  /** Share of requests that are login attempts (inspected by WAF account takeover prevention). */
  readonly loginShare: number;
  /** Aurora capacity a request uses: ACU-seconds per request, and I/O operations per request. */
  readonly acuSecondsPerRequest: number;
  readonly ioPerRequest: number;
  /** KB of log per request in a CloudWatch Logs group, by what writes it (WAF: per web ACL). */
  readonly logKbPerRequest: Readonly<Record<LogKind, number>>;
  /** KB of access log per request kept in S3 (load balancer and CloudFront). */
  readonly accessLogKbPerRequest: number;
  /** Idle ingestion (GB a month) of a log group by what writes it. */
  readonly idleLogGb: Readonly<Record<LogKind, number>>;
  /** Compressed size of archived logs relative to ingested. */
  readonly logCompression: number;
  /** CloudTrail management events a month in a region the stage deploys to, and in any other region. */
  readonly managementEventsStageRegion: number;
  readonly managementEventsOtherRegion: number;
  /** S3 data events a month (GuardDuty S3 Protection) in a region with the stage's buckets. */
  readonly s3DataEvents: number;
  /** Security Hub checks a month per resource of the region, and AWS Config items recorded per resource. */
  readonly securityHubChecksPerResource: number;
  readonly configItemsPerResource: number;
  /** Backup Audit Manager evaluations per control and resource in scope, a month. */
  readonly auditEvaluationsPerControl: number;
  /** Content of each S3 bucket and of the image repository while idle. */
  readonly bucketGb: number;
  readonly imageGb: number;
  /** KMS requests per web request (log and data key use). */
  readonly kmsRequestsPerRequest: number;
  /** Lambda@Edge duration and memory per invocation; canary duration and memory per run. */
  readonly lambdaEdgeMs: number;
  readonly lambdaEdgeMb: number;
  readonly canaryRunSeconds: number;
  readonly canaryMb: number;
  /** Hours a restored cluster runs during one restore test. */
  readonly restoreTestHours: number;
}

export type LogKind = 'flow' | 'trail' | 'waf' | 'app' | 'database' | 'other';

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  hoursPerMonth: 730,
  databaseGb: 10,
  dailyChangeRate: 0.02,
  responseKb: 30,
  requestKb: 2,
  loginShare: 0.02,
  acuSecondsPerRequest: 0.02,
  ioPerRequest: 5,
  logKbPerRequest: { flow: 0.3, trail: 0, waf: 1.5, app: 0.5, database: 0.2, other: 0 },
  accessLogKbPerRequest: 0.5,
  idleLogGb: { flow: 2, trail: 1, waf: 0.05, app: 0.2, database: 0.2, other: 0.05 },
  logCompression: 0.15,
  managementEventsStageRegion: 100_000,
  managementEventsOtherRegion: 5_000,
  s3DataEvents: 100_000,
  securityHubChecksPerResource: 30,
  configItemsPerResource: 2,
  auditEvaluationsPerControl: 30,
  bucketGb: 1,
  imageGb: 0.5,
  kmsRequestsPerRequest: 0.01,
  lambdaEdgeMs: 5,
  lambdaEdgeMb: 128,
  canaryRunSeconds: 15,
  canaryMb: 1000,
  restoreTestHours: 2,
};

/** One cost driver in one region: what it is, how much, and the config switches that change it. */
export interface CostLine {
  readonly driver: string;
  readonly region: string;
  readonly stacks: readonly string[];
  /** How the figure is made, e.g. "3 × 730 h × $0.048". */
  readonly quantity: string;
  /** USD a month with the stage deployed and no traffic. */
  readonly idle: number;
  /** USD per million requests reaching the stage. */
  readonly perMillion: number;
  readonly prices: readonly PriceId[];
  /** Config fields that change this line (see SWITCHES). */
  readonly switches: readonly string[];
}

export interface TypeCount {
  readonly type: string;
  readonly count: number;
  readonly reason: string;
}

export interface CostEstimate {
  readonly stage: string;
  readonly exposure: string;
  /** Lines sorted by idle cost, then cost per million requests, largest first. */
  readonly lines: readonly CostLine[];
  readonly idle: number;
  readonly perMillion: number;
  readonly free: readonly TypeCount[];
  readonly usageOnly: readonly TypeCount[];
  /** Types (or details such as an instance class) the price table cannot price: never counted as $0. */
  readonly unpriced: readonly TypeCount[];
  /** Regions of the stage (or of a StackSet) outside the price table, priced at us-east-1 rates. */
  readonly approximatedRegions: readonly string[];
  readonly assumptions: CostAssumptions;
}

/** The stage as the estimate reads it: its config (for the switches' current values) and its templates. */
export type CostInput = Pick<StageModel, 'config' | 'stacks'>;

export const MILLION = 1_000_000;

export const DAYS_PER_MONTH = 30.42;

export interface Ctx {
  readonly m: CostInput;
  readonly a: CostAssumptions;
  readonly primaryRegion: string;
  readonly stageRegions: ReadonlySet<string>;
  readonly lines: CostLine[];
  readonly unpriced: Map<string, TypeCount>;
  readonly approximated: Set<string>;
}

/** The price table region used for `region`: itself when priced, otherwise us-east-1 (and recorded). */
export function pricedRegion(ctx: Ctx, region: string): PricedRegion {
  if (isPricedRegion(region)) return region;
  ctx.approximated.add(region);
  return 'us-east-1';
}

export const usd = (v: number) => `$${v < 0.01 && v > 0 ? v.toPrecision(2) : v.toFixed(v < 1 ? 4 : 2)}`;

export function add(ctx: Ctx, x: Res, line: Omit<CostLine, 'region' | 'stacks'> & { region?: string }): void {
  ctx.lines.push({ ...line, region: line.region ?? x.stack.region, stacks: [x.stack.name] });
}

export function unpriced(ctx: Ctx, type: string, reason: string): void {
  const key = `${type}\0${reason}`;
  const cur = ctx.unpriced.get(key);
  ctx.unpriced.set(key, { type, reason, count: (cur?.count ?? 0) + 1 });
}

export const model = (ctx: Ctx): StageModel => ({ config: ctx.m.config, stacks: ctx.m.stacks });

export type Pricer = (ctx: Ctx, x: Res) => void;

export const obj = (v: unknown): Record<string, unknown> => (isObject(v) ? (v as Record<string, unknown>) : {});

/** Runs a month of a `rate(...)` or `cron(...)` schedule (the schedule reader of the claims); undefined if unreadable. */
export function runsPerMonth(expression: string): number | undefined {
  const perDay = runsPerDay(expression);
  return perDay === undefined ? undefined : perDay * DAYS_PER_MONTH;
}

/** The Aurora cluster a DB instance belongs to (same stack). */
export function clusterOf(ctx: Ctx, x: Res): Res | undefined {
  return (
    resolve(model(ctx), x.stack, prop(x, 'DBClusterIdentifier')) ??
    resources([x.stack], 'AWS::RDS::DBCluster').find(() => true)
  );
}

export const minAcu = (cluster: Res | undefined): number =>
  num(cluster && prop(cluster, 'ServerlessV2ScalingConfiguration.MinCapacity')) ?? 0.5;

/** Aurora ACU-hours (at minimum capacity) and Fargate vCPU-hours the stage runs in `region`. */
export function computeIn(ctx: Ctx, region: string): { acuHours: number; vcpuHours: number } {
  const stacks = ctx.m.stacks.filter((s) => s.region === region);
  let acuHours = 0;
  for (const i of resources(stacks, 'AWS::RDS::DBInstance'))
    acuHours += minAcu(clusterOf(ctx, i)) * ctx.a.hoursPerMonth;
  let vcpuHours = 0;
  for (const s of resources(stacks, 'AWS::ECS::Service')) {
    const task = resolve(model(ctx), s.stack, prop(s, 'TaskDefinition'));
    vcpuHours +=
      ((num(prop(s, 'DesiredCount')) ?? 1) * (Number(task ? prop(task, 'Cpu') : 0) || 0) * ctx.a.hoursPerMonth) / 1024;
  }
  return { acuHours, vcpuHours };
}

/** Resources of the stage in `region` (what Security Hub checks and AWS Config records there). */
export const resourcesIn = (ctx: Ctx, region: string): number =>
  ctx.m.stacks
    .filter((s) => s.region === region)
    .reduce((n, s) => n + Object.keys(s.template.Resources ?? {}).length, 0);
