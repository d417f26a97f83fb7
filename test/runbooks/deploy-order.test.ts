// OPS-1: the first-deploy order the README writes (Dns alone, delegation, then --all) holds for the synthesized
// stages: Dns deploys alone and holds no certificate; the stacks with a DNS-validated certificate deploy after it;
// the README names the stacks in the order the assembly deploys them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StackModel } from '../../lib/compliance/model';
import { exampleStage, INTERNAL, PUBLIC, ROOT } from '../stage/example-stage';

const CERTIFICATE = 'AWS::CertificateManager::Certificate';
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const deploying = readme.slice(
  readme.indexOf('## Deploying'),
  readme.indexOf('\n## ', readme.indexOf('## Deploying') + 3),
);

const concern = (stageName: string, s: StackModel | string) =>
  (typeof s === 'string' ? s : s.name).slice(stageName.length + 1);
const hasCertificate = (s: StackModel) =>
  Object.values(s.template.Resources ?? {}).some((r) => (r as { Type: string }).Type === CERTIFICATE);

/** Every stack `name` deploys after, directly or not. */
function upstream(stacks: readonly StackModel[], name: string, seen = new Set<string>()): Set<string> {
  for (const dep of stacks.find((s) => s.name === name)?.dependencies ?? []) {
    if (seen.has(dep)) continue;
    seen.add(dep);
    upstream(stacks, dep, seen);
  }
  return seen;
}

describe.each([PUBLIC, INTERNAL])('OPS-1 first deploy order (%s)', (file) => {
  const stage = exampleStage(file);
  const stacks = stage.stacks;
  const name = stage.config.name;

  test('the Dns stack deploys alone: it waits on no stack and holds no certificate', () => {
    const dns = stacks.find((s) => s.name === `${name}-Dns`);
    expect(dns?.dependencies ?? []).toEqual([]);
    expect(dns && hasCertificate(dns)).toBe(false);
  });

  test('every stack with a DNS-validated certificate deploys after the zones it validates in; the README names it', () => {
    const created = stage.config.domains.some((d) => !d.hostedZoneId);
    const withCertificates = stacks.filter(hasCertificate).map((s) => concern(name, s));
    expect(withCertificates).toEqual(expect.arrayContaining(['App']));
    for (const c of withCertificates) {
      // A created zone is the Dns stack's: the certificate's stack waits for it. An imported zone is delegated already.
      expect(upstream(stacks, `${name}-${c}`).has(`${name}-Dns`)).toBe(created);
      expect(deploying).toContain(`**${c}**`);
    }
  });
});
