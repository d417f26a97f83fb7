// Stage-level tests read the example stages as `cdk synth` builds them, from one cached assembly per
// stage file (lib/compliance/stage-cache.ts): synthesized at most once per run by the jest global
// setup, and not at all when nothing under lib/, bin/ or the stage file changed. Reading one costs
// milliseconds, so every stage test file runs alone (`npx jest test/stage/data.test.ts`) as fast.
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { StackModel, TemplateJson } from '../../lib/compliance/model';
import { type CachedStage, cachedStage } from '../../lib/compliance/stage-cache';

export const ROOT = path.join(__dirname, '..', '..');

/** The example stage files, by what they show. */
export const PUBLIC = 'example.json';
export const INTERNAL = 'example-internal.json';

/** The synthesized example stage of `config/<file>`. */
export function exampleStage(file: string = PUBLIC): CachedStage {
  return cachedStage(ROOT, path.join(ROOT, 'config', file));
}

/** One stack of an example stage by its concern (`Data`, `Edge`...); throws when the stage has no such stack. */
export function stackOf(concern: string, file: string = PUBLIC): StackModel {
  const stage = exampleStage(file);
  const name = `${stage.config.name}-${concern}`;
  const stack = stage.stacks.find((s) => s.name === name);
  if (!stack) throw new Error(`${file} has no stack ${name}`);
  return stack;
}

/** Whether an example stage has a stack for `concern`. */
export function hasStack(concern: string, file: string = PUBLIC): boolean {
  const stage = exampleStage(file);
  return stage.stacks.some((s) => s.name === `${stage.config.name}-${concern}`);
}

const templates = new Map<StackModel, Template>();
/** The assertions `Template` of one stack of an example stage. */
export function templateOf(concern: string, file: string = PUBLIC): Template {
  const stack = stackOf(concern, file);
  let t = templates.get(stack);
  if (!t) {
    t = Template.fromJSON(stack.template as Record<string, unknown>);
    templates.set(stack, t);
  }
  return t;
}

/** Open cdk-nag findings of one stack (or the whole stage), as `rule @ path` lines. */
export function openNagFindings(file: string = PUBLIC, concern?: string): string[] {
  const stage = exampleStage(file);
  const prefix = concern ? `${stage.config.name}-${concern}/` : '';
  return stage.nag.flatMap((pack) =>
    pack.findings.flatMap((f) => f.resources.filter((r) => r.startsWith(prefix)).map((r) => `${f.rule} @ ${r}`)),
  );
}

/**
 * A template made comparable across runs: asset hashes replaced by a placeholder; construct-path
 * metadata (which the CLI writes, and which only says where a resource is declared) dropped; and the
 * outputs CDK publishes for weak cross-stack references (`PublishOutput*`) left out: they change
 * whenever another stack starts or stops reading a value, which that stack's own snapshot shows.
 */
export function normalizedTemplate(concern: string, file: string = PUBLIC): TemplateJson {
  const json = JSON.stringify(stackOf(concern, file).template).replace(/[0-9a-f]{64}(\.zip|\.json)?/g, 'ASSET-HASH$1');
  const template = JSON.parse(json) as { Resources?: Record<string, { Metadata?: Record<string, unknown> }> } & {
    Outputs?: Record<string, unknown>;
  };
  for (const r of Object.values(template.Resources ?? {})) {
    if (!r.Metadata) continue;
    delete r.Metadata['aws:cdk:path'];
    if (!Object.keys(r.Metadata).length) delete r.Metadata;
  }
  if (template.Outputs) {
    for (const key of Object.keys(template.Outputs)) if (key.startsWith('PublishOutput')) delete template.Outputs[key];
    if (!Object.keys(template.Outputs).length) delete template.Outputs;
  }
  return template as TemplateJson;
}

/** Logical IDs of the resources of the given types in one stack, for pinning stateful resources. */
export function logicalIds(concern: string, types: readonly string[], file: string = PUBLIC): Record<string, string[]> {
  const t = templateOf(concern, file);
  const out: Record<string, string[]> = {};
  for (const type of types) out[type] = Object.keys(t.findResources(type)).sort();
  return out;
}
