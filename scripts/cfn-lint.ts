// Lints every template of every stage in config/ with cfn-lint (`npm run lint:cfn`; `npm test` runs it
// through `compliance:check`). The templates are those of the cached synth (lib/compliance/stage-cache.ts).
// cfn-lint is a Python tool: where it is missing this says how to install it and skips, except under
// CI=true, where it is required.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cfnLintVersion, runCfnLint } from '../lib/compliance/cfn-lint';
import { cachedStage } from '../lib/compliance/stage-cache';

const root = path.join(__dirname, '..');
const required = process.env.CI === 'true';

async function main(): Promise<void> {
  if (cfnLintVersion() === undefined) {
    const msg = 'cfn-lint is not installed: install it with `pip install cfn-lint` (or `pipx install cfn-lint`).';
    if (required) {
      console.error(`${msg} It is required under CI=true.`);
      process.exitCode = 1;
    } else console.warn(`${msg} Skipping the template lint.`);
    return;
  }
  const configs = fs
    .readdirSync(path.join(root, 'config'))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
  // One run per stage, as `npm run compliance` lints them: a clean stage is cached by the same key.
  const stages = configs.map((file) => cachedStage(root, path.join(root, 'config', file)).templateFiles);
  const results = await Promise.all(stages.map((files) => runCfnLint(root, files, required)));
  const templates = stages.flat().length;
  const problems = results.filter((r) => !r.ok);
  if (problems.length) {
    for (const r of problems) console.error(r.output || r.detail);
    console.error(`cfn-lint found problems in ${templates} templates of ${configs.join(', ')}`);
    process.exitCode = 1;
    return;
  }
  console.log(
    `cfn-lint: ${templates} templates of ${configs.join(', ')}: no error, no warning (${results[0]?.detail})`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
