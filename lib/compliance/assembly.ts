// Builds the StageModel of a config file: synthesizes the stage offline, runs the
// four cdk-nag packs, reads templates and acknowledgments back from the assembly.

import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { APP_PROPS, addStage } from '../app/add-stage';
import { nagPacks } from '../app/nag';
import type { StageConfig } from '../config/schema';
import { loadStageConfig } from '../config/validate';
import type { Acknowledgment, CfnLintResult, NagPackResult, StackModel, TemplateJson } from './model';

/** A synthesized stage: templates and nag results (config and repo are added by the caller). */
export interface SynthesizedStage {
  readonly config: StageConfig;
  readonly stacks: StackModel[];
  readonly nag: NagPackResult[];
  readonly otherAcknowledgments: Acknowledgment[];
  readonly outdir: string;
  readonly templateFiles: string[];
}

/** Reads `cdk_nag.rules_to_suppress` written into every resource's metadata. */
export function acknowledgmentsOf(stacks: readonly StackModel[]): Acknowledgment[] {
  const out: Acknowledgment[] = [];
  for (const s of stacks) {
    for (const [logicalId, r] of Object.entries(s.template.Resources ?? {})) {
      for (const rule of (r.Metadata?.cdk_nag?.rules_to_suppress ?? []) as Array<{ id: string; reason: string }>) {
        out.push({
          ruleId: rule.id,
          reason: rule.reason,
          stack: s.name,
          logicalId,
          path: r.Metadata?.['aws:cdk:path'],
        });
      }
    }
  }
  return out;
}

/**
 * Runs the packs with `validateScope` and counts the distinct rules each one
 * evaluates (cdk-nag v3 does not expose its rule list: `ruleIds` is unset).
 */
export function runNag(app: IConstruct, packs = nagPacks(app), acks: readonly Acknowledgment[] = []): NagPackResult[] {
  return packs.map((pack) => {
    const rules = new Set<string>();
    const p = pack as unknown as {
      applyRule: (params: { ruleSuffixOverride?: string; rule: { name: string } }) => void;
      readPackName: string;
    };
    const original = p.applyRule.bind(pack);
    p.applyRule = (params) => {
      rules.add(params.ruleSuffixOverride ?? params.rule.name);
      original(params);
    };
    const report = pack.validateScope(app);
    p.applyRule = original;
    const name = p.readPackName;
    return {
      pack: name,
      rulesChecked: rules.size,
      findings: report.violations.map((v) => ({
        rule: v.ruleName,
        severity: v.severity ?? 'error',
        description: v.description,
        resources: v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId ?? '?'),
      })),
      acknowledgments: acks.filter((a) => a.ruleId.startsWith(`${name}-`)),
    };
  });
}

/**
 * The App the report synthesizes, with construct path metadata on as the CDK CLI sets it
 * (`aws:cdk:enable-path-metadata`): every resource then carries `Metadata['aws:cdk:path']`,
 * which fills the report's "Construct path" column. A plain `new App()` leaves it off.
 */
export function complianceApp(context: Record<string, unknown> = {}, outdir?: string): App {
  return new App({ ...APP_PROPS, context: { ...context, [cxapi.PATH_METADATA_ENABLE_CONTEXT]: true }, outdir });
}

/** The stacks of a synthesized assembly as the report models them. */
export function stackModels(assembly: cxapi.CloudAssembly): StackModel[] {
  return assembly.stacks.map((s) => ({
    name: s.stackName,
    region: s.environment.region,
    account: s.environment.account,
    template: s.template as TemplateJson,
    terminationProtection: s.terminationProtection ?? false,
    dependencies: s.dependencies
      .filter((d): d is cxapi.CloudFormationStackArtifact => d instanceof cxapi.CloudFormationStackArtifact)
      .map((d) => d.stackName),
  }));
}

/** Synthesizes one stage of `config/` the way scripts/cfn-lint.ts does, with the packs' metadata aspect on. */
export function synthesizeStage(
  configFile: string,
  context: Record<string, unknown>,
  outdir?: string,
): SynthesizedStage {
  const config = loadStageConfig(configFile);
  outdir ??= fs.mkdtempSync(path.join(os.tmpdir(), `compliance-${config.name}-`));
  const app = complianceApp(context, outdir);
  addStage(app, config, { nag: false });
  // Constructed before synth so their aspect writes acknowledgments into the templates.
  const packs = nagPacks(app);
  const assembly = app.synth();
  const stacks = stackModels(assembly);
  const acks = acknowledgmentsOf(stacks);
  const nag = runNag(app, packs, acks);
  const packNames = nag.map((p) => p.pack);
  return {
    config,
    stacks,
    nag,
    otherAcknowledgments: acks.filter((a) => !packNames.some((p) => a.ruleId.startsWith(`${p}-`))),
    outdir,
    templateFiles: assembly.stacks.map((s) => s.templateFullPath),
  };
}

/** Acknowledgments recorded on constructs (Validations.of(x).acknowledge), for cross-checking the templates. */
export function constructAcknowledgments(root: IConstruct): Array<{ path: string; ruleId: string; reason: string }> {
  const out: Array<{ path: string; ruleId: string; reason: string }> = [];
  const walk = (c: IConstruct) => {
    for (const entry of c.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data) {
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>))
          out.push({ path: c.node.path, ruleId: id.replace(/^annotation::/i, ''), reason });
      }
    }
    c.node.children.forEach(walk);
  };
  walk(root);
  return out;
}

/**
 * cfn-lint over template files: skipped with a message where it is not installed,
 * unless `required` (CI). Asynchronous, so one stage is linted while the next one
 * synthesizes (cfn-lint is a separate Python process, a few seconds per stage).
 */
export function runCfnLint(root: string, files: readonly string[], required: boolean): Promise<CfnLintResult> {
  const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    const detail = 'cfn-lint is not installed (pip install cfn-lint)';
    return Promise.resolve(
      required
        ? { ran: false, ok: false, detail: `${detail}; required under CI=true`, output: '' }
        : { ran: false, ok: true, detail, output: '' },
    );
  }
  // A clean result is cached under a hash of the cfn-lint version, its settings and every
  // template (name and bytes): the same input always lints the same, and unchanged stages
  // then cost nothing on the next run. Problems are never cached, so they are always re-reported.
  const rc = path.join(root, '.cfnlintrc');
  const hash = crypto
    .createHash('sha256')
    .update(version.stdout)
    .update(fs.existsSync(rc) ? fs.readFileSync(rc) : '');
  for (const f of [...files].sort((a, b) => path.basename(a).localeCompare(path.basename(b))))
    hash.update(path.basename(f)).update(fs.readFileSync(f));
  const cacheFile = path.join(root, 'node_modules', '.cache', 'cfn-lint', `${hash.digest('hex')}.json`);
  const detail = version.stdout.trim();
  if (fs.existsSync(cacheFile)) return Promise.resolve({ ran: true, ok: true, detail, output: '' });
  return new Promise((resolve, reject) => {
    const child = spawn('cfn-lint', ['--config-file', rc, '--', ...files]);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        fs.writeFileSync(cacheFile, '{"ok":true}\n');
      }
      resolve({ ran: true, ok: code === 0, detail, output: output.trim() });
    });
  });
}

/** Tracked files of the repository and the contents the checkers read. */
export function repoSnapshot(root: string): { files: string[]; content: Record<string, string> } {
  const r = spawnSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' });
  const files = r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
  const content: Record<string, string> = {};
  for (const f of files) {
    if (/^test\/.*\.(test|spec)\.ts$/.test(f) || f === 'docs/runbooks/restore.md') {
      try {
        content[f] = fs.readFileSync(path.join(root, f), 'utf8');
      } catch {
        // listed but deleted in the work tree: skip
      }
    }
  }
  return { files, content };
}
