// Config helpers for tests, without aws-cdk-lib: a test file that only validates configs loads zod and lib/config,
// not the whole app (jest loads every module again per test file; aws-cdk-lib and the stacks cost ~0.5 s each time).
import * as fs from 'node:fs';
import * as path from 'node:path';
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
