import { Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { complianceApp, stackModels } from '../../lib/compliance/assembly';
import { CLAIM_IDS, CLAIMS, checkAll, claim } from '../../lib/compliance/claims';
import { combinedIntervalHours, scheduleIntervalHours } from '../../lib/compliance/model/backup-plan';
import { ev, pathOf, resources } from '../../lib/compliance/model/query';
import { STACK_CLUSTER_CLAIMS, stageStatus } from '../../lib/compliance/model/stage-status';
import type { ClaimResult, StageModel } from '../../lib/compliance/model/types';
import { mermaid } from '../../lib/compliance/render/diagram';
import { failures, reportJson, reportMarkdown } from '../../lib/compliance/render/report';
import { securityPage } from '../../lib/compliance/render/security-page';
import { EXAMPLE_STAGES, ownStageFiles, parseComplianceArgs } from '../../lib/compliance/stages';
import { ROOT } from '../helpers';
import { goodStage, mutate } from './fixtures/stage';
import { realStageModel } from './real-stage-model';

const m = goodStage();
// PROOF-5 evaluates real policies, which the hand-made stage only sketches: its result here is the real public
// stage's (test/compliance/effects.test.ts proves it there), so the report is rendered with every claim.
const realProof5 = claim('PROOF-5').check(realStageModel());
// PROOF-5 of the real stage stands in for the fixture's; the stage's settings apply to it like to every claim.
const fixtureResults = (model: StageModel) =>
  checkAll(model).map((r) => (r.id === 'PROOF-5' ? stageStatus(model, realProof5) : r));
const results = fixtureResults(m);

describe('PROOF-2 the report covers every claim', () => {
  const md = reportMarkdown(m, results, '2026-11-27');
  test.each(CLAIM_IDS)('%s has a section and a summary row', (id) => {
    expect(md).toContain(`### ${id}\n`);
    expect(md).toContain(`| [${id}](#${id.toLowerCase()}) |`);
  });
  test('lists every acknowledgment with its resource and reason, and cfn-lint', () => {
    expect(md).toContain('| AwsSolutions-IAM5[Resource::*] | p-Data | OperatorPolicy |');
    expect(md).toMatch(/## cfn-lint\n\nNo error, no warning/);
    expect(md).toContain('**Result: PASS**');
  });
  test('JSON holds every claim and FAIL when one is not kept', () => {
    const json = reportJson(m, results, '2026-11-27') as { claims: Array<{ id: string }>; result: string };
    expect(json.claims.map((c) => c.id)).toEqual([...CLAIM_IDS]);
    expect(json.result).toBe('PASS');
    const broken = mutate(m, 'p-Data', 'Cluster', (r) => ({
      ...r,
      Properties: { ...r.Properties, DeletionProtection: false },
    }));
    const r2 = fixtureResults(broken);
    expect(failures(r2).map((r) => r.id)).toEqual(['DB-6']);
    expect((reportJson(broken, r2, 'x') as { result: string }).result).toBe('FAIL');
  });
});

describe('security page and diagram are generated from the evidence', () => {
  test('the page states backup cadence, copy region and the two obsolete headers', () => {
    const page = securityPage(m, results);
    expect(page).toContain('plus snapshots every 4 hours (frequent ones kept 1 day, daily ones kept 90 days).');
    expect(page).toContain('Frankfurt (eu-central-1)');
    expect(page).toContain(
      'Status: health checks on example.com, www.example.com, example.org and www.example.org and a synthetic browser test',
    );
    expect(page).toMatch(/X-XSS-Protection\*\* is sent as `0`/);
    expect(page).toMatch(/Expect-CT\*\* is not sent/);
    expect(page).not.toContain('Not yet fully in place');
  });
  test('BKP-2 the page states the cadence of all scheduled rules together, as BKP-2 checks it', () => {
    // The frequent rule skips 03 UTC (its own widest gap is 23 -> 07, 8 h); the daily rule at 03 fills it: every 4 h.
    const skipping = mutate(m, 'p-Backup', 'Plan', (r) => {
      r.Properties.BackupPlan.BackupPlanRule[1].ScheduleExpression = 'cron(0 7,11,15,19,23 * * ? *)';
      return r;
    });
    const r2 = fixtureResults(skipping);
    expect(r2.find((r) => r.id === 'BKP-2')).toMatchObject({
      status: 'kept',
      why: expect.stringContaining('every 4 hour'),
    });
    const page = securityPage(skipping, r2);
    expect(page).toContain('plus snapshots every 4 hours (frequent ones kept 1 day, daily ones kept 90 days).');
    expect(page).not.toMatch(/every 8 hours|1 days/);
  });
  test('the diagram draws the request path and the backup copy', () => {
    const d = mermaid(m);
    expect(d).toContain('browser -->|HTTPS| p_Edge_Distribution');
    expect(d).toMatch(/p_App_Service -->\|TLS, IAM auth\| p_Data_Cluster/);
    expect(d).toMatch(/==>\|cross-region copy\| p_Recovery_/);
    expect(d).toContain('subgraph eu_central_1');
  });
  test('BKP-3 the diagram draws each copy from the plan: rule target vault to the vault its copy ARN names', () => {
    const d = mermaid(m);
    const copies = d
      .split('\n')
      .filter((l) => l.includes('==>'))
      .map((l) => l.trim())
      .sort();
    expect(copies).toEqual([
      'p_Backup_FreqVault ==>|cross-region copy| p_Recovery_FreqCopyVault',
      'p_Backup_HistVault ==>|copy| p_Backup_AirGappedVault', // BKP-7
      'p_Backup_HistVault ==>|cross-region copy| p_Recovery_CopyVault',
    ]);
    expect(d).not.toMatch(/p_Backup_ContVault ==>/); // continuous recovery points are not copied
    for (const [rule, vault] of [
      ['Continuous', 'ContVault'],
      ['Frequent', 'FreqVault'],
      ['Daily', 'HistVault'],
    ])
      expect(d).toContain(`p_Backup_Plan -->|${rule}| p_Backup_${vault}`);
    // every vault an edge points at has its box
    for (const id of [
      'p_Backup_AirGappedVault',
      'p_Backup_ContVault',
      'p_Backup_FreqVault',
      'p_Backup_HistVault',
      'p_Recovery_CopyVault',
      'p_Recovery_FreqCopyVault',
    ])
      expect(d).toMatch(new RegExp(`^ +${id}\\["(Backup|Air-gapped) vault`, 'm'));
  });
});

describe('PROOF-2 the report names the construct path of each resource', () => {
  test('a stage synthesized for the report carries aws:cdk:path on every resource, and the evidence table shows it', () => {
    const app = complianceApp();
    const stack = new Stack(app, 'p-Paths', { env: { account: '111122223333', region: 'eu-west-1' } });
    new sns.Topic(stack, 'Alerts');
    const stacks = stackModels(app.synth());
    const topics = resources(stacks, 'AWS::SNS::Topic');
    expect(topics.map(pathOf)).toEqual(['p-Paths/Alerts/Resource']);
    const e = ev(topics[0], 'TopicName');
    expect(e.path).toBe('p-Paths/Alerts/Resource');
    const pm: StageModel = { ...m, stacks };
    const row = reportMarkdown(pm, [{ id: 'DET-3', status: 'kept', why: 'x', evidence: [e] }], '2026-11-27')
      .split('\n')
      .find((l) => l.startsWith('| p-Paths |'));
    expect(row).toContain('| p-Paths/Alerts/Resource |');
  });
});

describe('schedule parsing (BKP-2, BKP-6)', () => {
  test.each([
    ['cron(0 0/4 * * ? *)', 4],
    ['cron(0 */2 * * ? *)', 2],
    ['cron(0 * * * ? *)', 1],
    ['cron(0 3 * * ? *)', 24],
    ['cron(0 3,15 * * ? *)', 12],
    ['cron(0 6 ? * SAT *)', 168],
    ['rate(1 hour)', 1],
  ])('%s is every %d h', (expr, h) => expect(scheduleIntervalHours(expr)).toBe(h));
});

describe('BKP-2 cadence of rules together', () => {
  test('a frequent rule that skips the daily hour is still every 4 h with the daily rule', () => {
    expect(combinedIntervalHours(['cron(0 7,11,15,19,23 * * ? *)', 'cron(0 3 * * ? *)'])).toBe(4);
    expect(combinedIntervalHours(['cron(0 7,11,15,19,23 * * ? *)'])).toBe(8);
    expect(combinedIntervalHours(['cron(0 6 ? * SAT *)'])).toBeUndefined();
  });
});

describe('PROOF-2 the security page is built from the claims', () => {
  test('every claim a sentence answers for is a claim, and every section has a sentence', () => {
    const lines = CLAIMS.flatMap((c) => (c.page ?? []).map((l) => ({ ...l, status: l.status ?? [c.id] })));
    expect(lines.flatMap((l) => l.status).filter((id) => !CLAIM_IDS.includes(id))).toEqual([]);
    expect(new Set(lines.map((l) => l.section)).size).toBe(7);
  });
  test('a claim that is not kept is named under the sentence that answers for it', () => {
    const broken = mutate(m, 'p-Data', 'Cluster', (r) => ({
      ...r,
      Properties: { ...r.Properties, DeletionProtection: false },
    }));
    const line = securityPage(broken, fixtureResults(broken))
      .split('\n')
      .filter((l) => l.includes('Not yet fully in place'));
    expect(line).toEqual([expect.stringMatching(/^- \*\*Resilience\.\*\* .*_\(Not yet fully in place: DB-6: /)]);
  });
});

/** The fixture stage with DB-6 broken (deletion protection off) and `config` changed. */
const withDb6Broken = (config: (c: StageModel['config']) => StageModel['config']): StageModel => {
  const broken = mutate(m, 'p-Data', 'Cluster', (r) => ({
    ...r,
    Properties: { ...r.Properties, DeletionProtection: false },
  }));
  return { ...broken, config: config(broken.config) };
};
const baselineFailures = failures(results).map((r) => r.id);
const resultOf = (rs: readonly ClaimResult[], id: string) => rs.find((r) => r.id === id);

describe('OPS-5 a waived claim is shown as not kept, with the reason, and does not fail the check', () => {
  const reason = 'test stage: the cluster may be deleted at any time';
  const waived = withDb6Broken((c) => ({ ...c, waivers: [{ claim: 'DB-6', reason }] }));
  const r = fixtureResults(waived);
  test('its status stays not kept, marked waived, and only unwaived failures remain', () => {
    expect(resultOf(r, 'DB-6')).toMatchObject({ status: 'not-kept', waived: `waived: ${reason}` });
    expect(failures(r).map((x) => x.id)).toEqual(baselineFailures);
  });
  test('the report says "not kept (waived: REASON)" in the summary and the claim section, and still PASS', () => {
    const md = reportMarkdown(waived, r, '2026-11-27');
    expect(md).toContain(`| [DB-6](#db-6) | ❌ not kept (waived: ${reason}) | `);
    expect(md).toContain(`**Status:** ❌ not kept (waived: ${reason}). `);
    if (!baselineFailures.length) {
      expect(md).toContain('**Result: PASS**: every claim is kept, not applicable with its reason, or not kept by');
      expect((reportJson(waived, r, 'x') as { result: string }).result).toBe('PASS');
    }
  });
  test('the page says it under the sentence that answers for the claim', () => {
    const line = securityPage(waived, r)
      .split('\n')
      .find((l) => l.startsWith('- **Resilience.**'));
    expect(line).toContain(`_(DB-6 not kept (waived: ${reason}))_`);
    expect(line).not.toContain('Not yet fully in place');
  });
  test('a waiver of another claim does not excuse it', () => {
    const other = withDb6Broken((c) => ({ ...c, waivers: [{ claim: 'DB-1', reason }] }));
    expect(failures(fixtureResults(other)).map((x) => x.id)).toEqual([...baselineFailures, 'DB-6'].sort(byOrder));
  });
});

const byOrder = (a: string, b: string) => CLAIM_IDS.indexOf(a) - CLAIM_IDS.indexOf(b);

describe('OPS-2 a cluster restored outside the stack: the claims about the stack cluster are not verified', () => {
  const restored: StageModel = {
    ...m,
    config: {
      ...m.config,
      database: {
        ...m.config.database,
        restoredCluster: {
          identifier: 'prod-restored-1',
          resourceId: 'cluster-ABCDEFGHIJKLMNOP',
          endpoint: 'prod-restored-1.cluster-abcdefghijkl.eu-west-3.rds.amazonaws.com',
        },
      },
    },
  };
  const r = fixtureResults(restored);
  const why =
    'the application uses cluster prod-restored-1, restored outside the stack; bring it back under the stack ' +
    '(docs/runbooks/restore.md)';
  test.each(STACK_CLUSTER_CLAIMS.filter((id) => CLAIM_IDS.includes(id)))('%s is not verified, and fails', (id) => {
    expect(resultOf(r, id)).toMatchObject({ status: 'not-verified', why });
    expect(failures(r).map((x) => x.id)).toContain(id);
  });
  test('the claims that do not read the cluster keep their verdict', () => {
    for (const id of ['BKP-1', 'BKP-3', 'BKP-4', 'BKP-6', 'EDGE-1', 'DET-3'])
      expect(resultOf(r, id)?.status).toBe(resultOf(results, id)?.status);
  });
  test('the report and the page say so', () => {
    expect(reportMarkdown(restored, r, '2026-11-27')).toContain(`| [DB-1](#db-1) | ❔ not verified | ${why} |`);
    const line = securityPage(restored, r)
      .split('\n')
      .find((l) => l.startsWith('- **Who can reach it.**'));
    expect(line).toContain(`_(DB-1 not verified: ${why})_`);
  });
});

describe('OPS-3 a disposable stage shows what it gives up as not kept, for that reason', () => {
  const disposable = withDb6Broken((c) => ({ ...c, lifecycle: 'disposable' }));
  const r = fixtureResults(disposable);
  test('DB-6 (no deletion protection) is not kept by the choice of the stage and does not fail', () => {
    expect(resultOf(r, 'DB-6')).toMatchObject({
      status: 'not-kept',
      waived: 'disposable stage: no deletion protection, the cluster is deleted with the stack',
    });
    expect(reportMarkdown(disposable, r, 'x')).toContain(
      '| [DB-6](#db-6) | ❌ not kept (disposable stage: no deletion',
    );
    expect(failures(r).map((x) => x.id)).toEqual(baselineFailures);
  });
  test('a claim the lifecycle does not concern still fails', () => {
    const unencrypted = mutate(disposable, 'p-Data', 'Cluster', (x) => ({
      ...x,
      Properties: { ...x.Properties, StorageEncrypted: false },
    }));
    const r2 = fixtureResults(unencrypted);
    expect(failures(r2).map((x) => x.id)).toContain('DB-4');
    expect(resultOf(r2, 'DB-4')?.waived).toBeUndefined();
  });
  test('a durable stage gets no such excuse', () => {
    expect(failures(fixtureResults(withDb6Broken((c) => c))).map((x) => x.id)).toContain('DB-6');
  });
});

describe('own stages: npm run compliance -- -c config=PATH [--out DIR]', () => {
  test('without arguments (npm test) only the committed examples are read, so a config/mine.json never fails it', () => {
    expect(EXAMPLE_STAGES).toEqual(['config/example.json', 'config/example-internal.json']);
    expect(parseComplianceArgs(['--check'])).toEqual({ check: true, config: undefined, out: undefined });
  });
  test.each<[string[], object]>([
    [['-c', 'config=config/mine.json'], { config: 'config/mine.json', out: undefined }],
    [
      ['--context', 'config=../stages/prod.json', '--out', 'reports'],
      { config: '../stages/prod.json', out: 'reports' },
    ],
    [['-c=config=config/mine.json', '--out=x'], { config: 'config/mine.json', out: 'x' }],
  ])('%j', (argv, expected) => {
    expect(parseComplianceArgs(argv)).toMatchObject({ check: false, ...expected });
  });
  test.each([
    [['-c', 'name=x'], /only the config context is read/],
    [['--out', 'x'], /--out is for an own stage/],
    [['--bogus'], /unknown argument --bogus/],
    [['-c'], /-c needs a value/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseComplianceArgs(argv)).toThrow(message);
  });
  test('an own stage gets its report, page and diagram in its folder', () => {
    expect(ownStageFiles('out/mine', 'mine')).toEqual({
      reportMd: 'out/mine/compliance/mine.md',
      reportJson: 'out/mine/compliance/mine.json',
      securityPage: 'out/mine/security.md',
      architecture: 'out/mine/architecture.md',
    });
  });
  test('the page says which stage it describes: the example, or the own stage with its file', () => {
    expect(securityPage(m, results, { file: 'config/example.json', example: true })).toContain(
      '_This page describes the example stage `prod` (`config/example.json`), generated by `npm run compliance`; for ' +
        'your own stage, `npm run compliance -- -c config=config/<stage>.json` writes its own',
    );
    expect(securityPage(m, results, { file: 'config/mine.json', example: false })).toContain(
      '_This page describes stage `prod` (`config/mine.json`), generated by `npm run compliance -- -c ' +
        'config=config/mine.json` from its infrastructure code',
    );
  });
});

describe('PROOF-1 cfn-lint missing', () => {
  test('compliance:check stops at once with the command that installs it, not with stale documents', () => {
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const tsx = require.resolve('tsx/cli');
    const run = spawnSync(process.execPath, [tsx, 'scripts/compliance.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: '/nonexistent', CI: '' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'cfn-lint is not installed, and `npm test` lints every template of the example stages with it (PROOF-1; ' +
        'their documents state its result). Install it: `pipx install cfn-lint` (or `pip install cfn-lint`), then run ' +
        'the command again.',
    );
    expect(run.stdout + run.stderr).not.toMatch(/out of date/);
  });
});
