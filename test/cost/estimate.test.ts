// OPS-4: the cost estimate of a stage, from its synthesized templates and the dated price table.
import * as path from 'node:path';
import type { StackModel, TemplateJson } from '../../lib/compliance/model/types';
import { EXAMPLE_STAGES } from '../../lib/compliance/stages';
import { type CostInput, estimateCost, PRICED_TYPES, runsPerMonth } from '../../lib/cost/estimate';
import { FREE_TYPES, USAGE_ONLY_TYPES } from '../../lib/cost/free';
import { PRICED_REGIONS, PRICES, type Price, READ_DATE } from '../../lib/cost/prices';
import { costPage, costSection, costSummary, SWITCHES } from '../../lib/cost/render';
import { exampleStage } from '../stage/example-stage';

/** A one-stack stage around `resources` (template-level fixture: no synth). */
function stage(resources: TemplateJson['Resources'], region = 'eu-west-3', config: object = {}): CostInput {
  const stack: StackModel = { name: 'fx-Stack', region, account: '111122223333', template: { Resources: resources } };
  return {
    config: { name: 'fx', exposure: 'internal', primaryRegion: region, ...config } as CostInput['config'],
    stacks: [stack],
  };
}

const idleOf = (m: CostInput) => estimateCost(m).idle;
const perMillionOf = (m: CostInput) => estimateCost(m).perMillion;

/** The example stage files, as test/stage/example-stage.ts names them. */
const EXAMPLES = EXAMPLE_STAGES.map((f) => path.basename(f));

describe('OPS-4 the example stages', () => {
  it.each(EXAMPLES)('OPS-4 %s: positive idle and per-million totals, the largest driver first', (file) => {
    const e = estimateCost(exampleStage(file));
    expect(e.idle).toBeGreaterThan(100);
    expect(e.perMillion).toBeGreaterThan(1);
    expect(e.lines[0].idle).toBe(Math.max(...e.lines.map((l) => l.idle)));
    expect(e.lines.every((l) => l.idle >= 0 && l.perMillion >= 0)).toBe(true);
  });

  it.each(EXAMPLES)('OPS-4 %s: every resource type is priced, free, charged on use or listed unpriced', (file) => {
    const s = exampleStage(file);
    const e = estimateCost(s);
    const types = new Set(s.stacks.flatMap((st) => Object.values(st.template.Resources ?? {}).map((r) => r.Type)));
    const listed = (t: string) =>
      PRICED_TYPES.includes(t) ||
      e.free.some((f) => f.type === t) ||
      e.usageOnly.some((u) => u.type === t) ||
      e.unpriced.some((u) => u.type === t);
    expect([...types].filter((t) => !listed(t))).toEqual([]);
    // The examples leave nothing unpriced: a new resource type gets a price or a line in lib/cost/free.ts.
    expect(e.unpriced).toEqual([]);
  });

  it('OPS-4 the public stage prices what the issue counted: 3 NAT gateways, 2 Aurora instances, keys, WAF, checks', () => {
    const e = estimateCost(exampleStage());
    const driver = (d: string) => e.lines.filter((l) => l.driver === d);
    expect(driver('NAT gateways')[0].quantity).toMatch(/^3 × /);
    expect(driver('Aurora Serverless v2 capacity')[0].quantity).toMatch(/^2 × /);
    expect(driver('KMS keys').length).toBeGreaterThan(0);
    expect(driver('WAF on CloudFront')[0].prices).toContain('wafAtpMonth');
    expect(driver('Route 53 health checks')[0].idle).toBeGreaterThan(0);
    expect(driver('Synthetics canary')[0].idle).toBeGreaterThan(0);
  });

  it('OPS-4 the report section and the page carry the totals, and the page is the same in any order', () => {
    const stages = EXAMPLES.map((f) => exampleStage(f));
    const section = costSection({ config: stages[0].config, stacks: stages[0].stacks }).join('\n');
    expect(section).toContain('## Cost estimate (OPS-4)');
    expect(section).toMatch(/\$\d+ a month idle/);
    expect(costPage([...stages].reverse())).toBe(costPage(stages));
    expect(costPage(stages)).toContain(READ_DATE);
  });

  it('OPS-4 the README summary gives each stage its totals and largest drivers, most expensive first', () => {
    const stages = EXAMPLES.map((f) => exampleStage(f));
    const lines = costSummary(stages).split('\n');
    const totals = stages.map((s) => estimateCost(s)).sort((x, y) => y.idle - x.idle);
    expect(lines).toHaveLength(stages.length);
    lines.forEach((line, i) => {
      expect(line).toContain(`\`${totals[i].stage}\``);
      expect(line).toContain(totals[i].lines[0].driver);
      expect(line).toMatch(/\$\d+ a month idle\*\*, plus \*\*\$[\d.]+ per million requests/);
    });
    expect(costSummary([...stages].reverse())).toBe(costSummary(stages));
  });
});

describe('OPS-4 the price table', () => {
  it('OPS-4 every price has a positive figure in every region, an AWS pricing page, and a page for checked figures', () => {
    for (const p of Object.values(PRICES) as Price[]) {
      for (const r of PRICED_REGIONS) expect([p.id, r, p.usd[r] > 0]).toEqual([p.id, r, true]);
      expect(p.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      if (p.checked.length) expect([p.id, p.seenAt]).toEqual([p.id, expect.stringMatching(/^https:\/\//)]);
    }
  });

  it('OPS-4 a type no one priced is listed unpriced, never counted as $0 silently', () => {
    const e = estimateCost(stage({ Thing: { Type: 'AWS::Made::Up' } }));
    expect(e.unpriced).toEqual([expect.objectContaining({ type: 'AWS::Made::Up', count: 1 })]);
    expect(FREE_TYPES['AWS::Made::Up']).toBeUndefined();
    expect(USAGE_ONLY_TYPES['AWS::Made::Up']).toBeUndefined();
  });

  it('OPS-4 a region outside the table is priced at us-east-1 rates and named', () => {
    const e = estimateCost(stage({ Key: { Type: 'AWS::KMS::Key' } }, 'ap-southeast-2'));
    expect(e.approximatedRegions).toEqual(['ap-southeast-2']);
    expect(e.idle).toBe(1);
  });

  it('OPS-4 every switch a line names is explained', () => {
    const e = estimateCost(exampleStage());
    for (const s of e.lines.flatMap((l) => l.switches)) expect([s, typeof SWITCHES[s]]).toEqual([s, 'string']);
  });
});

describe('OPS-4 switches change the estimate in the right direction', () => {
  // Template-level fixture (what the Network construct declares per NAT gateway): no aws-cdk-lib load, no synth.
  const nat = (n: number): CostInput =>
    stage(
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          [
            `Nat${i}`,
            {
              Type: 'AWS::EC2::NatGateway',
              Properties: { AllocationId: { 'Fn::GetAtt': [`Eip${i}`, 'AllocationId'] } },
            },
          ],
          [`Eip${i}`, { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } }],
        ]).flat(),
      ),
    );

  it('OPS-4 natGateways: 3 cost more than 1', () => {
    const [one, three] = [idleOf(nat(1)), idleOf(nat(3))];
    expect(three).toBeGreaterThan(one);
    // NAT gateway-hours and public IPv4 addresses: about $39 a month each in Paris.
    expect(three - one).toBeCloseTo(2 * 730 * (0.048 + 0.005), 6);
    expect(estimateCost(nat(3)).lines[0]).toMatchObject({
      driver: 'NAT gateways',
      switches: ['natGateways', 'availabilityZones'],
    });
  });

  const aurora = (min: number, promotionTier = 0) => ({
    Cluster: {
      Type: 'AWS::RDS::DBCluster',
      Properties: { ServerlessV2ScalingConfiguration: { MinCapacity: min, MaxCapacity: 4 } },
    },
    Writer: {
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        DBClusterIdentifier: { Ref: 'Cluster' },
        DBInstanceClass: 'db.serverless',
        PromotionTier: promotionTier,
      },
    },
  });

  it('OPS-4 database.minCapacity: a higher floor costs more idle; 0 pauses', () => {
    expect(idleOf(stage(aurora(2)))).toBeGreaterThan(idleOf(stage(aurora(0.5))));
    const paused = estimateCost(stage(aurora(0))).lines.find((l) => l.driver === 'Aurora Serverless v2 capacity');
    expect(paused?.idle).toBe(0);
    // Load lands on the writer: it grows with requests, a reader does not.
    expect(perMillionOf(stage(aurora(0.5)))).toBeGreaterThan(perMillionOf(stage(aurora(0.5, 1))));
  });

  it('OPS-4 a provisioned instance class is listed unpriced, not $0', () => {
    const r = aurora(0.5);
    const e = estimateCost(
      stage({ ...r, Writer: { ...r.Writer, Properties: { ...r.Writer.Properties, DBInstanceClass: 'db.r6g.large' } } }),
    );
    expect(e.unpriced.map((u) => u.reason)).toEqual(['instance class db.r6g.large is not in the price table']);
  });

  const service = (desiredCount: number, cpu = '256', memory = '512') => ({
    Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: cpu, Memory: memory } },
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: { LaunchType: 'FARGATE', DesiredCount: desiredCount, TaskDefinition: { Ref: 'Task' } },
    },
  });

  it('OPS-4 app.desiredCount, app.cpu and app.memoryMiB: more tasks or bigger ones cost more; requests do not', () => {
    expect(idleOf(stage(service(4)))).toBeCloseTo(2 * idleOf(stage(service(2))), 6);
    expect(idleOf(stage(service(2, '1024', '2048')))).toBeGreaterThan(idleOf(stage(service(2))));
    expect(perMillionOf(stage(service(2)))).toBe(perMillionOf(stage({})));
  });

  const acl = (groups: readonly string[]) => ({
    Acl: {
      Type: 'AWS::WAFv2::WebACL',
      Properties: {
        Scope: 'CLOUDFRONT',
        Rules: groups.map((Name) => ({ Name, Statement: { ManagedRuleGroupStatement: { Name, VendorName: 'AWS' } } })),
      },
    },
  });

  it('OPS-4 edge WAF: account takeover prevention and Bot Control add a subscription and a per-request fee', () => {
    const base = stage(acl(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']));
    for (const paid of ['AWSManagedRulesATPRuleSet', 'AWSManagedRulesBotControlRuleSet']) {
      const withPaid = stage(acl(['AWSManagedRulesCommonRuleSet', paid]));
      expect([paid, idleOf(withPaid) > idleOf(base)]).toEqual([paid, true]);
      expect([paid, perMillionOf(withPaid) > perMillionOf(base)]).toEqual([paid, true]);
    }
  });

  const plan = (copies: readonly unknown[]) => ({
    Plan: {
      Type: 'AWS::Backup::BackupPlan',
      Properties: {
        BackupPlan: {
          BackupPlanRule: [
            {
              RuleName: 'Daily',
              ScheduleExpression: 'cron(0 3 * * ? *)',
              Lifecycle: { DeleteAfterDays: 90 },
              CopyActions: copies,
            },
          ],
        },
      },
    },
  });
  const crossRegion = {
    DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:copy',
    Lifecycle: { DeleteAfterDays: 90 },
  };
  const airGapped = { DestinationBackupVaultArn: { 'Fn::GetAtt': ['AirGapped', 'BackupVaultArn'] } };

  it('OPS-4 backup.airGappedCopy (off on disposable stages): the air-gapped copy costs storage', () => {
    const on = estimateCost(stage(plan([crossRegion, airGapped])));
    const off = estimateCost(stage(plan([crossRegion])));
    expect(on.idle).toBeGreaterThan(off.idle);
    expect(on.lines.map((l) => l.driver)).toContain('Backup copies in the same region (air-gapped vault)');
  });

  it('OPS-4 backup.secondAccountCopy: copies in another account are billed there, not here', () => {
    const other = { DestinationBackupVaultArn: 'arn:aws:backup:eu-west-3:999988887777:backup-vault:x' };
    expect(idleOf(stage(plan([other])))).toBe(idleOf(stage(plan([]))));
  });

  it('OPS-4 backup.dailyRetentionDays: copies kept longer cost more', () => {
    const keep = (days: number) => stage(plan([{ ...crossRegion, Lifecycle: { DeleteAfterDays: days } }]));
    expect(idleOf(keep(90))).toBeGreaterThan(idleOf(keep(30)));
  });

  it('OPS-4 backup.auditFramework: the framework adds control evaluations', () => {
    const fw = { Fw: { Type: 'AWS::Backup::Framework', Properties: { FrameworkControls: [{}, {}, {}] } } };
    expect(idleOf(stage({ ...plan([]), ...fw }))).toBeGreaterThan(idleOf(stage(plan([]))));
  });

  const canary = (minutes: number) => ({
    Canary: { Type: 'AWS::Synthetics::Canary', Properties: { Schedule: { Expression: `rate(${minutes} minutes)` } } },
  });

  it('OPS-4 detection.canaryIntervalMinutes: a longer interval costs less', () => {
    expect(idleOf(stage(canary(15)))).toBeLessThan(idleOf(stage(canary(5))));
  });

  const healthChecks = (n: number) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        `Check${i}`,
        {
          Type: 'AWS::Route53::HealthCheck',
          Properties: { HealthCheckConfig: { Type: 'HTTPS_STR_MATCH', MeasureLatency: true, RequestInterval: 30 } },
        },
      ]),
    );

  it('OPS-4 detection.statusPaths and domains: each health check costs its options', () => {
    expect(idleOf(stage(healthChecks(1)))).toBeCloseTo(3.5, 6);
    expect(idleOf(stage(healthChecks(8)))).toBeCloseTo(28, 6);
  });

  it('OPS-4 KMS keys and secrets are counted one by one', () => {
    const keys = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`Key${i}`, { Type: 'AWS::KMS::Key' }]));
    expect(idleOf(stage(keys(16)))).toBe(16);
    expect(idleOf(stage({ S: { Type: 'AWS::SecretsManager::Secret' } }))).toBeCloseTo(0.4, 6);
  });

  const stackSet = (regions: readonly string[]) => ({
    GuardDutyEverywhere: {
      Type: 'AWS::CloudFormation::StackSet',
      Properties: {
        TemplateBody: JSON.stringify({ Resources: { Detector: { Type: 'AWS::GuardDuty::Detector' } } }),
        StackInstancesGroup: [{ Regions: regions }],
      },
    },
  });

  it('OPS-4 detection.guardDutyRegions: each StackSet region adds a detector billed on its events', () => {
    const few = estimateCost(stage(stackSet(['eu-west-1', 'eu-north-1'])));
    const many = estimateCost(stage(stackSet(['eu-west-1', 'eu-north-1', 'us-east-2', 'us-west-2'])));
    expect(many.idle).toBeGreaterThan(few.idle);
    expect(many.approximatedRegions).toEqual(['us-east-2', 'us-west-2']);
    expect(many.lines[0].quantity).toMatch(/^4 × region with 5,000 management events/);
  });

  it('OPS-4 a type inside a StackSet without a price is listed unpriced too', () => {
    const set = stackSet(['eu-west-1']);
    const body = { Resources: { Detector: { Type: 'AWS::GuardDuty::Detector' }, Odd: { Type: 'AWS::Made::Up' } } };
    const e = estimateCost(
      stage({
        S: {
          ...set.GuardDutyEverywhere,
          Properties: { ...set.GuardDutyEverywhere.Properties, TemplateBody: JSON.stringify(body) },
        },
      }),
    );
    expect(e.unpriced.map((u) => u.type)).toEqual(['AWS::Made::Up']);
  });

  it('OPS-4 detection.configRecorder and detection.securityHub: recording and checks are billed per resource', () => {
    const base = { Key: { Type: 'AWS::KMS::Key' } };
    expect(idleOf(stage({ ...base, R: { Type: 'AWS::Config::ConfigurationRecorder' } }))).toBeGreaterThan(
      idleOf(stage(base)),
    );
    expect(idleOf(stage({ ...base, H: { Type: 'AWS::SecurityHub::Hub' } }))).toBeGreaterThan(idleOf(stage(base)));
  });
});

describe('OPS-4 log retention and log volume', () => {
  const logs = (RetentionInDays: number, LogGroupName = '/aws/rds/cluster/x/postgresql') =>
    stage({ L: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays, LogGroupName } } });

  it('OPS-4 *.logRetentionDays: logs kept longer cost more to archive', () => {
    expect(idleOf(logs(365))).toBeGreaterThan(idleOf(logs(30)));
    expect(perMillionOf(logs(365))).toBeGreaterThan(perMillionOf(logs(30)));
  });

  it('OPS-4 WAF logs grow with requests; a log group no request writes does not', () => {
    expect(perMillionOf(logs(365, 'aws-waf-logs-x'))).toBeGreaterThan(0);
    expect(perMillionOf(logs(365, '/aws/lambda/x'))).toBe(perMillionOf(stage({})));
  });
});

describe('OPS-4 resources other stages may add', () => {
  it('OPS-4 an interface VPC endpoint costs per zone; a gateway endpoint is free', () => {
    const endpoint = (VpcEndpointType: string) =>
      stage({ E: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType, SubnetIds: ['a', 'b'] } } });
    expect(idleOf(endpoint('Interface'))).toBeCloseTo(2 * 730 * 0.011, 6);
    expect(idleOf(endpoint('Gateway'))).toBe(0);
  });

  it('OPS-4 a log metric filter publishes a billed custom metric', () => {
    expect(idleOf(stage({ F: { Type: 'AWS::Logs::MetricFilter', Properties: { MetricTransformations: [{}] } } }))).toBe(
      0.3,
    );
  });
});

describe('OPS-4 schedules', () => {
  it('OPS-4 counts runs a month of rate and cron expressions', () => {
    expect(runsPerMonth('rate(5 minutes)')).toBeCloseTo(8760, -1);
    expect(runsPerMonth('rate(1 hour)')).toBeCloseTo(730, 0);
    expect(runsPerMonth('cron(0 7,11,15,19,23 * * ? *)')).toBeCloseTo(152, 0);
    expect(runsPerMonth('cron(0 6 ? * SAT *)')).toBeCloseTo(4.35, 1);
    expect(runsPerMonth('cron(0 9 ? * MON-FRI *)')).toBeCloseTo((30.42 * 5) / 7, 1);
    expect(runsPerMonth('cron(0/15 * * * ? *)')).toBeCloseTo(96 * 30.42, 0);
    expect(runsPerMonth('at(2026-01-01T00:00:00)')).toBeUndefined();
  });
});

describe('OPS-4 restore tests', () => {
  const stage = exampleStage(EXAMPLES[0]);
  const withClass = (instanceClass: string): CostInput => ({
    ...stage,
    config: {
      ...stage.config,
      backup: {
        ...stage.config.backup,
        restoreValidation: { ...stage.config.backup.restoreValidation, instanceClass },
      },
    },
  });

  it("price the validator's instance class, and list another class as unpriced instead of counting it as zero", () => {
    const line = estimateCost(stage).lines.find((l) => l.driver === 'Restore tests');
    expect(line?.prices).toContain('auroraT4gMediumHour');
    expect(line?.switches).toContain('backup.restoreValidation.instanceClass');
    const other = estimateCost(withClass('db.r6g.large'));
    expect(other.unpriced.map((u) => u.type)).toContain('AWS::Backup::RestoreTestingPlan');
  });
});
