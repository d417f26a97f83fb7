// `npm run bench`: how long synth and the test suite take on this machine. Run it on a quiet machine.
// - CLI synth of the example stage and of a one-resource app in the same run, and their ratio (target <= 3);
// - what aws-cdk-lib's built-in template validation would add to each synth (it is off: cfn-lint covers it);
// - `npm test` warm: a second run, with the caches of the first in place (type-check build info, the stage
//   assemblies keyed by source hash, cfn-lint results of unchanged templates); target <= 30 s;
// - `npm test` from a fresh clone: `git clone` of HEAD, `npm ci` (timed apart), then `npm test` with
//   every cache empty; target <= 45 s. Skipped with --no-clone.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { APP_PROPS, addStage } from '../lib/app/add-stage';
import { loadStageConfig } from '../lib/config/validate';

const root = path.join(__dirname, '..');
const cdk = path.join(root, 'node_modules', '.bin', 'cdk');
const env = { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' };

function timed(label: string, cmd: string, args: string[], cwd = root): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env });
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
const oneResourceApp = 'npx tsx scripts/bench/one-resource.ts';
const baseline = timed('one-resource synth', cdk, ['synth', '-q', '--app', oneResourceApp, '-o', out('one')]);
const withoutValidation = synthInProcess(false);
const withValidation = synthInProcess(true);
timed('npm test (fills the caches)', 'npm', ['test', '--silent']);
const warm = timed('npm test, warm', 'npm', ['test', '--silent']);

let fresh: { install: number; test: number } | undefined;
if (!process.argv.includes('--no-clone')) {
  const clone = out('clone');
  timed('git clone', 'git', ['clone', '--quiet', root, clone]);
  const install = timed('npm ci', 'npm', ['ci', '--no-audit', '--no-fund', '--silent'], clone);
  fresh = { install, test: timed('npm test, fresh clone', 'npm', ['test', '--silent'], clone) };
  fs.rmSync(clone, { recursive: true, force: true });
}

const f = (s: number) => `${s.toFixed(1)} s`;
console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}, Node ${process.version}`);
console.log(`cdk synth, example stage (11 stacks, nag on): ${f(stage)}`);
console.log(`cdk synth, one-resource app:                  ${f(baseline)}`);
console.log(`ratio:                                         ${(stage / baseline).toFixed(2)} (target <= 3)`);
console.log(`in-process synth, built-in validation off/on:  ${f(withoutValidation)} / ${f(withValidation)}`);
console.log(`npm test, warm (second run, caches in place):  ${f(warm)} (target <= 30 s)`);
if (fresh) {
  console.log(`npm ci, fresh clone:                           ${f(fresh.install)}`);
  console.log(`npm test, fresh clone (no cache):              ${f(fresh.test)} (target <= 45 s)`);
}
