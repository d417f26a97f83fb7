// Jest global setup: before the workers start, and once per run,
// - synthesizes each example stage (none when its cached assembly is current), so that no two test files build
//   the same stage;
// - fills the content-addressed caches of the slow evaluations over those stages (PROOF-5's IAM decisions, PROOF-6's
//   cfn-guard run, cfn-lint), while the two cores are otherwise idle: test files and `compliance:check` then read
//   them instead of computing the same result in two workers at once. Each is a no-op when its cache is current.
import { runCfnLint } from '../lib/compliance/cfn-lint';
import { effectsOf } from '../lib/compliance/effects';
import { runCfnGuard, stageExceptions } from '../lib/compliance/guard';
import type { StageModel } from '../lib/compliance/model/types';
import { exampleStage, INTERNAL, PUBLIC, ROOT } from './stage/example-stage';

export default async function globalSetup(): Promise<void> {
  const stages = [PUBLIC, INTERNAL].map((file) => exampleStage(file));
  // cfn-lint is only read by compliance:check, after jest: it is not awaited, and runs beside the tests (jest's
  // parent process lives until they end); a clean result lands in its cache, a failing one is re-run and reported
  // by compliance:check.
  for (const s of stages) runCfnLint(ROOT, s.templateFiles, false).catch(() => undefined);
  // The test files read these two: started first, so cfn-guard runs while the IAM evaluation keeps the cores busy.
  const guard = stages.map((s) => runCfnGuard(ROOT, s.config.name, s.templateFiles, false, stageExceptions(s.config)));
  for (const s of stages) effectsOf({ config: s.config, stacks: s.stacks } as StageModel);
  await Promise.all(guard);
}
