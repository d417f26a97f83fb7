// npm run compliance: checks every claim of lib/compliance/claims against the templates of a stage (synthesized once
// and cached, see lib/compliance/stage-cache.ts), runs cfn-lint and the Control Tower controls (cfn-guard, PROOF-6),
// and writes the stage's report, security page and diagram.
// - Without arguments: the committed example stages (lib/compliance/stages.ts), into docs/compliance/<stage>.md/.json,
//   docs/security.md, docs/architecture.md and the README's diagram (these describe the example stage).
// - With `-c config=PATH [--out DIR]`: that stage only (an operator's own), into DIR (default out/<stage>/, gitignored).
// Exits non-zero if a claim is not kept (unless the stage waives it), not verified, or a cdk-nag finding is open.
// With --check (part of `npm test`), writes nothing and also fails when a committed document differs from what the
// code now generates (dates aside): the published evidence can never drift from the code. The examples need cfn-lint
// (their documents state its result): without it, this stops at once with the command that installs it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CFN_LINT_INSTALL, cfnLintVersion, runCfnLint } from '../lib/compliance/cfn-lint';
import { checkAll } from '../lib/compliance/claims';
import { runCfnGuard, stageExceptions } from '../lib/compliance/guard';
import { guardSummary } from '../lib/compliance/guard/render';
import type { CfnLintResult, ClaimResult, StageModel } from '../lib/compliance/model/types';
import { diagramMarkdown } from '../lib/compliance/render/diagram';
import { failures, openFindings, reportJson, reportMarkdown } from '../lib/compliance/render/report';
import { generatedFor, type PageSource, securityPage } from '../lib/compliance/render/security-page';
import { repoSecrets, repoSnapshot } from '../lib/compliance/repo';
import { cachedStage } from '../lib/compliance/stage-cache';
import {
  type ComplianceArgs,
  defaultOutDir,
  EXAMPLE_STAGES,
  ownStageFiles,
  PUBLISHED_EXAMPLE,
  parseComplianceArgs,
} from '../lib/compliance/stages';
import { costPage, costSummary } from '../lib/cost/render';

const root = path.join(__dirname, '..');
// A date, not a time: regenerating on the same day gives the same file.
const generatedAt = new Date().toISOString().slice(0, 10);
let args: ComplianceArgs;
try {
  args = parseComplianceArgs(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const { check } = args;
const ownStage = args.config !== undefined;
// The example documents state cfn-lint's result, so writing or checking them needs it; an own stage's report says
// it was skipped. CI requires it everywhere.
const cfnLintRequired = process.env.CI === 'true' || !ownStage;
// cfn-guard ships with its npm package: it runs wherever the package has a binary, and CI requires it.
const cfnGuardRequired = process.env.CI === 'true';
const stale: string[] = [];
const written: string[] = [];
const undated = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}/g, 'YYYY-MM-DD');

/** Writes a generated document, or in --check mode records it as stale when it differs. */
function emit(file: string, text: string): void {
  if (!check) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(shown(file));
    return;
  }
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (undated(current) !== undated(text)) stale.push(shown(file));
}

/** A file as the messages name it: relative to the repository when inside it. */
function shown(file: string): string {
  const rel = path.relative(root, file);
  return rel.startsWith('..') ? file : rel;
}

const lintSummary = (l: CfnLintResult) => (l.ran ? (l.ok ? 'clean' : 'PROBLEMS') : `skipped: ${l.detail}`);

/** Prints the result of one stage; returns whether it passed. */
function summarize(file: string, model: StageModel, results: readonly ClaimResult[]): boolean {
  const { name, exposure } = model.config;
  const bad = failures(results);
  const open = openFindings(model);
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const waived = results.filter((r) => r.waived);
  const lint = model.cfnLint;
  console.log(
    `\n${file} -> stage ${name} (${exposure}): ${count('kept')} kept, ${count('not-applicable')} not applicable, ` +
      `${waived.length} not kept by choice (waived), ${bad.length} not kept or not verified; ${open.length} open ` +
      `cdk-nag finding(s); cfn-lint ${lint ? lintSummary(lint) : 'not run'}; Control Tower (cfn-guard) ` +
      guardSummary(model),
  );
  for (const r of waived) console.log(`  WAIVED ${r.id} (${r.waived}): ${r.why}`);
  for (const r of bad) console.log(`  ${r.status.toUpperCase()} ${r.id}: ${r.why}`);
  for (const f of open) console.log(`  NAG ${f.pack} ${f.rule} @ ${f.resources.join(', ')}`);
  if (lint && !lint.ok) console.log(lint.output || lint.detail);
  return !bad.length && !open.length && (!lint || lint.ok);
}

/** The architecture page of a stage. */
function architecturePage(model: StageModel, source: PageSource): string {
  return (
    `# Architecture of stage \`${model.config.name}\`\n\n_${generatedFor(model, source, 'diagram')}._ Stacks ` +
    'grouped by region with their key resources, the request path (browser, CloudFront, VPC origin, load balancer, ' +
    'Fargate, Aurora) and the backup path to the second region.\n\n' +
    diagramMarkdown(model)
  );
}

/** Rewrites the README between `<!-- generated:NAME:start -->` and `<!-- generated:NAME:end -->`. */
function replaceReadmeBlock(name: string, content: string): void {
  const readme = path.join(root, 'README.md');
  const markers = new RegExp(`(<!-- generated:${name}:start -->\\n)[\\s\\S]*?(<!-- generated:${name}:end -->)`);
  const text = fs.readFileSync(readme, 'utf8');
  if (!markers.test(text)) throw new Error(`README.md has no generated:${name} markers`);
  emit(
    readme,
    text.replace(markers, (_m, start: string, end: string) => `${start}${content}\n${end}`),
  );
}

/** The documents of the published example stage: the security page, the architecture page, the README's diagram. */
function exampleDocuments(model: StageModel, results: readonly ClaimResult[], source: PageSource): void {
  replaceReadmeBlock('architecture', diagramMarkdown(model));
  emit(path.join(root, 'docs', 'security.md'), securityPage(model, results, source));
  emit(path.join(root, 'docs', 'architecture.md'), architecturePage(model, source));
}

/** The stage files to read, relative to the repository where they lie inside it. */
function stageFiles(): string[] {
  if (!args.config) return [...EXAMPLE_STAGES];
  const abs = path.resolve(args.config);
  if (!fs.existsSync(abs)) throw new Error(`-c config=${args.config}: no such file`);
  const rel = path.relative(root, abs);
  return [rel.startsWith('..') ? abs : rel];
}

async function main(): Promise<void> {
  if (cfnLintRequired && cfnLintVersion(root) === undefined) {
    console.error(
      `cfn-lint is not installed, and ${check ? '`npm test`' : '`npm run compliance`'} lints every template of the ` +
        `example stages with it (PROOF-1; their documents state its result). Install it: ${CFN_LINT_INSTALL}, then ` +
        'run the command again.',
    );
    process.exitCode = 1;
    return;
  }
  const files = stageFiles();
  const repo = repoSnapshot(root);
  const secrets = repoSecrets(root, repo);
  // Read (or synthesize) every stage first; cfn-lint of each runs while the next one is read.
  const stages = files.map((file) => {
    const s = cachedStage(root, path.resolve(root, file));
    const guard = runCfnGuard(root, s.config.name, s.templateFiles, cfnGuardRequired, stageExceptions(s.config));
    return { file, s, lint: runCfnLint(root, s.templateFiles, cfnLintRequired), guard };
  });
  let passed = true;
  for (const { file, s, lint, guard } of stages) {
    const { config, stacks, nag, otherAcknowledgments } = s;
    const model: StageModel = {
      config,
      stacks,
      nag,
      otherAcknowledgments,
      cfnLint: await lint,
      cfnGuard: await guard,
      repo,
      repoSecrets: secrets,
    };
    const results = checkAll(model);
    const source: PageSource = { file, example: !ownStage };
    const name = config.name;
    if (ownStage) {
      const out = ownStageFiles(path.resolve(args.out ?? path.join(root, defaultOutDir(name))), name);
      emit(out.reportMd, reportMarkdown(model, results, generatedAt));
      emit(out.reportJson, `${JSON.stringify(reportJson(model, results, generatedAt), null, 2)}\n`);
      emit(out.securityPage, securityPage(model, results, source));
      emit(out.architecture, architecturePage(model, source));
    } else {
      const dir = path.join(root, 'docs', 'compliance');
      emit(path.join(dir, `${name}.md`), reportMarkdown(model, results, generatedAt));
      emit(path.join(dir, `${name}.json`), `${JSON.stringify(reportJson(model, results, generatedAt), null, 2)}\n`);
      if (file === PUBLISHED_EXAMPLE) exampleDocuments(model, results, source);
    }
    if (!summarize(file, model, results)) passed = false;
  }
  // OPS-4: the examples' cost estimate (also `npm run cost`), from the same cached stages.
  if (!ownStage) {
    emit(path.join(root, 'docs', 'cost.md'), costPage(stages.map(({ s }) => s)));
    replaceReadmeBlock('cost', costSummary(stages.map(({ s }) => s)));
  }
  if (check && stale.length) {
    console.error(
      `\nGenerated documents are out of date: ${stale.join(', ')}. Run \`npm run compliance${ownStage ? ` -- -c config=${args.config}${args.out ? ` --out ${args.out}` : ''}` : ''}\` and commit them.`,
    );
    passed = false;
  } else {
    console.log(check ? '\nGenerated documents are current.' : `\nWrote ${written.join(', ')}.`);
  }
  if (!passed) {
    console.error(
      'Compliance: FAIL (a claim is not kept and not waived, or not verified; a cdk-nag finding is open; or cfn-lint ' +
        'reported problems).',
    );
    process.exitCode = 1;
    return;
  }
  console.log('Compliance: PASS');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
