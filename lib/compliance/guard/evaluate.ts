// From cfn-guard's per-template report to the PROOF-6 result: per control, per resource, pass or fail;
// then the listed exceptions turn the failures they cover into `excepted`, with their reason.
import type { TemplateJson } from '../model/types';
import { exceptionFor, GUARD_EXCEPTIONS, type GuardException } from './exceptions';
import type { ControlRule } from './rules';
import type { TemplateReport } from './run';
import type { GuardControl, GuardResource, GuardStatus } from './types';

/** One template as cfn-guard read it. */
export interface GuardTemplate {
  /** CloudFormation stack name, e.g. `prod-Data` (the file name without `.template.json`). */
  readonly stack: string;
  readonly template: TemplateJson;
}

/** The stack a template file holds. */
export const stackOfFile = (file: string): string => file.replace(/\.template\.json$/, '');

const worstOf = (rs: readonly GuardResource[]): GuardStatus =>
  rs.some((r) => r.status === 'fail') ? 'fail' : rs.some((r) => r.status === 'excepted') ? 'excepted' : 'pass';

/** The resources one rule evaluated in one template: those of its types, and any it failed on. */
function resourcesOf(rule: ControlRule, t: GuardTemplate, failed: Readonly<Record<string, string>>): GuardResource[] {
  const resources = t.template.Resources ?? {};
  const ids = Object.keys(resources).filter((id) => rule.types.includes(resources[id].Type));
  for (const id of Object.keys(failed)) if (!ids.includes(id)) ids.push(id);
  return ids.map((logicalId) => {
    const r = resources[logicalId];
    const path = r?.Metadata?.['aws:cdk:path'];
    const fails = logicalId in failed;
    return {
      stack: t.stack,
      logicalId,
      type: r?.Type ?? '',
      ...(typeof path === 'string' ? { path } : {}),
      status: fails ? 'fail' : 'pass',
      ...(fails ? { why: failed[logicalId] || `fails ${rule.rule}` } : {}),
    };
  });
}

/** Per control (sorted by ID), the resources it evaluated across the templates, pass or fail. */
export function evaluate(
  rules: readonly ControlRule[],
  templates: readonly GuardTemplate[],
  reports: readonly TemplateReport[],
): GuardControl[] {
  const byRule = new Map(rules.map((r) => [r.rule, r]));
  const found = new Map<ControlRule, GuardResource[]>();
  for (const report of reports) {
    const t = templates.find((x) => x.stack === stackOfFile(report.file));
    if (!t) throw new Error(`cfn-guard reported on ${report.file}, which is not a template of the stage`);
    const failures = new Map(report.failures.map((f) => [f.rule, f.resources]));
    for (const name of new Set([...report.compliant, ...failures.keys()])) {
      const rule = byRule.get(name);
      if (!rule) throw new Error(`cfn-guard reported rule ${name}, which no control of the catalog has`);
      found.set(rule, [...(found.get(rule) ?? []), ...resourcesOf(rule, t, failures.get(name) ?? {})]);
    }
  }
  const byName = (a: GuardResource, b: GuardResource) =>
    a.stack.localeCompare(b.stack, 'en') || a.logicalId.localeCompare(b.logicalId, 'en');
  return [...found.entries()]
    .map(([rule, rs]) => {
      const resources = [...rs].sort(byName);
      return { id: rule.id, rule: rule.rule, title: rule.title, status: worstOf(resources), resources };
    })
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

/** The controls with the failures that `list` covers turned into `excepted`, with the exception's reason. */
export function applyExceptions(
  stage: string,
  controls: readonly GuardControl[],
  list: readonly GuardException[] = GUARD_EXCEPTIONS,
): GuardControl[] {
  return controls.map((c) => {
    const resources = c.resources.map((r): GuardResource => {
      const e = r.status === 'fail' ? exceptionFor(stage, c.id, r, list) : undefined;
      return e ? { ...r, status: 'excepted', why: e.reason } : r;
    });
    return { ...c, status: worstOf(resources), resources };
  });
}
