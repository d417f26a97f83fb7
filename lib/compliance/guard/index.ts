// PROOF-6: the AWS Control Tower proactive controls (cfn-guard rules of @cdklabs/cdk-validator-cfnguard)
// over every template of a stage, as `npm run compliance` and `npm test` run them. Optional where the
// package ships no binary for the platform or the binary cannot run, except under CI=true, where it is
// required (the binary ships with the package, so on Linux and macOS it always runs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TemplateJson } from '../model/types';
import { applyExceptions, evaluate, type GuardTemplate, stackOfFile } from './evaluate';
import { GUARD_EXCEPTIONS, type GuardException } from './exceptions';
import { type ControlRule, controlCatalog, guardBinary, guardPackageVersion, guardVersion } from './rules';
import { runGuard } from './run';
import type { CfnGuardResult } from './types';

export { GUARD_EXCEPTIONS, type GuardException, stageExceptions } from './exceptions';
export type { CfnGuardResult, GuardControl, GuardResource, GuardStatus } from './types';

/** The binary and its version, or why cfn-guard cannot run here. */
export function cfnGuardAvailable(root: string): { binary: string; version: string } | { missing: string } {
  const { file, missing } = guardBinary(root);
  if (!file) return { missing: missing ?? 'no cfn-guard binary' };
  const version = guardVersion(file);
  if (!version) return { missing: `${path.relative(root, file)} does not run on this machine` };
  return { binary: file, version };
}

/** The templates of the stage as cfn-guard reads them. */
const readTemplates = (files: readonly string[]): GuardTemplate[] =>
  files.map((f) => ({
    stack: stackOfFile(path.basename(f)),
    template: JSON.parse(fs.readFileSync(f, 'utf8')) as TemplateJson,
  }));

/**
 * The controls whose catalog entry evaluates a resource type present in the templates: the others
 * would skip every template, and leaving them out halves the run.
 */
export function controlsFor(catalog: readonly ControlRule[], templates: readonly GuardTemplate[]): ControlRule[] {
  const types = new Set(templates.flatMap((t) => Object.values(t.template.Resources ?? {}).map((r) => r.Type)));
  return catalog.filter((c) => c.types.some((t) => types.has(t)));
}

/**
 * Every applicable Control Tower control over the template files of stage `stage` (its config name,
 * the prefix of its stack names), exceptions applied. Skipped with the reason where cfn-guard cannot
 * run, unless `required` (CI).
 */
export async function runCfnGuard(
  root: string,
  stage: string,
  files: readonly string[],
  required: boolean,
  stageOnly: readonly GuardException[] = [],
): Promise<CfnGuardResult> {
  const available = cfnGuardAvailable(root);
  if ('missing' in available)
    return required
      ? { ran: false, ok: false, detail: `${available.missing}; required under CI=true`, controls: [] }
      : { ran: false, ok: true, detail: available.missing, controls: [] };
  try {
    const templates = readTemplates(files);
    const catalog = controlCatalog(root);
    const rules = controlsFor(catalog, templates);
    const reports = await runGuard({ root, ...available, cacheName: stage }, rules, files);
    const controls = applyExceptions(stage, evaluate(rules, templates, reports), [...GUARD_EXCEPTIONS, ...stageOnly]);
    const detail =
      `${available.version}, rules of @cdklabs/cdk-validator-cfnguard ${guardPackageVersion(root)}: ` +
      `${rules.length} of the ${catalog.length} controls evaluate a resource type of the stage`;
    return { ran: true, ok: !controls.some((c) => c.status === 'fail'), detail, controls };
  } catch (e) {
    return {
      ran: false,
      ok: false,
      detail: `cfn-guard failed: ${e instanceof Error ? e.message : String(e)}`,
      controls: [],
    };
  }
}
