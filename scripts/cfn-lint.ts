// Lints every template of every stage in config/ with cfn-lint (part of `npm test`).
// cfn-lint is a Python tool: where it is missing this says how to install it and
// skips, except under CI=true, where it is required.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { APP_PROPS, addStage } from '../lib/app/add-stage';
import { loadStageConfig } from '../lib/config/validate';

const root = path.join(__dirname, '..');
const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
if (version.error || version.status !== 0) {
  const msg = 'cfn-lint is not installed: install it with `pip install cfn-lint` (or `pipx install cfn-lint`).';
  if (process.env.CI === 'true') {
    console.error(`${msg} It is required under CI=true.`);
    process.exit(1);
  }
  console.warn(`${msg} Skipping the template lint.`);
  process.exit(0);
}

const context = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context;
const configs = fs
  .readdirSync(path.join(root, 'config'))
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
const templates: string[] = [];
for (const file of configs) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cfn-lint-${path.basename(file, '.json')}-`));
  // Nag plugins off: `npm test` checks them in jest; this pass is about CloudFormation.
  const app = new App({ ...APP_PROPS, context, outdir });
  addStage(app, loadStageConfig(path.join(root, 'config', file)), { nag: false });
  app.synth();
  templates.push(
    ...fs
      .readdirSync(outdir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => path.join(outdir, f)),
  );
}

const result = spawnSync('cfn-lint', ['--config-file', path.join(root, '.cfnlintrc'), '--', ...templates], {
  encoding: 'utf8',
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
if (result.status !== 0) {
  console.error(`cfn-lint found problems in ${templates.length} templates of ${configs.join(', ')}`);
  process.exit(1);
}
console.log(
  `cfn-lint: ${templates.length} templates of ${configs.join(', ')}: no error, no warning (${version.stdout.trim()})`,
);
