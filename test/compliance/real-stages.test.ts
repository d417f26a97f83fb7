// ORG-1 and ORG-3 over the real example stages, read from the cached synth (lib/compliance/stage-cache.ts).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { iamViolations, operatorRoles, requiresMfa } from '../../lib/compliance/model/iam';
import type { StageModel } from '../../lib/compliance/model/types';
import { RESOURCE_STAR_ALLOWLIST } from '../../lib/compliance/resource-star-allowlist';
import { SCAN_EXCLUDE, scanText } from '../../lib/compliance/secrets';
import { cachedStage } from '../../lib/compliance/stage-cache';
import { ROOT } from './real-stage-model';

/** The model of an example stage: its config and templates. */
function model(file: string): StageModel {
  const { config, stacks } = cachedStage(ROOT, path.join(ROOT, 'config', file));
  return { config, stacks };
}

const stages = ['example.json', 'example-internal.json'].map((f) => [f, model(f)] as const);

describe('ORG-1 least privilege over every IAM policy of every stack', () => {
  test.each(stages)(
    '%s: no "*" action, no service:* on data, no broad managed policy, Resource "*" only for allow-listed actions',
    (_f, m) => {
      const { violations, checked } = iamViolations(m);
      expect(checked.length).toBeGreaterThan(0);
      expect(violations.map((v) => `${v.stack}/${v.logicalId} ${v.property}: ${v.problem}`)).toEqual([]);
    },
  );

  test.each(stages)('%s: every operator role requires MFA', (_f, m) => {
    const ops = operatorRoles(m);
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.filter((o) => !requiresMfa(o)).map((o) => o.id)).toEqual([]);
  });

  test('every allow-list entry gives a reason', () => {
    for (const [action, reason] of Object.entries(RESOURCE_STAR_ALLOWLIST)) {
      expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      expect(reason.length).toBeGreaterThan(20);
    }
  });
});

const planted = fs.readFileSync(path.join(__dirname, 'fixtures', 'planted-secret.txt'), 'utf8');

describe('ORG-3 no secret-looking literal in templates or tracked files', () => {
  test('the planted fixture is caught: access key id, private key, connection string, password, secret key', () => {
    const kinds = new Set(scanText('planted-secret.txt', planted).map((f) => f.kind));
    expect([...kinds].sort()).toEqual(
      [
        'AWS access key id',
        'AWS secret access key',
        'credentials in a connection string',
        'password literal',
        'private key',
      ].sort(),
    );
  });

  test('secrets built at run time are caught in a template too', () => {
    const template = JSON.stringify({
      Resources: { Db: { Properties: { MasterUserPassword: 'Hunt' + 'er2-' + 'secret9' } } },
    });
    expect(scanText('t.json', template).map((f) => f.kind)).toEqual(['password literal']);
    expect(
      scanText('t.json', `"MasterUserPassword": "{{resolve:secretsmanager:arn:SecretString:password::}}"`),
    ).toEqual([]);
  });

  test('findings never repeat the secret', () => {
    for (const f of scanText('planted', planted)) expect(planted.includes(f.excerpt)).toBe(false);
  });

  test.each(stages)('%s: no synthesized template holds one', (_f, m) => {
    expect(m.stacks.flatMap((s) => scanText(s.name, JSON.stringify(s.template, null, 1)))).toEqual([]);
  });

  test('no tracked file holds one (the planted fixture excluded)', () => {
    const files = spawnSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(files).toContain('test/compliance/fixtures/planted-secret.txt');
    const findings = files
      .filter((f) => !SCAN_EXCLUDE.some((re) => re.test(f)) && fs.existsSync(path.join(ROOT, f)))
      .flatMap((f) => scanText(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(findings).toEqual([]);
  });
});
