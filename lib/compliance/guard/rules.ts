// The AWS Control Tower proactive controls as `@cdklabs/cdk-validator-cfnguard` ships them: a cfn-guard
// binary per platform (bin/<ubuntu|macos>/<x86_64|aarch64>/cfn-guard) and, per control, a guard file
// (rules/control-tower/cfn-guard/<service>/ct-<...>.guard) beside its catalog entry
// (rules/control-tower/metadata/<service>/ct-<...>.metadata.json: ID, title, evaluated resource types).
// The package's own CDK plugin picks the binary the same way.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One control: its guard rule and what the catalog says about it. */
export interface ControlRule {
  /** `CT.S3.PR.9` */
  readonly id: string;
  /** The primary rule of the guard file, as cfn-guard reports it. */
  readonly rule: string;
  readonly title: string;
  /** The resource types the control evaluates (it may also read others these reference). */
  readonly types: readonly string[];
  /** Absolute path of the guard file. */
  readonly file: string;
}

/** Where the package is installed. */
export const guardPackageDir = (root: string): string =>
  path.join(root, 'node_modules', '@cdklabs', 'cdk-validator-cfnguard');

const PLATFORMS: Readonly<Record<string, string>> = { linux: 'ubuntu', darwin: 'macos' };
const ARCHS: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64' };

/** The binary for this platform, or why there is none. */
export function guardBinary(root: string): { file?: string; missing?: string } {
  const platform = PLATFORMS[process.platform];
  const arch = ARCHS[process.arch];
  if (!platform || !arch)
    return { missing: `@cdklabs/cdk-validator-cfnguard ships no cfn-guard for ${process.platform}/${process.arch}` };
  const file = path.join(guardPackageDir(root), 'bin', platform, arch, 'cfn-guard');
  if (!fs.existsSync(file)) return { missing: `${path.relative(root, file)} is not installed (npm ci)` };
  return { file };
}

const versions = new Map<string, string | undefined>();

/** `cfn-guard --version` of a binary (once per process), or undefined when it does not run here. */
export function guardVersion(binary: string): string | undefined {
  if (!versions.has(binary)) {
    const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    versions.set(binary, r.error || r.status !== 0 ? undefined : r.stdout.trim());
  }
  return versions.get(binary);
}

/** The package version, named in the report beside the binary's. */
export function guardPackageVersion(root: string): string {
  return JSON.parse(fs.readFileSync(path.join(guardPackageDir(root), 'package.json'), 'utf8')).version;
}

const catalogs = new Map<string, readonly ControlRule[]>();

/** Every control of the package (read once per process). */
export function controlCatalog(root: string): readonly ControlRule[] {
  const base = path.join(guardPackageDir(root), 'rules', 'control-tower');
  let catalog = catalogs.get(base);
  if (!catalog) {
    const sorted = (dir: string) => fs.readdirSync(dir).sort();
    catalog = sorted(path.join(base, 'metadata')).flatMap((service) =>
      sorted(path.join(base, 'metadata', service)).map((f) => {
        const meta = JSON.parse(fs.readFileSync(path.join(base, 'metadata', service, f), 'utf8'));
        const file = path.join(base, 'cfn-guard', service, f.replace(/\.metadata\.json$/, '.guard'));
        const rule = /^rule (\w+) when/m.exec(fs.readFileSync(file, 'utf8'))?.[1];
        if (!rule) throw new Error(`no primary rule in ${file}`);
        return { id: meta.Id, rule, title: meta.DisplayName, types: meta.EvaluatedResourceTypes, file };
      }),
    );
    catalogs.set(base, catalog);
  }
  return catalog;
}
