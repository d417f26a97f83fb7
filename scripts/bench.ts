// `npm run bench`: how long synth and the test suite take on this machine.
// Prints the CLI synth time of the example stage and of a one-resource app in the
// same run, their ratio (target <= 3), the time of `npm test` (target < 30 s),
// and what aws-cdk-lib's built-in template validation would add to each synth.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { APP_PROPS, addStage } from '../lib/app/add-stage';
import { loadStageConfig } from '../lib/config/validate';

const root = path.join(__dirname, '..');
const cdk = path.join(root, 'node_modules', '.bin', 'cdk');

function timed(label: string, cmd: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    throw new Error(`${label} failed`);
  }
  return seconds;
}

function synthInProcess(builtinCloudFormationValidation: boolean): number {
  const context = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const start = process.hrtime.bigint();
  const app = new App({ ...APP_PROPS, builtinCloudFormationValidation, context, outdir });
  addStage(app, loadStageConfig(path.join(root, 'config', 'example.json')));
  try {
    app.synth();
  } catch {
    // The built-in validation may refuse a template cfn-lint accepts; the time is what is measured.
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const out = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
// One warm-up each, so the first run's disk cache does not count.
timed('warm-up', cdk, ['synth', '-q', '-o', out('warm')]);
const stage = timed('example synth', cdk, ['synth', '-q', '-o', out('stage')]);
const baseline = timed('one-resource synth', cdk, [
  'synth',
  '-q',
  '--app',
  'npx tsx scripts/bench/one-resource.ts',
  '-o',
  out('one'),
]);
const withoutValidation = synthInProcess(false);
const withValidation = synthInProcess(true);
const test = timed('npm test', 'npm', ['test', '--silent']);

const f = (s: number) => `${s.toFixed(1)} s`;
console.log(`cdk synth, example stage (11 stacks, nag on): ${f(stage)}`);
console.log(`cdk synth, one-resource app:                  ${f(baseline)}`);
console.log(`ratio:                                         ${(stage / baseline).toFixed(2)} (target <= 3)`);
console.log(`in-process synth, built-in validation off/on:  ${f(withoutValidation)} / ${f(withValidation)}`);
console.log(`npm test:                                      ${f(test)} (target < 30 s)`);
