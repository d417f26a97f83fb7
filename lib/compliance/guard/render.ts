// The report's Control Tower section (PROOF-6): the run, then every exception with its reason, then any
// failure no exception covers. The per-control counts are the PROOF-6 evidence; the JSON report has
// every resource.
import type { StageModel } from '../model/types';
import type { GuardControl, GuardResource } from './types';

/** A value in a Markdown table cell: one line, pipes escaped. */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const where = (r: GuardResource): string => r.path ?? `${r.stack}/${r.logicalId}`;

/** Rows of resources with `status`, one per control and reason (resources sharing a reason are joined). */
function rows(controls: readonly GuardControl[], status: 'excepted' | 'fail'): string[] {
  const out: string[] = [];
  for (const c of controls) {
    const byWhy = new Map<string, string[]>();
    for (const r of c.resources.filter((x) => x.status === status))
      byWhy.set(r.why ?? '', [...(byWhy.get(r.why ?? '') ?? []), where(r)]);
    for (const [why, resources] of byWhy)
      out.push(`| ${c.id} | ${cell(c.title)} | ${cell(resources.join(', '))} | ${cell(why)} |`);
  }
  return out;
}

/** The Markdown section. */
export function guardSection(m: StageModel): string[] {
  const g = m.cfnGuard;
  const out = ['', '## AWS Control Tower proactive controls (cfn-guard)', ''];
  if (!g) return [...out, 'Not run.', ''];
  if (!g.ran) return [...out, `${g.ok ? 'Skipped' : 'Did not run'}: ${g.detail}.`, ''];
  const n = (s: string) => g.controls.filter((c) => c.status === s).length;
  out.push(
    `${g.detail}. ${g.controls.length} controls apply to the ${m.stacks.length} templates: ${n('pass')} pass on ` +
      `every resource, ${n('excepted')} fail only where an exception below applies, ${n('fail')} fail.`,
    '',
    '### Exceptions',
    '',
    'Each failure of a control that does not apply to the resource, with the reason; the list is ' +
      '`lib/compliance/guard/exceptions.ts`, and a failure it does not cover fails the check.',
    '',
    '| Control | Title | Resources | Reason |',
    '|---|---|---|---|',
    ...rows(g.controls, 'excepted'),
    '',
  );
  const failed = rows(g.controls, 'fail');
  if (failed.length)
    out.push(
      '### Failures',
      '',
      '| Control | Title | Resources | What the rule found |',
      '|---|---|---|---|',
      ...failed,
      '',
    );
  return out;
}

/** One line for the console. */
export function guardSummary(m: StageModel): string {
  const g = m.cfnGuard;
  if (!g) return 'not run';
  if (!g.ran) return `${g.ok ? 'skipped' : 'DID NOT RUN'}: ${g.detail}`;
  const n = (s: string) => g.controls.filter((c) => c.status === s).length;
  return `${g.controls.length} controls, ${n('pass')} pass, ${n('excepted')} with exceptions, ${n('fail')} failing`;
}
