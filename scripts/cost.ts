// npm run cost (OPS-4): the monthly cost estimate of the example stages, printed and written to docs/cost.md;
// `npm run cost -- -c config=PATH` prints the estimate of that stage only (nothing written). Stages are read from
// the cache the tests and the compliance report share (lib/compliance/stage-cache.ts): no synth when it is current.
// With --check, writes nothing and fails when docs/cost.md differs from what the code generates.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cachedStage } from '../lib/compliance/stage-cache';
import { EXAMPLE_STAGES } from '../lib/compliance/stages';
import { ConfigError } from '../lib/config/validate';
import { costPage, estimateMarkdown } from '../lib/cost/render';

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);

/** The `config` context value, as the CDK CLI takes it: `-c config=PATH` or `--context config=PATH`. */
function configArg(): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = a === '-c' || a === '--context' ? args[i + 1] : a.startsWith('--context=') ? a.slice(10) : undefined;
    if (v?.startsWith('config=')) return v.slice('config='.length);
  }
  return undefined;
}

function main(): void {
  const own = configArg();
  if (own) {
    const file = path.resolve(own);
    if (!fs.existsSync(file)) {
      console.error(`No stage file ${own}: give the path of your stage's JSON file.`);
      process.exit(1);
    }
    console.log(estimateMarkdown(cachedStage(root, file), undefined, '#'));
    console.log('Assumptions and the dated price table: docs/cost.md.');
    return;
  }
  const stages = EXAMPLE_STAGES.map((f) => cachedStage(root, path.join(root, f)));
  const page = costPage(stages);
  const out = path.join(root, 'docs', 'cost.md');
  if (args.includes('--check')) {
    const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    if (current !== page) {
      console.error('docs/cost.md is out of date: run `npm run cost` and commit it.');
      process.exitCode = 1;
    } else console.log('docs/cost.md is current.');
    return;
  }
  for (const s of stages) console.log(estimateMarkdown(s));
  fs.writeFileSync(out, page);
  console.log(`Wrote docs/cost.md (${stages.length} stages, assumptions, price table).`);
}

try {
  main();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
