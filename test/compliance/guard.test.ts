// PROOF-6: the AWS Control Tower proactive controls (cfn-guard rules of @cdklabs/cdk-validator-cfnguard)
// over the templates. The runner on tiny templates, the exception list (reasons, no stale entry), the
// claim, and both example stages: no failure outside the exceptions.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { claim } from '../../lib/compliance/claims';
import { applyExceptions, evaluate, type GuardTemplate } from '../../lib/compliance/guard/evaluate';
import { covers, GUARD_EXCEPTIONS, resourceNames, stageExceptions } from '../../lib/compliance/guard/exceptions';
import {
  type CfnGuardResult,
  cfnGuardAvailable,
  controlsFor,
  type GuardControl,
  runCfnGuard,
} from '../../lib/compliance/guard/index';
import { controlCatalog } from '../../lib/compliance/guard/rules';
import { runGuard } from '../../lib/compliance/guard/run';
import type { StageModel, TemplateJson } from '../../lib/compliance/model/types';
import { cachedStage } from '../../lib/compliance/stage-cache';
import { goodStage } from './fixtures/stage';

const ROOT = path.join(__dirname, '..', '..');
const STAGE_FILES = ['example.json', 'example-internal.json'];
const available = cfnGuardAvailable(ROOT);
const binary = 'binary' in available ? available : undefined;
/** Where the package ships no binary that runs here (not Linux or macOS), outside CI. */
const whereGuardRuns = binary || process.env.CI === 'true' ? describe : describe.skip;

/** Writes `resources` as template `<stack>.template.json` in a new directory; returns the file. */
function templateFile(stack: string, resources: TemplateJson['Resources']): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-'));
  const file = path.join(dir, `${stack}.template.json`);
  fs.writeFileSync(file, JSON.stringify({ Resources: resources }));
  return file;
}

/**
 * The controls over one template file. The applicable controls are not cached (the binary runs every
 * time); the whole catalog (`all`), about a second, is cached like a stage.
 */
async function guard(file: string, all = false): Promise<GuardControl[]> {
  if (!binary) throw new Error('no cfn-guard binary runs here');
  const templates: GuardTemplate[] = [
    { stack: path.basename(file, '.template.json'), template: JSON.parse(fs.readFileSync(file, 'utf8')) },
  ];
  const rules = all ? controlCatalog(ROOT) : controlsFor(controlCatalog(ROOT), templates);
  const cacheName = all ? 'catalog-check' : undefined;
  return evaluate(rules, templates, await runGuard({ root: ROOT, ...binary, cacheName }, rules, [file]));
}

const cluster = (MasterUsername: string) => ({
  Db: {
    Type: 'AWS::RDS::DBCluster',
    Metadata: { 'aws:cdk:path': 'tiny-Data/Database/Cluster/Resource' },
    Properties: { Engine: 'aurora-postgresql', MasterUsername, StorageEncrypted: true },
  },
});

whereGuardRuns('PROOF-6 the runner: cfn-guard with the Control Tower rules over a template', () => {
  test('PROOF-6 a cluster whose master user is `postgres` fails CT.RDS.PR.21, and passes once renamed', async () => {
    const failing = (await guard(templateFile('tiny-Data', cluster('postgres')))).find((c) => c.id === 'CT.RDS.PR.21');
    expect(failing).toMatchObject({
      rule: 'rds_cluster_default_admin_check',
      status: 'fail',
      resources: [{ stack: 'tiny-Data', logicalId: 'Db', path: 'tiny-Data/Database/Cluster/Resource', status: 'fail' }],
    });
    expect(failing?.resources[0].why).toMatch(/MasterUsername/);
    const fixed = (await guard(templateFile('tiny-Data', cluster('app_admin')))).find((c) => c.id === 'CT.RDS.PR.21');
    expect(fixed).toMatchObject({ status: 'pass', resources: [{ logicalId: 'Db', status: 'pass' }] });
  });

  test('PROOF-6 leaving out the controls of absent resource types changes nothing: they skip every template', async () => {
    const file = templateFile('tiny-Data', {
      ...cluster('postgres'),
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
    });
    const summary = (cs: readonly GuardControl[]) => cs.map((c) => `${c.id} ${c.status} ${c.resources.length}`);
    expect(summary(await guard(file))).toEqual(summary(await guard(file, true)));
  });

  test('PROOF-6 the catalog: every guard file has its primary rule and catalog entry, IDs are unique', () => {
    const catalog = controlCatalog(ROOT);
    expect(catalog.length).toBeGreaterThan(200);
    expect(new Set(catalog.map((c) => c.id)).size).toBe(catalog.length);
    expect(new Set(catalog.map((c) => c.rule)).size).toBe(catalog.length);
    expect(catalog.filter((c) => !/^CT\.[A-Z0-9-]+\.PR\.\d+$/.test(c.id) || !c.types.length)).toEqual([]);
  });
});

describe('PROOF-6 where cfn-guard cannot run', () => {
  const noPackage = fs.mkdtempSync(path.join(os.tmpdir(), 'no-guard-'));
  test('it is skipped with the reason, unless required (CI=true)', async () => {
    expect(await runCfnGuard(noPackage, 'tiny', [], false)).toMatchObject({ ran: false, ok: true, controls: [] });
    const required = await runCfnGuard(noPackage, 'tiny', [], true);
    expect(required).toMatchObject({ ran: false, ok: false, detail: expect.stringMatching(/required under CI=true/) });
  });
});

describe('PROOF-6 the exception list (lib/compliance/guard/exceptions.ts)', () => {
  test.each(GUARD_EXCEPTIONS.map((e) => [e.control, e]))(
    '%s has a control of the catalog, resources and a reason',
    (_id, e) => {
      expect(controlCatalog(ROOT).map((c) => c.id)).toContain(e.control);
      expect(e.resources.length).toBeGreaterThan(0);
      expect(e.reason.length).toBeGreaterThan(60);
      expect(e.reason).not.toMatch(/^(todo|n\/?a|false positive)\b/i);
    },
  );

  test('the real gaps are never excepted: grants for AWS resources only, non-root task user, master user name, trail bucket lock', () => {
    expect(GUARD_EXCEPTIONS.filter((e) => ['CT.KMS.PR.3', 'CT.ECS.PR.3', 'CT.RDS.PR.21'].includes(e.control))).toEqual(
      [],
    );
    const trailBucket = {
      stack: 'prod-Detection',
      logicalId: 'B',
      path: 'prod-Detection/AuditTrail/Bucket/Bucket/Resource',
    };
    const lockExceptions = GUARD_EXCEPTIONS.filter((e) =>
      covers(e, 'prod', 'CT.S3.PR.9', { ...trailBucket, type: '', status: 'fail' }),
    );
    expect(lockExceptions).toEqual([]);
  });

  test('a resource is named by construct path or logical ID, without the stage prefix; `*` stays within a segment', () => {
    const r = { stack: 'prod-Data', logicalId: 'HostA1', path: 'prod-Data/OperatorAccess/Host/Resource' };
    expect(resourceNames('prod', r)).toEqual(['Data/HostA1', 'Data/OperatorAccess/Host/Resource']);
    const e = { control: 'CT.EC2.PR.8', resources: ['Data/*/Host/Resource'], reason: 'x' };
    const failure = { ...r, type: 'AWS::EC2::Instance', status: 'fail' as const };
    expect(covers(e, 'prod', 'CT.EC2.PR.8', failure)).toBe(true);
    expect(covers(e, 'prod', 'CT.EC2.PR.19', failure)).toBe(false);
    expect(covers({ ...e, resources: ['Data/*/Resource'] }, 'prod', 'CT.EC2.PR.8', failure)).toBe(false);
  });

  test('an exception turns only the failures it covers into `excepted`, with its reason', () => {
    const res = (logicalId: string) => ({ stack: 'prod-Data', logicalId, type: 'T', status: 'fail' as const });
    const controls: GuardControl[] = [
      { id: 'CT.X.PR.1', rule: 'x', title: 'X', status: 'fail', resources: [res('A'), res('B')] },
    ];
    const list = [{ control: 'CT.X.PR.1', resources: ['Data/A'], reason: 'why A does not apply' }];
    const [once] = applyExceptions('prod', controls, list);
    expect(once.status).toBe('fail');
    expect(once.resources.map((r) => [r.logicalId, r.status, r.why])).toEqual([
      ['A', 'excepted', 'why A does not apply'],
      ['B', 'fail', undefined],
    ]);
    const [both] = applyExceptions('prod', controls, [{ ...list[0], resources: ['Data/A', 'Data/B'] }]);
    expect(both.status).toBe('excepted');
  });
});

describe('PROOF-6 the claim', () => {
  const base = goodStage();
  const withGuard = (cfnGuard: CfnGuardResult | undefined): StageModel => ({ ...base, cfnGuard });
  const control = (status: 'pass' | 'fail' | 'excepted'): GuardControl => ({
    id: 'CT.RDS.PR.21',
    rule: 'rds_cluster_default_admin_check',
    title: 'Require an Amazon RDS DB cluster to have a unique administrator username',
    status,
    resources: [{ stack: 'p-Data', logicalId: 'Cluster', type: 'AWS::RDS::DBCluster', status }],
  });
  const ran = (...controls: GuardControl[]) => ({ ran: true, ok: true, detail: 'cfn-guard 3.x', controls });
  const check = (m: StageModel) => claim('PROOF-6').check(m);

  test('kept when every control passes or fails only where an exception applies', () => {
    expect(check(withGuard(ran(control('pass'), control('excepted')))).status).toBe('kept');
  });
  test('not kept on a failure no exception covers', () => {
    const r = check(withGuard({ ...ran(control('fail')), ok: false }));
    expect([r.status, r.why]).toEqual(['not-kept', expect.stringMatching(/CT\.RDS\.PR\.21 fails on p-Data\/Cluster/)]);
  });
  test('not kept when cfn-guard is required and did not run, or evaluated nothing', () => {
    expect(
      check(withGuard({ ran: false, ok: false, detail: 'no binary; required under CI=true', controls: [] })).status,
    ).toBe('not-kept');
    expect(check(withGuard(ran())).status).toBe('not-kept');
  });
  test('not applicable where it is skipped (no binary for the platform) or not run', () => {
    expect(check(withGuard({ ran: false, ok: true, detail: 'no binary', controls: [] })).status).toBe('not-applicable');
    expect(check(withGuard(undefined)).status).toBe('not-applicable');
  });
});

whereGuardRuns('PROOF-6 the example stages: every template, every applicable control', () => {
  const results = new Map<string, { stage: string; result: CfnGuardResult }>();
  beforeAll(async () => {
    // Cached by content: a cold run takes a few seconds per stage, a warm one milliseconds.
    await Promise.all(
      STAGE_FILES.map(async (file) => {
        const s = cachedStage(ROOT, path.join(ROOT, 'config', file));
        results.set(file, {
          stage: s.config.name,
          result: await runCfnGuard(ROOT, s.config.name, s.templateFiles, true),
        });
      }),
    );
  }, 120_000);

  test.each(STAGE_FILES)('PROOF-6 %s: no control fails outside the exception list', (file) => {
    const { result } = results.get(file) ?? { result: undefined };
    expect(result).toMatchObject({ ran: true });
    expect(result?.controls.length).toBeGreaterThan(40);
    const failures = (result?.controls ?? []).flatMap((c) =>
      c.resources
        .filter((r) => r.status === 'fail')
        .map((r) => `${c.id} ${r.path ?? `${r.stack}/${r.logicalId}`}: ${r.why}`),
    );
    expect(failures).toEqual([]);
  });

  test('PROOF-6 no stale exception: every resource pattern of every entry covers a failure of an example stage', () => {
    const stale = GUARD_EXCEPTIONS.flatMap((e) =>
      e.resources
        .filter(
          (pattern) =>
            ![...results.values()].some(({ stage, result }) =>
              result.controls.some((c) =>
                c.resources.some(
                  (r) => r.status === 'excepted' && covers({ ...e, resources: [pattern] }, stage, c.id, r),
                ),
              ),
            ),
        )
        .map((pattern) => `${e.control} ${pattern}`),
    );
    expect(stale).toEqual([]);
  });
});

describe('PROOF-6 exceptions that hold for one stage because of its config', () => {
  const failing = {
    stack: 'legacy-Data',
    logicalId: 'DatabaseCluster',
    type: 'AWS::RDS::DBCluster',
    path: 'legacy-Data/Database/Cluster/Resource',
    status: 'fail' as const,
  };
  const controls = [{ id: 'CT.RDS.PR.21', rule: 'r', title: 't', status: 'fail' as const, resources: [failing] }];

  test('a stage that keeps its deployed master user name lists CT.RDS.PR.21 for its cluster, with the name', () => {
    const list = stageExceptions({ database: { masterUsername: 'postgres', keepDeployedMasterUsername: true } });
    const [c] = applyExceptions('legacy', controls, [...GUARD_EXCEPTIONS, ...list]);
    expect(c.status).toBe('excepted');
    expect(c.resources[0].why).toContain('`postgres`');
  });

  test('any other stage gets no such exception: the control fails', () => {
    expect(stageExceptions({ database: { masterUsername: 'bookingadmin' } })).toEqual([]);
    expect(applyExceptions('legacy', controls)[0].status).toBe('fail');
  });

  test('OPS-3 a disposable stage lists the deletion-protection controls of its cluster and load balancer only', () => {
    const cluster = { ...failing, path: 'scratch-Data/Database/Cluster/Resource' };
    const list = stageExceptions({ database: { masterUsername: 'bookingadmin' }, lifecycle: 'disposable' });
    expect(list.map((e) => e.control).sort()).toEqual(['CT.ELASTICLOADBALANCING.PR.5', 'CT.RDS.PR.3']);
    const rds3 = [{ id: 'CT.RDS.PR.3', rule: 'r', title: 't', status: 'fail' as const, resources: [cluster] }];
    expect(applyExceptions('scratch', rds3, [...GUARD_EXCEPTIONS, ...list])[0].status).toBe('excepted');
    expect(applyExceptions('scratch', rds3)[0].status).toBe('fail');
    expect(stageExceptions({ database: { masterUsername: 'bookingadmin' }, lifecycle: 'durable' })).toEqual([]);
  });
});
