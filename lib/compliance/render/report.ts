// The compliance report (Markdown and JSON) of one stage.
import { costSection } from '../../cost/render';
import { CLAIMS } from '../claims';
import { guardSection } from '../guard/render';
import { claimTests } from '../model/repo';
import { failing } from '../model/stage-status';
import type { ClaimResult, Evidence, StageModel } from '../model/types';
import { diagramMarkdown } from './diagram';

const ICON: Readonly<Record<string, string>> = {
  kept: '✅ kept',
  partly: '🟡 partly kept',
  'not-kept': '❌ not kept',
  'not-applicable': '➖ not applicable',
  'not-verified': '❔ not verified',
};

/** The status of a claim as the report writes it: `❌ not kept (waived: REASON)` for a waived one (OPS-5). */
export const statusText = (r: ClaimResult): string =>
  r.waived ? `${ICON[r.status]} (${r.waived})` : (ICON[r.status] ?? r.status);

/** A value in a Markdown table cell: one line, at most 300 characters, pipes escaped. */
const cell = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const short = s.length > 300 ? `${s.slice(0, 297)}...` : s;
  return short.replace(/\|/g, '\\|').replace(/\n/g, ' ');
};

function evidenceTable(ev: readonly Evidence[]): string {
  if (!ev.length) return '_No resource evidence._\n';
  const rows = ev.map(
    (e) =>
      `| ${e.stack} | ${e.region} | ${e.logicalId} | ${e.type} | ${cell(e.path ?? '')} | ${cell(e.property)} | ` +
      `\`${cell(e.value)}\` |`,
  );
  const header = [
    '| Stack | Region | Logical ID | Type | Construct path | Property | Value |',
    '|---|---|---|---|---|---|---|',
  ];
  return `${[...header, ...rows].join('\n')}\n`;
}

/**
 * Claims the command fails on: partly or not kept, unless the stage waived them (OPS-5), and claims not verified (a
 * cluster restored outside the stack, OPS-2).
 */
export function failures(results: readonly ClaimResult[]): ClaimResult[] {
  return failing(results);
}

/** Open nag findings of a stage. */
export const openFindings = (m: StageModel) =>
  (m.nag ?? []).flatMap((p) => p.findings.map((f) => ({ pack: p.pack, ...f })));

const claimOf = (id: string) => CLAIMS.find((c) => c.id === id);

function summary(m: StageModel, results: readonly ClaimResult[]): string[] {
  const out = ['## Summary', '', '| Claim | Status | Why |', '|---|---|---|'];
  for (const r of results) out.push(`| [${r.id}](#${r.id.toLowerCase()}) | ${statusText(r)} | ${cell(r.why)} |`);
  const bad = failures(results);
  const open = openFindings(m);
  const waived = results.filter((r) => r.waived).map((r) => r.id);
  out.push(
    '',
    bad.length || open.length
      ? `**Result: FAIL**: ${bad.length} claim(s) not kept or not verified, ${open.length} open cdk-nag finding(s).`
      : waived.length
        ? '**Result: PASS**: every claim is kept, not applicable with its reason, or not kept by the choice of the ' +
          `stage (${waived.join(', ')}: its reason is shown), and no cdk-nag finding is open.`
        : '**Result: PASS**: every claim is kept or not applicable with its reason, and no cdk-nag finding is open.',
    '',
  );
  return out;
}

function claimSections(m: StageModel, results: readonly ClaimResult[]): string[] {
  const tests = claimTests(m);
  const out = ['## Claims', ''];
  for (const r of results) {
    const claim = claimOf(r.id);
    out.push(`### ${r.id}`, '');
    if (claim?.promise) out.push(`**The page promises:** ${claim.promise}`, '');
    out.push(`**The stack declares:** ${claim?.declared}`, '');
    out.push(`**Status:** ${statusText(r)}. ${r.why}`, '');
    const t = tests.get(r.id);
    if (t?.length) out.push(`**Tests naming ${r.id}:** ${t.map((f) => `\`${f}\``).join(', ')}`, '');
    out.push(evidenceTable(r.evidence));
  }
  return out;
}

function nagSection(m: StageModel): string[] {
  const out = ['## cdk-nag', '', '| Pack | Rules checked | Open findings | Acknowledgments |', '|---|---|---|---|'];
  for (const p of m.nag ?? [])
    out.push(`| ${p.pack} | ${p.rulesChecked} | ${p.findings.length} | ${p.acknowledgments.length} |`);
  out.push('');
  const open = openFindings(m);
  if (open.length) {
    out.push('### Open findings', '', '| Pack | Rule | Severity | Resources |', '|---|---|---|---|');
    for (const f of open) out.push(`| ${f.pack} | ${f.rule} | ${f.severity} | ${cell(f.resources.join(', '))} |`);
    out.push('');
  }
  out.push(
    '### Acknowledgments',
    '',
    'Each acknowledged finding with the resource that carries it (template metadata `cdk_nag.rules_to_suppress`) ' +
      'and its reason.',
    '',
    '| Rule | Stack | Logical ID | Construct path | Reason |',
    '|---|---|---|---|---|',
  );
  for (const p of m.nag ?? [])
    for (const a of p.acknowledgments)
      out.push(`| ${cell(a.ruleId)} | ${a.stack} | ${a.logicalId} | ${cell(a.path ?? '')} | ${cell(a.reason)} |`);
  if (m.otherAcknowledgments?.length) {
    out.push('', 'Acknowledged CDK validation rules (not cdk-nag):', '');
    out.push('| Rule | Stack | Logical ID | Reason |', '|---|---|---|---|');
    for (const a of m.otherAcknowledgments)
      out.push(`| ${cell(a.ruleId)} | ${a.stack} | ${a.logicalId} | ${cell(a.reason)} |`);
  }
  return out;
}

function cfnLintSection(m: StageModel): string[] {
  const l = m.cfnLint;
  let text: string;
  if (!l) text = 'Not run.';
  else if (!l.ran) text = `Skipped: ${l.detail}.`;
  else if (l.ok) text = `No error, no warning on the ${m.stacks.length} templates (${l.detail}).`;
  else text = `Problems found (${l.detail}):\n\n\`\`\`\n${l.output}\n\`\`\``;
  return ['', '## cfn-lint', '', text, ''];
}

/** The Markdown report. */
export function reportMarkdown(m: StageModel, results: readonly ClaimResult[], generatedAt: string): string {
  const c = m.config;
  const out = [
    `# Compliance report: stage \`${c.name}\` (${c.exposure})`,
    '',
    `Generated by \`npm run compliance\` from the synthesized app (${generatedAt}). Every status, resource and value ` +
      "below is computed over the CloudFormation templates of this stage by the claim's checker (one file per claim, " +
      'with its promise, in lib/compliance/claims/), never written by hand.',
    '',
    `Account ${c.account}, primary region ${c.primaryRegion}, backup region ${c.backupRegion}, ` +
      `${m.stacks.length} stacks.`,
    '',
    ...summary(m, results),
    '## Architecture',
    '',
    diagramMarkdown(m),
    ...claimSections(m, results),
    ...nagSection(m),
    ...cfnLintSection(m),
    ...guardSection(m),
    ...costSection(m),
  ];
  return out.join('\n');
}

/** The JSON report: the same content, machine-readable. */
export function reportJson(m: StageModel, results: readonly ClaimResult[], generatedAt: string): unknown {
  const tests = claimTests(m);
  return {
    stage: m.config.name,
    exposure: m.config.exposure,
    generatedAt,
    result: failures(results).length || openFindings(m).length ? 'FAIL' : 'PASS',
    claims: results.map((r) => ({
      ...r,
      promise: claimOf(r.id)?.promise,
      declared: claimOf(r.id)?.declared,
      tests: tests.get(r.id) ?? [],
    })),
    nag: m.nag,
    otherAcknowledgments: m.otherAcknowledgments,
    cfnLint: m.cfnLint && { ran: m.cfnLint.ran, ok: m.cfnLint.ok, detail: m.cfnLint.detail },
    cfnGuard: m.cfnGuard,
    stacks: m.stacks.map((s) => ({
      name: s.name,
      region: s.region,
      resources: Object.keys(s.template.Resources ?? {}).length,
    })),
  };
}
