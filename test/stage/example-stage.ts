// Stage-level tests read the example stages as `cdk synth` builds them, from one cached assembly per
// stage file (lib/compliance/stage-cache.ts): synthesized at most once per run by the jest global
// setup, and not at all when nothing under lib/, bin/ or the stage file changed. Reading one costs
// milliseconds, so every stage test file runs alone (`npx jest test/stage/data.test.ts`) as fast.
// Variants of the examples (a disposable stage, a switch-over, the disaster path) are stage files too: written
// under node_modules/.cache/stage-variants/ (or kept in test/fixtures/) and read through the same cache, so they are
// synthesized once when something changed, not on every run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { writeCacheFile } from '../../lib/compliance/cache-file';
import type { StackModel, TemplateJson } from '../../lib/compliance/model';
import { type CachedStage, cachedStage } from '../../lib/compliance/stage-cache';

export const ROOT = path.join(__dirname, '..', '..');

/** The example stage files, by what they show. */
export const PUBLIC = 'example.json';
export const INTERNAL = 'example-internal.json';

/** A stage the helpers read: an example stage file of `config/` (`PUBLIC`, `INTERNAL`), or a stage already read. */
export type StageRef = string | CachedStage;

// Read once per test file: a read hashes lib/ and parses the assembly (about 15 ms).
const read = new Map<string, CachedStage>();
function stageFile(file: string, bundling = true): CachedStage {
  let stage = read.get(file);
  if (!stage) {
    stage = cachedStage(ROOT, file, { bundling });
    read.set(file, stage);
  }
  return stage;
}

/** The synthesized example stage of `config/<file>`. */
export function exampleStage(file: string = PUBLIC): CachedStage {
  return stageFile(path.join(ROOT, 'config', file));
}

/** The synthesized stage of a stage file kept in the repository (`test/fixtures/...`), relative to the root. */
export function fixtureStage(file: string): CachedStage {
  // Variants are read as templates only: their Lambda code is not bundled (about a second less per cold synth).
  return stageFile(path.join(ROOT, file), false);
}

/** Where the stage files of the variants are written. */
export const VARIANT_DIR = path.join(ROOT, 'node_modules', '.cache', 'stage-variants');

/**
 * The synthesized stage of a variant of an example: `mutate` gets the raw (unvalidated) config of `config/<base>`
 * and returns the variant's. Written as `<name>.json` under {@link VARIANT_DIR} (only when its text changed, so a
 * reader never sees half a file) and read through the cache, which is keyed by that text: a changed variant is
 * synthesized again. `name` must be unique among the variants and the stage files (it names the cache entry).
 */
export function variantStage(
  name: string,
  base: string,
  mutate: (raw: Record<string, unknown>) => Record<string, unknown>,
): CachedStage {
  const raw = JSON.parse(fs.readFileSync(path.join(ROOT, 'config', base), 'utf8')) as Record<string, unknown>;
  const file = path.join(VARIANT_DIR, `${name}.json`);
  const text = `${JSON.stringify(mutate(raw), null, 2)}\n`;
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) writeCacheFile(file, text);
  return stageFile(file, false);
}

const stageOf = (stage: StageRef): CachedStage => (typeof stage === 'string' ? exampleStage(stage) : stage);

/** One stack of a stage by its concern (`Data`, `Edge`...); throws when the stage has no such stack. */
export function stackOf(concern: string, stage: StageRef = PUBLIC): StackModel {
  const s = stageOf(stage);
  const name = `${s.config.name}-${concern}`;
  const stack = s.stacks.find((st) => st.name === name);
  if (!stack) throw new Error(`${typeof stage === 'string' ? stage : 'the stage'} has no stack ${name}`);
  return stack;
}

/** Whether a stage has a stack for `concern`. */
export function hasStack(concern: string, stage: StageRef = PUBLIC): boolean {
  const s = stageOf(stage);
  return s.stacks.some((st) => st.name === `${s.config.name}-${concern}`);
}

const templates = new Map<StackModel, Template>();
/** The assertions `Template` of one stack of a stage. */
export function templateOf(concern: string, stage: StageRef = PUBLIC): Template {
  const stack = stackOf(concern, stage);
  let t = templates.get(stack);
  if (!t) {
    t = Template.fromJSON(stack.template as Record<string, unknown>);
    templates.set(stack, t);
  }
  return t;
}

/** Open cdk-nag findings of one stack (or the whole stage), as `rule @ path` lines. */
export function openNagFindings(stage: StageRef = PUBLIC, concern?: string): string[] {
  const s = stageOf(stage);
  const prefix = concern ? `${s.config.name}-${concern}/` : '';
  return s.nag.flatMap((pack) =>
    pack.findings.flatMap((f) => f.resources.filter((r) => r.startsWith(prefix)).map((r) => `${f.rule} @ ${r}`)),
  );
}

/**
 * A template made comparable across runs: asset hashes replaced by a placeholder; construct-path
 * metadata (which the CLI writes, and which only says where a resource is declared) dropped; and the
 * outputs CDK publishes for weak cross-stack references (`PublishOutput*`) left out: they change
 * whenever another stack starts or stops reading a value, which that stack's own snapshot shows.
 */
export function normalizedTemplate(concern: string, stage: StageRef = PUBLIC): TemplateJson {
  const json = JSON.stringify(stackOf(concern, stage).template).replace(/[0-9a-f]{64}(\.zip|\.json)?/g, 'ASSET-HASH$1');
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
export function logicalIds(
  concern: string,
  types: readonly string[],
  stage: StageRef = PUBLIC,
): Record<string, string[]> {
  const t = templateOf(concern, stage);
  const out: Record<string, string[]> = {};
  for (const type of types) out[type] = Object.keys(t.findResources(type)).sort();
  return out;
}

/**
 * The internal example as a disposable stage (OPS-3): what `cdk destroy --all` leaves and the key guard it goes
 * without (test/app/disposable.test.ts, test/compliance/key-guard.test.ts). The examples themselves stay durable.
 */
export function disposableStage(): CachedStage {
  return variantStage('disposable', INTERNAL, (c) => ({ ...c, lifecycle: 'disposable' }));
}

/** The cluster restored outside the stack that {@link switchOverStage} follows. */
export const RESTORED_CLUSTER = {
  identifier: 'prod-aurora-restored',
  resourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0',
  endpoint: 'prod-aurora-restored.cluster-c1a2b3c4d5e6.eu-west-3.rds.amazonaws.com',
} as const;

/** The public example switched over to a restored cluster by config (OPS-2, test/app/switch-over.test.ts). */
export function switchOverStage(): CachedStage {
  return variantStage('switch-over', PUBLIC, (c) => ({ ...c, database: { restoredCluster: RESTORED_CLUSTER } }));
}

/** The disaster path (OPS-2): the example stage rebuilt in its former backup region from a copied recovery point. */
export const DISASTER_FIXTURE = 'test/fixtures/disaster-stage.json';
export function disasterStage(): CachedStage {
  return fixtureStage(DISASTER_FIXTURE);
}
