// OPS-4 pricers of detection and monitoring: alarms, logs, canary, CloudTrail, GuardDuty, Security Hub, Config.
import { asArray, field, getPath, num, str } from '../../compliance/model/json';
import { prop, type Res, resolve, resources } from '../../compliance/model/query';
import {
  add,
  type Ctx,
  computeIn,
  DAYS_PER_MONTH,
  type LogKind,
  MILLION,
  model,
  type Pricer,
  pricedRegion,
  resourcesIn,
  runsPerMonth,
  unpriced,
  usd,
} from '../model';
import { type PriceId, priceOf } from '../prices';

export const alarm: Pricer = (ctx, x) => {
  const metrics = asArray(prop(x, 'Metrics')).filter((q) => field(q, 'MetricStat') !== undefined).length || 1;
  const p = priceOf('alarmMonth', pricedRegion(ctx, x.stack.region));
  add(ctx, x, {
    driver: 'CloudWatch alarms',
    quantity: `${metrics} alarm metric(s) × ${usd(p)}`,
    idle: metrics * p,
    perMillion: 0,
    prices: ['alarmMonth'],
    switches: [],
  });
};

/** What writes a log group: read from the resources that name it. */
export function logKind(ctx: Ctx, x: Res): LogKind {
  const m = model(ctx);
  const points = (type: string, path: string) =>
    resources([x.stack], type).some((r) => asArray(prop(r, path)).some((v) => resolve(m, r.stack, v)?.id === x.id));
  if (points('AWS::EC2::FlowLog', 'LogGroupName')) return 'flow';
  if (points('AWS::CloudTrail::Trail', 'CloudWatchLogsLogGroupArn')) return 'trail';
  const name = str(prop(x, 'LogGroupName')) ?? '';
  if (name.startsWith('aws-waf-logs-')) return 'waf';
  if (name.startsWith('/aws/rds/')) return 'database';
  const tasks = resources([x.stack], 'AWS::ECS::TaskDefinition');
  if (
    tasks.some((t) =>
      asArray(prop(t, 'ContainerDefinitions')).some(
        (c) => resolve(m, t.stack, getPath(c, 'LogConfiguration.Options.awslogs-group'))?.id === x.id,
      ),
    )
  )
    return 'app';
  return 'other';
}

export const LOG_DRIVER: Readonly<Record<LogKind, string>> = {
  flow: 'VPC flow logs (CloudWatch Logs)',
  trail: 'CloudTrail to CloudWatch Logs',
  waf: 'WAF logs (CloudWatch Logs)',
  app: 'Application logs',
  database: 'PostgreSQL and audit logs',
  other: 'Other log groups',
};

export const LOG_SWITCHES: Readonly<Record<LogKind, readonly string[]>> = {
  flow: ['flowLogRetentionDays'],
  trail: ['detection.trailLogGroupRetentionDays'],
  waf: ['edge.wafLogRetentionDays'],
  app: ['app.logRetentionDays'],
  database: ['database.logRetentionDays', 'database.auditClasses'],
  other: [],
};

export const logGroup: Pricer = (ctx, x) => {
  const kind = logKind(ctx, x);
  const region = pricedRegion(ctx, x.stack.region);
  const ingest = priceOf('logsIngestGb', region);
  const store = priceOf('logsStoreGbMonth', region);
  // Archived logs at steady state: every month of retention holds one month of (compressed) ingestion.
  const months = Math.min(num(prop(x, 'RetentionInDays')) ?? 3650, 3650) / DAYS_PER_MONTH;
  const perGb = ingest + months * ctx.a.logCompression * store;
  const kb = ctx.a.logKbPerRequest[kind];
  const idleGb = ctx.a.idleLogGb[kind];
  const gbPerMillion = (kb * MILLION) / 1024 / 1024;
  add(ctx, x, {
    driver: LOG_DRIVER[kind],
    quantity: `${idleGb} GB idle + ${gbPerMillion.toFixed(2)} GB per million requests; ${Math.round(months)} months kept`,
    idle: idleGb * perGb,
    perMillion: gbPerMillion * perGb,
    prices: ['logsIngestGb', 'logsStoreGbMonth'],
    switches: LOG_SWITCHES[kind],
  });
};

export const canary: Pricer = (ctx, x) => {
  const runs = runsPerMonth(str(prop(x, 'Schedule.Expression')) ?? '');
  if (runs === undefined) {
    unpriced(ctx, x.r.Type, 'schedule not readable');
    return;
  }
  const mb = num(prop(x, 'RunConfig.MemoryInMB')) ?? ctx.a.canaryMb;
  const gbSeconds = runs * ctx.a.canaryRunSeconds * (mb / 1024);
  const pr = pricedRegion(ctx, x.stack.region);
  add(ctx, x, {
    driver: 'Synthetics canary',
    quantity: `${Math.round(runs)} runs × ${usd(priceOf('canaryRun', pr))} + ${Math.round(gbSeconds)} Lambda GB-s`,
    idle: runs * priceOf('canaryRun', pr) + gbSeconds * priceOf('lambdaGbSecond', pr),
    perMillion: 0,
    prices: ['canaryRun', 'lambdaGbSecond'],
    switches: ['detection.canaryIntervalMinutes'],
  });
};

export const metricFilter: Pricer = (ctx, x) => {
  const metrics = asArray(prop(x, 'MetricTransformations')).length || 1;
  const p = priceOf('metricMonth', pricedRegion(ctx, x.stack.region));
  add(ctx, x, {
    driver: 'Custom metrics (log metric filters)',
    quantity: `${metrics} metric(s) × ${usd(p)}`,
    idle: metrics * p,
    perMillion: 0,
    prices: ['metricMonth'],
    switches: [],
  });
};

export const trail: Pricer = (ctx, x) => {
  const data =
    asArray(prop(x, 'EventSelectors')).some((s) => asArray(field(s, 'DataResources')).length > 0) ||
    asArray(prop(x, 'AdvancedEventSelectors')).length > 0;
  add(ctx, x, {
    driver: 'CloudTrail',
    quantity: data
      ? 'management events: the first trail is free; data events per 100,000'
      : 'management events only: the first trail of an account is free',
    idle: data
      ? (ctx.a.s3DataEvents / 100_000) *
        priceOf('cloudTrailDataEventsHundredThousand', pricedRegion(ctx, x.stack.region))
      : 0,
    perMillion: 0,
    prices: data
      ? ['cloudTrailMgmtCopyHundredThousand', 'cloudTrailDataEventsHundredThousand']
      : ['cloudTrailMgmtCopyHundredThousand'],
    switches: [],
  });
};

export const features = (x: Res): Set<string> =>
  new Set(
    asArray(prop(x, 'Features'))
      .filter((f) => field(f, 'Status') === 'ENABLED')
      .map((f) => str(field(f, 'Name')) ?? ''),
  );

export function guardDutyIn(ctx: Ctx, x: Res, region: string, viaStackSet: boolean): void {
  const pr = pricedRegion(ctx, region);
  const stageRegion = ctx.stageRegions.has(region);
  const events = stageRegion ? ctx.a.managementEventsStageRegion : ctx.a.managementEventsOtherRegion;
  const f = features(x);
  let idle = (events / MILLION) * priceOf('guardDutyMgmtEventsMillion', pr);
  const parts = [`${events.toLocaleString('en-US')} management events`];
  const prices: PriceId[] = ['guardDutyMgmtEventsMillion'];
  let perMillion = 0;
  if (region === ctx.primaryRegion) {
    idle += ctx.a.idleLogGb.flow * priceOf('guardDutyFlowDnsGb', pr);
    perMillion = ((ctx.a.logKbPerRequest.flow * MILLION) / 1024 / 1024) * priceOf('guardDutyFlowDnsGb', pr);
    parts.push(`${ctx.a.idleLogGb.flow} GB flow/DNS logs`);
    prices.push('guardDutyFlowDnsGb');
  }
  const { acuHours, vcpuHours } = computeIn(ctx, region);
  if (f.has('RDS_LOGIN_EVENTS') && acuHours) {
    idle += acuHours * priceOf('guardDutyRdsAcuHour', pr);
    parts.push(`${acuHours} ACU-h (RDS Protection)`);
    prices.push('guardDutyRdsAcuHour');
  }
  if ((f.has('RUNTIME_MONITORING') || f.has('ECS_RUNTIME_MONITORING')) && vcpuHours) {
    idle += vcpuHours * priceOf('guardDutyRuntimeVcpuHour', pr);
    parts.push(`${vcpuHours} vCPU-h (Runtime Monitoring)`);
    prices.push('guardDutyRuntimeVcpuHour');
  }
  if (f.has('S3_DATA_EVENTS') && stageRegion) {
    idle += (ctx.a.s3DataEvents / MILLION) * priceOf('guardDutyS3EventsMillion', pr);
    parts.push(`${ctx.a.s3DataEvents.toLocaleString('en-US')} S3 data events`);
    prices.push('guardDutyS3EventsMillion');
  }
  // The StackSet's regions outside the stage make one line: "14 × region: 5,000 management events".
  const grouped = viaStackSet && !stageRegion;
  ctx.lines.push({
    driver: viaStackSet ? 'GuardDuty (StackSet)' : 'GuardDuty',
    region: grouped ? 'other regions' : region,
    stacks: [x.stack.name.split('/')[0]],
    quantity: grouped ? `1 × region with ${parts.join(' + ')}` : parts.join(' + '),
    idle,
    perMillion,
    prices,
    switches: viaStackSet
      ? ['detection.guardDutyRegions', 'detection.guardDutyExistingRegions']
      : ['guardDuty', 'detection.guardDutyExistingRegions'],
  });
}

export const detector: Pricer = (ctx, x) => guardDutyIn(ctx, x, x.stack.region, false);

export const securityHub: Pricer = (ctx, x) => {
  const checks = resourcesIn(ctx, x.stack.region) * ctx.a.securityHubChecksPerResource;
  const p = priceOf('securityHubCheck', pricedRegion(ctx, x.stack.region));
  add(ctx, x, {
    driver: 'Security Hub checks',
    quantity: `${checks.toLocaleString('en-US')} checks × ${usd(p)}`,
    idle: checks * p,
    perMillion: 0,
    prices: ['securityHubCheck'],
    switches: ['detection.securityHub'],
  });
};

export const configRecorder: Pricer = (ctx, x) => {
  const items = resourcesIn(ctx, x.stack.region) * ctx.a.configItemsPerResource;
  const p = priceOf('configItem', pricedRegion(ctx, x.stack.region));
  add(ctx, x, {
    driver: 'AWS Config recording',
    quantity: `${items.toLocaleString('en-US')} configuration items × ${usd(p)}`,
    idle: items * p,
    perMillion: 0,
    prices: ['configItem'],
    switches: ['detection.configRecorder'],
  });
};

export const configRule: Pricer = (ctx, x) => {
  const evaluations = DAYS_PER_MONTH;
  const p = priceOf('configRuleEvaluation', pricedRegion(ctx, x.stack.region));
  add(ctx, x, {
    driver: 'AWS Config rules',
    quantity: `${Math.round(evaluations)} evaluations × ${usd(p)}`,
    idle: evaluations * p,
    perMillion: 0,
    prices: ['configRuleEvaluation'],
    switches: ['detection.configRecorder'],
  });
};
