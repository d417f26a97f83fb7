import * as fs from 'node:fs';
import * as path from 'node:path';
import { DISPOSABLE_KEY_PENDING_DAYS, KEPT_RESOURCE_TYPES, REMAINS_AFTER_DESTROY } from '../../lib/app/disposable';
import { CLAIMS } from '../../lib/compliance/claims';
import type { ClaimResult, StageModel } from '../../lib/compliance/model';
import { failing, stageStatus } from '../../lib/compliance/model/stage-status';
import { ROOT } from '../helpers';
import { disposableStage, exampleStage, INTERNAL, openNagFindings } from '../stage/example-stage';

type Resource = {
  Type: string;
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

// The internal example as a disposable stage, read from the stage cache (synthesized only when lib/, bin/ or the
// example changed: test/stage/example-stage.ts); the example itself stays durable: it is the test of the real thing.
const disposable = disposableStage();
const stacks = disposable.stacks;
const resources = (types?: readonly string[]): Array<[string, Resource]> =>
  stacks.flatMap((s) =>
    Object.entries((s.template.Resources ?? {}) as Record<string, Resource>)
      .filter(([, r]) => !types || types.includes(r.Type))
      .map(([id, r]): [string, Resource] => [`${s.name}/${id}`, r]),
  );

describe('OPS-3 a disposable stage is removed by `cdk destroy --all`', () => {
  test('no stack has termination protection', () => {
    expect(stacks.length).toBeGreaterThanOrEqual(8);
    for (const s of stacks) expect([s.name, s.terminationProtection ?? false]).toEqual([s.name, false]);
  });

  test('every resource is deleted with its stack, except the kinds listed as remaining', () => {
    const kept = resources()
      .filter(
        ([, r]) => (r.DeletionPolicy ?? 'Delete') !== 'Delete' || (r.UpdateReplacePolicy ?? 'Delete') !== 'Delete',
      )
      .filter(([, r]) => !KEPT_RESOURCE_TYPES.includes(r.Type));
    expect(kept.map(([id, r]) => `${id} ${r.Type} ${r.DeletionPolicy}`)).toEqual([]);
    // The kept kinds are really there (the list is not stale), and kept on purpose.
    const retained = resources(KEPT_RESOURCE_TYPES).filter(([, r]) => r.DeletionPolicy === 'Retain');
    expect(new Set(retained.map(([, r]) => r.Type))).toEqual(new Set(['AWS::Backup::BackupVault', 'AWS::S3::Bucket']));
  });

  test('DB-6 not kept: the cluster has no deletion protection and no final snapshot', () => {
    const clusters = resources(['AWS::RDS::DBCluster']);
    expect(clusters).toHaveLength(1);
    for (const [, c] of clusters) {
      expect(c.Properties?.DeletionProtection).toBe(false);
      expect(c.DeletionPolicy).toBe('Delete');
    }
  });

  test('keys wait the shortest deletion window, the image repository is emptied, the load balancer can go', () => {
    const keys = resources(['AWS::KMS::Key']);
    expect(keys.length).toBeGreaterThan(5);
    for (const [id, k] of keys)
      expect([id, k.Properties?.PendingWindowInDays]).toEqual([id, DISPOSABLE_KEY_PENDING_DAYS]);
    for (const [, r] of resources(['AWS::ECR::Repository'])) expect(r.Properties?.EmptyOnDelete).toBe(true);
    const albs = resources(['AWS::ElasticLoadBalancingV2::LoadBalancer']);
    expect(albs).toHaveLength(1);
    for (const [, lb] of albs)
      expect(lb.Properties?.LoadBalancerAttributes).toContainEqual({
        Key: 'deletion_protection.enabled',
        Value: 'false',
      });
  });

  test('PROOF-1 the disposable stage synthesizes with no open cdk-nag finding (the turned-off protections acknowledged)', () => {
    expect(openNagFindings(disposable)).toEqual([]);
  });
});

describe('OPS-3 what remains is documented with the commands that remove it', () => {
  const operations = fs.readFileSync(path.join(ROOT, 'docs', 'operations.md'), 'utf8');
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = (md: string, heading: string) => {
    const start = md.indexOf(`\n## ${heading}\n`);
    expect(start).toBeGreaterThan(-1);
    const end = md.indexOf('\n## ', start + 1);
    return md.slice(start, end < 0 ? undefined : end);
  };

  test.each(REMAINS_AFTER_DESTROY.map((r) => [r.command, r.what] as const))(
    'docs/operations.md and the README show `%s` (%s)',
    (command) => {
      expect(section(operations, 'Throw a test stage away')).toContain(command);
      expect(section(readme, 'Throw a test stage away')).toContain(command);
    },
  );

  test('the README says how to make a stage disposable, the destroy command, and links the long version', () => {
    const text = section(readme, 'Throw a test stage away');
    expect(text).toContain('"lifecycle": "disposable"');
    expect(text).toContain('npx cdk destroy --all');
    expect(text).toContain('docs/operations.md#throw-a-test-stage-away');
  });

  test('the README warns what cannot be undone before the deploy steps', () => {
    const warning = readme.indexOf('\n## What cannot be undone\n');
    expect(warning).toBeGreaterThan(-1);
    expect(warning).toBeLessThan(readme.indexOf('\n## Deploying\n'));
  });
});

describe('OPS-3 the claims a disposable stage gives up, and only those, are shown as its choice', () => {
  // PROOF-* read the cfn-lint, cfn-guard and IAM results gathered for the example stages only, not for a variant.
  const checked = CLAIMS.filter((c) => !c.id.startsWith('PROOF-'));
  const verdicts = (m: StageModel) => new Map(checked.map((c) => [c.id, stageStatus(m, c.check(m))]));
  const variant = verdicts(disposable);
  const durable = verdicts(exampleStage(INTERNAL));

  test('DB-6 BKP-6 BKP-7 ORG-7 change, and nothing else', () => {
    const changed = checked.map((c) => c.id).filter((id) => variant.get(id)?.status !== durable.get(id)?.status);
    expect(changed).toEqual(['DB-6', 'BKP-6', 'BKP-7', 'ORG-7']);
  });

  test('each one the stage gives up is shown with the reason, never as a failure', () => {
    // Claims that need what only the report gathers (the repository, cfn-lint) fail alike in both models.
    const ids = (m: Map<string, ClaimResult>) => failing([...m.values()]).map((r) => r.id);
    expect(ids(variant)).toEqual(ids(durable));
    for (const id of ['DB-6', 'BKP-6', 'ORG-7']) expect(variant.get(id)?.waived).toMatch(/^disposable stage: /);
  });
});

describe('OPS-3 a durable stage stays as it is (the internal example)', () => {
  const durable = exampleStage(INTERNAL);

  test('DB-6 BKP-1 every key is retained, the cluster snapshotted and deletion-protected', () => {
    const all = durable.stacks.flatMap((s) => Object.values((s.template.Resources ?? {}) as Record<string, Resource>));
    const keys = all.filter((r) => r.Type === 'AWS::KMS::Key');
    expect(keys.length).toBeGreaterThan(5);
    for (const k of keys) {
      expect(k.DeletionPolicy).toBe('Retain');
      expect(k.Properties?.PendingWindowInDays).toBeUndefined();
    }
    const [cluster] = all.filter((r) => r.Type === 'AWS::RDS::DBCluster');
    expect([cluster.DeletionPolicy, cluster.Properties?.DeletionProtection]).toEqual(['Snapshot', true]);
    for (const s of durable.stacks) expect([s.name, s.terminationProtection]).toEqual([s.name, true]);
  });
});
