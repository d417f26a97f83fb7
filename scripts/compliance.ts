// npm run compliance: synthesizes every stage of config/, checks every claim of
// SPEC.md against the templates, runs cdk-nag and cfn-lint, and writes
// docs/compliance/<stage>.md/.json, docs/security.md and docs/architecture.md.
// Exits non-zero if a claim is not kept or a cdk-nag finding is open.
// With --check (part of `npm test`), writes nothing and also fails when a committed
// document differs from what the code now generates (dates aside): the published
// evidence can never drift from the code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoSnapshot, runCfnLint, synthesizeStage } from '../lib/compliance/assembly';
import { checkAll } from '../lib/compliance/checkers';
import { diagramMarkdown } from '../lib/compliance/diagram';
import type { StageModel } from '../lib/compliance/model';
import { failures, openFindings, reportJson, reportMarkdown } from '../lib/compliance/report';
import { SCAN_EXCLUDE, scanText } from '../lib/compliance/secrets';
import { securityPage } from '../lib/compliance/security-page';

const root = path.join(__dirname, '..');
const context = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context;
const configs = fs
  .readdirSync(path.join(root, 'config'))
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .sort();
const outDir = path.join(root, 'docs', 'compliance');
fs.mkdirSync(outDir, { recursive: true });
// A date, not a time: regenerating on the same day gives the same file.
const generatedAt = new Date().toISOString().slice(0, 10);
const check = process.argv.includes('--check');
const cfnLintRequired = process.env.CI === 'true';
const stale: string[] = [];
const undated = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}/g, 'YYYY-MM-DD');
/** Writes a generated document, or in --check mode records it as stale when it differs. */
function emit(file: string, text: string): void {
  if (!check) {
    fs.writeFileSync(file, text);
    return;
  }
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (undated(current) !== undated(text)) stale.push(path.relative(root, file));
}

const repo = repoSnapshot(root);
const repoSecrets = repo.files
  .filter((f) => !SCAN_EXCLUDE.some((re) => re.test(f)) && !f.startsWith('docs/compliance/'))
  .flatMap((f) => {
    try {
      return scanText(f, fs.readFileSync(path.join(root, f), 'utf8'));
    } catch {
      return [];
    }
  });

let failed = false;
let publicStage: { model: StageModel; results: ReturnType<typeof checkAll> } | undefined;

async function main(): Promise<void> {
  // Synthesize every stage first; cfn-lint of each runs while the next synthesizes.
  const synthesized = configs.map((file) => {
    const s = synthesizeStage(path.join(root, 'config', file), context);
    return { file, s, lint: runCfnLint(root, s.templateFiles, cfnLintRequired) };
  });
  for (const { file, s, lint } of synthesized) {
    const model: StageModel = {
      config: s.config,
      stacks: s.stacks,
      nag: s.nag,
      otherAcknowledgments: s.otherAcknowledgments,
      cfnLint: await lint,
      repo,
      repoSecrets,
    };
    const results = checkAll(model);
    emit(path.join(outDir, `${s.config.name}.md`), reportMarkdown(model, results, generatedAt));
    emit(
      path.join(outDir, `${s.config.name}.json`),
      `${JSON.stringify(reportJson(model, results, generatedAt), null, 2)}\n`,
    );
    const bad = failures(results);
    const open = openFindings(model);
    console.log(
      `\n${file} -> stage ${s.config.name} (${s.config.exposure}): ${results.filter((r) => r.status === 'kept').length} kept, ${results.filter((r) => r.status === 'not-applicable').length} not applicable, ${bad.length} not kept; ${open.length} open cdk-nag finding(s); cfn-lint ${model.cfnLint!.ran ? (model.cfnLint!.ok ? 'clean' : 'PROBLEMS') : `skipped: ${model.cfnLint!.detail}`}`,
    );
    for (const r of bad) console.log(`  ${r.status.toUpperCase()} ${r.id}: ${r.why}`);
    for (const f of open) console.log(`  NAG ${f.pack} ${f.rule} @ ${f.resources.join(', ')}`);
    if (model.cfnLint && !model.cfnLint.ok) console.log(model.cfnLint.output || model.cfnLint.detail);
    if (bad.length || open.length || (model.cfnLint && !model.cfnLint.ok)) failed = true;
    if (s.config.exposure === 'public' && !publicStage) publicStage = { model, results };
    fs.rmSync(s.outdir, { recursive: true, force: true });
  }
  if (publicStage) {
    // The README carries the generated diagram between markers, kept current like the reports.
    const readme = path.join(root, 'README.md');
    const markers = /(<!-- generated:architecture:start -->\n)[\s\S]*?(<!-- generated:architecture:end -->)/;
    const readmeText = fs.readFileSync(readme, 'utf8');
    if (markers.test(readmeText))
      emit(
        readme,
        readmeText.replace(
          markers,
          (_m, start: string, end: string) => `${start}${diagramMarkdown(publicStage!.model)}\n${end}`,
        ),
      );
    emit(path.join(root, 'docs', 'security.md'), securityPage(publicStage.model, publicStage.results));
    emit(
      path.join(root, 'docs', 'architecture.md'),
      `# Architecture of stage \`${publicStage.model.config.name}\`\n\nGenerated by \`npm run compliance\` from the synthesized app: stacks grouped by region with their key resources, the request path (browser, CloudFront, VPC origin, load balancer, Fargate, Aurora) and the backup path to the second region.\n\n${diagramMarkdown(publicStage.model)}`,
    );
  }
  if (check && stale.length) {
    console.error(
      `\nGenerated documents are out of date: ${stale.join(', ')}. Run \`npm run compliance\` and commit them.`,
    );
    failed = true;
  } else {
    console.log(
      check
        ? '\nGenerated documents are current.'
        : `\nWrote ${configs.length} report(s) to docs/compliance/, docs/security.md and docs/architecture.md.`,
    );
  }
  if (failed) {
    console.error('Compliance: FAIL (a claim is not kept, a cdk-nag finding is open, or cfn-lint reported problems).');
    process.exitCode = 1;
    return;
  }
  console.log('Compliance: PASS');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
