// OPS-4: the cost estimate as Markdown: the whole page (docs/cost.md, `npm run cost`) and a short section of the
// compliance report.
import type { StageModel } from '../compliance/model/types';
import { type CostAssumptions, type CostEstimate, type CostInput, configValue, estimateCost } from './estimate';
import { PRICED_REGIONS, PRICES, type Price, READ_DATE } from './prices';

/** Config fields that change the estimate, and how. Each line of the estimate names the ones that change it. */
export const SWITCHES: Readonly<Record<string, string>> = {
  natGateways:
    'NAT gateways, each with its public IPv4 address, billed every hour (default: one per zone); 1 halves the ' +
    'network floor of a test stage but loses egress when its zone fails',
  availabilityZones: 'the default number of NAT gateways (one per zone)',
  'database.minCapacity':
    'ACU floor of each Aurora instance (writer and reader), billed every hour; 0 lets Aurora pause when idle ' +
    '(resuming takes seconds)',
  'database.maxCapacity': 'ACU ceiling under load: bounds what grows with requests',
  'app.desiredCount': 'Fargate tasks running all month (no auto scaling: they cost the same with or without traffic)',
  'app.cpu': 'vCPU of each task',
  'app.memoryMiB': 'memory of each task',
  exposure:
    '"public" adds CloudFront, the edge web ACL with account takeover prevention, Lambda@Edge, the Dns stack and ' +
    'the Route 53 health checks; "internal" has none of them',
  'edge.loginPath': 'the only path account takeover prevention (ATP) inspects, charged per thousand login attempts',
  'edge.cachedPathPatterns':
    'requests served from the CloudFront cache never reach the load balancer, its WAF, Lambda@Edge or Aurora',
  domains: 'each domain adds a hosted zone and two health checks (apex and www) per status path',
  'detection.statusPaths': 'each path adds a health check per hostname, and a step to every canary run',
  'detection.canaryIntervalMinutes': 'canary runs a month = 43,800 / interval',
  guardDuty: '"existing" leaves the detectors to the account (the account still pays them)',
  'detection.guardDutyRegions': 'one detector per region through the StackSet, billed on the events of that region',
  'detection.guardDutyExistingRegions': 'regions where the account already pays for a detector',
  'detection.securityHub': '"create" enables Security Hub CSPM checks, billed per check',
  'detection.configRecorder': '"create" records AWS Config configuration items in each region it covers',
  'backup.auditFramework': 'Backup Audit Manager control evaluations (and the AWS Config recording they need)',
  'backup.airGappedCopy': 'full copies of the recovery points in a logically air-gapped vault',
  lifecycle:
    '"disposable" (internal stages): no air-gapped copy and no key guard; keys, logs and vaults go with the stack ' +
    'instead of being retained and billed after a teardown',
  backupRegion: 'where the copies are stored, and the cross-region transfer of every copy',
  'backup.frequentIntervalHours': 'frequent snapshots a day, each copied to the backup region',
  'backup.frequentRetentionDays': 'days each frequent snapshot and its copy are kept',
  'backup.dailyRetentionDays': 'days each daily snapshot and its copy are kept',
  'backup.continuousRetentionDays': 'days of point-in-time recovery kept',
  'backup.restoreTestSchedule': 'restore test jobs a month, each running a restored cluster for a while',
  'backup.restoreValidation.instanceClass': 'the one instance the restore validator adds to each restored cluster',
  'backup.secondAccountCopy': 'copies stored, and billed, in the other account (not in this estimate)',
  flowLogRetentionDays: 'months of VPC flow logs kept in CloudWatch Logs',
  'app.logRetentionDays': 'months of application logs kept',
  'edge.wafLogRetentionDays': 'months of WAF logs kept',
  'detection.trailLogGroupRetentionDays': 'months of CloudTrail events kept in CloudWatch Logs',
  'database.logRetentionDays': 'months of PostgreSQL and audit logs kept',
  'database.auditClasses': 'statement classes pgaudit logs: "write" adds a log line to every written statement',
  'edge.accessLogRetentionDays': 'days of load balancer and CloudFront access logs kept in S3',
  'detection.trailRetentionDays': 'days of CloudTrail log files kept in S3',
};

/** What each assumption means (every field of CostAssumptions, checked by the compiler). */
const ASSUMPTIONS: Readonly<Record<keyof CostAssumptions, string>> = {
  hoursPerMonth: 'hours in a month',
  databaseGb: 'database size in GB (storage, and the size of each full backup copy)',
  dailyChangeRate: 'share of the database that changes per day (size of each incremental recovery point)',
  responseKb: 'average response size in KB (CloudFront data out, load balancer bytes)',
  requestKb: 'average request size in KB',
  loginShare: 'share of requests that are login attempts (inspected by WAF ATP)',
  acuSecondsPerRequest: 'Aurora ACU-seconds one request uses on the writer',
  ioPerRequest: 'Aurora I/O operations per request',
  logKbPerRequest:
    'KB of log per request by log group: VPC flow logs (also analyzed by GuardDuty), WAF (per web ACL), the app, ' +
    'PostgreSQL and pgaudit (written statements)',
  accessLogKbPerRequest: 'KB of access log in S3 per request',
  idleLogGb: 'GB a month ingested while idle, by log group',
  logCompression: 'archived size of logs relative to ingested',
  managementEventsStageRegion: 'CloudTrail management events a month in a region the stage deploys to',
  managementEventsOtherRegion: 'CloudTrail management events a month in any other region (GuardDuty StackSet)',
  s3DataEvents: 'S3 data events a month in a stage region (GuardDuty S3 Protection)',
  securityHubChecksPerResource: 'Security Hub checks a month per resource of the region',
  configItemsPerResource: 'AWS Config items recorded a month per resource of the region',
  auditEvaluationsPerControl: 'Backup Audit Manager evaluations a month per control and resource in scope',
  bucketGb: 'GB held by each S3 bucket while idle',
  imageGb: 'GB of container images',
  kmsRequestsPerRequest: 'KMS requests per web request',
  lambdaEdgeMs: 'Lambda@Edge duration per invocation (ms)',
  lambdaEdgeMb: 'Lambda@Edge memory (MB)',
  canaryRunSeconds: 'duration of a canary run (s)',
  canaryMb: 'canary memory when the template sets none (MB)',
  restoreTestHours: 'hours a restored cluster runs (with the validator instance) per restore test',
};

const money = (v: number): string => (v >= 100 ? `$${v.toFixed(0)}` : `$${v.toFixed(2)}`);
const cell = (s: string): string => s.replace(/\|/g, '\\|');
const value = (v: unknown): string => (v === undefined ? '(default)' : `\`${JSON.stringify(v)}\``);

/** The estimate's headline: idle and per million requests. */
export function headline(e: CostEstimate): string {
  return (
    `about **${money(e.idle)} a month idle**, plus **${money(e.perMillion)} per million requests** ` +
    `(${e.lines.length} cost lines, ${e.unpriced.length} unpriced)`
  );
}

/** The estimate of one stage: totals, drivers (largest first), switches, free, usage-only and unpriced types. */
export function estimateMarkdown(m: CostInput, e: CostEstimate = estimateCost(m), level = '##'): string {
  const out = [
    `${level} Stage \`${e.stage}\` (${e.exposure}, ${m.config.primaryRegion})`,
    '',
    `Estimated ${headline(e)}.`,
    '',
  ];
  if (e.approximatedRegions.length)
    out.push(
      `Regions outside the price table, priced at us-east-1 rates: ${e.approximatedRegions.join(', ')} ` +
        '(lib/cost/prices.ts says how to add one).',
      '',
    );
  out.push(
    '| Cost driver | Region | Quantity | Idle $/month | $ per million requests | Config switches |',
    '|---|---|---|---:|---:|---|',
  );
  for (const l of e.lines)
    out.push(
      `| ${l.driver} | ${l.region} | ${cell(l.quantity)} | ${l.idle.toFixed(2)} | ${l.perMillion.toFixed(2)} | ` +
        `${l.switches.map((s) => `\`${s}\``).join(', ') || '-'} |`,
    );
  out.push(`| **Total** | | | **${e.idle.toFixed(2)}** | **${e.perMillion.toFixed(2)}** | |`, '');
  const used = [...new Set(e.lines.flatMap((l) => l.switches))].filter((s) => SWITCHES[s]);
  out.push(`${level}# Switches of \`${e.stage}\``, '', '| Config field | Value | Effect on cost |', '|---|---|---|');
  for (const s of used) out.push(`| \`${s}\` | ${value(configValue(m, s))} | ${cell(SWITCHES[s])} |`);
  out.push('');
  out.push(
    `${level}# Not in the total`,
    '',
    e.unpriced.length
      ? `**Unpriced** (no figure in the price table; never counted as $0): ${e.unpriced
          .map((u) => `\`${u.type}\` × ${u.count} (${u.reason})`)
          .join('; ')}.`
      : '**Unpriced:** none: every resource type is priced, free or charged only on use.',
    '',
    `**Charged only when used** ($0 idle): ${e.usageOnly.map((u) => `\`${u.type}\` × ${u.count}`).join(', ') || 'none'}.`,
    '',
    `**Free** (listed in lib/cost/free.ts with the reason): ${e.free.map((u) => `\`${u.type}\` × ${u.count}`).join(', ')}.`,
    '',
  );
  return out.join('\n');
}

const mark = (p: Price, region: (typeof PRICED_REGIONS)[number]): string =>
  `${p.usd[region]}${p.checked.includes(region) ? '' : ' †'}`;

/** The price table with its sources and dates. */
export function priceTableMarkdown(): string {
  const out = [
    `| Price | Unit | ${PRICED_REGIONS.join(' | ')} | Source | Read |`,
    `|---|---|${PRICED_REGIONS.map(() => '---:').join('|')}|---|---|`,
  ];
  for (const p of Object.values(PRICES) as Price[]) {
    const source = `[${p.service}](${p.source})${p.seenAt ? `, seen on [this page](${p.seenAt})` : ''}`;
    const note = p.note ? ` ${cell(p.note)}` : '';
    out.push(
      `| \`${p.id}\` | ${cell(p.unit)}${note ? `;${note}` : ''} | ${PRICED_REGIONS.map((r) => mark(p, r)).join(' | ')} | ` +
        `${source} | ${READ_DATE} |`,
    );
  }
  return out.join('\n');
}

function assumptionsMarkdown(a: CostAssumptions): string {
  const out = ['| Assumption | Value | Meaning |', '|---|---|---|'];
  for (const [k, text] of Object.entries(ASSUMPTIONS))
    out.push(`| \`${k}\` | \`${JSON.stringify(a[k as keyof CostAssumptions])}\` | ${cell(text)} |`);
  return out.join('\n');
}

/** docs/cost.md: every example stage's estimate, the assumptions, the price table and how to run it. */
export function costPage(stages: readonly CostInput[]): string {
  // Public stages first, then by name: the page is the same whatever order the caller read the stages in.
  const order = (s: CostInput) => `${s.config.exposure === 'public' ? 0 : 1}${s.config.name}`;
  const estimates = [...stages]
    .sort((x, y) => order(x).localeCompare(order(y)))
    .map((s) => ({ s, e: estimateCost(s) }));
  const first = estimates[0]?.e;
  return [
    '# What a stage costs (OPS-4)',
    '',
    'Generated by `npm run cost` (and checked by `npm test`) from the synthesized templates of the example stages ' +
      'and the price table in `lib/cost/prices.ts`: every resource the templates declare is priced, listed as free, ' +
      'charged only when used, or listed as unpriced (never silently counted as $0). On-demand list prices in USD, ' +
      'before tax, free tiers, credits and savings plans.',
    '',
    '**Idle** is the month of a deployed stage without traffic; **per million requests** is what each million ' +
      'requests adds (CloudFront, WAF requests and account takeover prevention, load balancer LCUs, Aurora capacity ' +
      'and I/O, logs). Fargate stays: the service runs a fixed number of tasks.',
    '',
    '## Your own stage',
    '',
    '```bash',
    'npm run cost -- -c config=config/<stage>.json   # the estimate of your stage, as Markdown on stdout',
    '```',
    '',
    'It reads the synthesized stage from the cache that `npm test` and `npx cdk synth` share (no extra synth when ' +
      'the cache is current). Change a switch below in your stage file and run it again to see the difference.',
    '',
    ...estimates.map(({ s, e }) => estimateMarkdown(s, e)),
    '## Assumptions',
    '',
    'Usage the templates cannot tell. Change them in `DEFAULT_ASSUMPTIONS` (lib/cost/estimate.ts) to model your ' +
      'traffic. Every backup copy is a full copy of the database ("Aurora DB cluster snapshot copies are always full ' +
      'copies", [Aurora user guide](https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_CopySnapshot.html)), ' +
      'so the copies of the frequent rule to the backup region weigh more than the database itself; recovery points in ' +
      'the primary region are counted as incremental. The first CloudTrail trail of the account is free; health ' +
      'checks on CloudFront count as AWS endpoints; no request is served from the CloudFront cache (an upper bound); ' +
      'free tiers are not applied.',
    '',
    first ? assumptionsMarkdown(first.assumptions) : '',
    '',
    '## Price table',
    '',
    `Read on ${READ_DATE} (see the header of lib/cost/prices.ts for how). USD per unit. **†** marks a figure not seen ` +
      'on a page during that reading: the best known list price, **to be checked** against the source page before ' +
      'you rely on it. To add a region: add it to `PRICED_REGIONS` and give every row its figure (the compiler lists ' +
      'the rows that miss it); until then a region outside the table is priced at us-east-1 rates and named above.',
    '',
    priceTableMarkdown(),
    '',
  ].join('\n');
}

/** The README's cost lines (generated between its `generated:cost` markers): each example stage's totals and drivers. */
export function costSummary(stages: readonly CostInput[]): string {
  return stages
    .map((s) => estimateCost(s))
    .sort((x, y) => y.idle - x.idle)
    .map(
      (e) =>
        `- \`${e.stage}\` (${e.exposure}): ${headline(e).replace(/ \(.*\)$/, '')}; largest: ` +
        `${[...new Set(e.lines.slice(0, 4).map((l) => l.driver))].join(', ')}.`,
    )
    .join('\n');
}

/** The short cost section of the compliance report: totals and the five largest drivers. */
export function costSection(m: StageModel): string[] {
  const e = estimateCost(m);
  const out = [
    '',
    '## Cost estimate (OPS-4)',
    '',
    `From the templates of this stage and the dated price table of lib/cost/prices.ts: ${headline(e)}. ` +
      // Plain text, not a link: this report is also written outside docs/ for an own stage (out/<stage>/).
      "Assumptions, switches and every line: the repository's docs/cost.md; your own stage: " +
      '`npm run cost -- -c config=PATH`.',
    '',
    '| Largest drivers | Region | Idle $/month | $ per million requests |',
    '|---|---|---:|---:|',
  ];
  for (const l of e.lines.slice(0, 5))
    out.push(`| ${l.driver} | ${l.region} | ${l.idle.toFixed(2)} | ${l.perMillion.toFixed(2)} |`);
  if (e.unpriced.length) out.push('', `Unpriced: ${e.unpriced.map((u) => `${u.type} × ${u.count}`).join(', ')}.`);
  out.push('');
  return out;
}
