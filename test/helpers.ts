import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { APP_PROPS, addStage } from '../lib/app/add-stage';
import { nagPacks } from '../lib/app/nag';
import type { Stage } from '../lib/app/stage';
import type { StageConfig, StageInput } from '../lib/config/schema';
import { ConfigError, validateStage } from '../lib/config/validate';

export const ROOT = path.join(__dirname, '..');

/** The context `cdk synth` uses (cdk.json), so tests build what the CLI builds. */
export function cdkContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context;
}

/** A stage file of `config/`, parsed but not validated. */
export function rawConfig(file = 'example.json'): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'config', file), 'utf8'));
}

/** A validated config: an example file with top-level fields overridden. */
export function testConfig(overrides: Partial<StageInput> = {}, file = 'example.json'): StageConfig {
  return validateStage({ ...rawConfig(file), ...overrides }, file);
}

/** Problems reported for an example config changed by `mutate` (schema and cross-field rules). */
export function problemsOf(mutate: (c: Record<string, any>) => void, file = 'example.json'): string[] {
  const c = rawConfig(file);
  mutate(c);
  try {
    validateStage(c);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

/** The account and region construct tests deploy to (any concrete env works offline). */
export const TEST_ENV = { account: '111122223333', region: 'eu-west-3' } as const;

/**
 * A fresh stack for a construct test, in an app configured as `bin/app.ts` configures it (no built-in
 * CloudFormation validation: it costs seconds per synth, and cfn-lint covers it on the example stages).
 */
export function testStack(id = 'Test', env: { account: string; region: string } = TEST_ENV): Stack {
  return new Stack(new App({ ...APP_PROPS, context: cdkContext() }), id, { env });
}

const cache = new Map<string, { app: App; stage: Stage }>();

/**
 * Builds a whole stage the way `bin/app.ts` does, without registering the nag
 * plugins (they would make every `Template.fromStack` throw on an open finding).
 * Stages built from unmodified example files are cached: synthesis is the slow part.
 */
export function buildTestStage(overrides: Partial<StageInput> = {}, file = 'example.json'): { app: App; stage: Stage } {
  const key = Object.keys(overrides).length ? '' : file;
  const hit = key && cache.get(key);
  if (hit) return hit;
  // Variants of an example stage test config-driven properties, never function code:
  // they skip asset bundling (esbuild, about 0.4 s a build), as `cdk synth --exclusively` does
  // for stacks it does not deploy. The example stages themselves bundle exactly as the CLI does.
  const context = key ? cdkContext() : { ...cdkContext(), 'aws:cdk:bundling-stacks': [] };
  const app = new App({ ...APP_PROPS, context });
  const stage = addStage(app, testConfig(overrides, file), { nag: false });
  const built = { app, stage };
  if (key) cache.set(key, built);
  return built;
}

/** Template of one stack; templates are cached by the stack itself. */
const templates = new WeakMap<Stack, Template>();
export function templateOf(stack: Stack): Template {
  let t = templates.get(stack);
  if (!t) {
    t = Template.fromStack(stack);
    templates.set(stack, t);
  }
  return t;
}

/** Open cdk-nag findings of every pack under `scope`, as `pack rule @ path` lines. */
export function nagFindings(scope: IConstruct): string[] {
  return nagPacks(scope).flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath ?? r.resourceLogicalId}`),
      ),
  );
}

/**
 * A template made comparable across runs: asset hashes (which change with any
 * asset byte or CDK version) replaced by a placeholder, and the outputs CDK
 * publishes for weak cross-stack references (`PublishOutput*`) left out: they
 * change whenever another stack starts or stops reading a value, which that
 * stack's own snapshot already shows.
 */
export function normalizedTemplate(stack: Stack): unknown {
  const template = JSON.parse(
    JSON.stringify(templateOf(stack).toJSON()).replace(/[0-9a-f]{64}(\.zip|\.json)?/g, 'ASSET-HASH$1'),
  );
  if (template.Outputs) {
    for (const key of Object.keys(template.Outputs)) if (key.startsWith('PublishOutput')) delete template.Outputs[key];
    if (!Object.keys(template.Outputs).length) delete template.Outputs;
  }
  return template;
}

/** Logical IDs of the resources of the given types, for pinning stateful resources. */
export function logicalIds(stack: Stack, types: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const type of types) out[type] = Object.keys(templateOf(stack).findResources(type)).sort();
  return out;
}
