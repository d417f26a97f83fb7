// PROOF-5: every data path of a stage evaluated through IAM (identity, resource and key policies together), not
// pattern-matched. `effectsOf` derives the paths from the templates (paths.ts), evaluates them with
// @cloud-copilot/iam-simulate (evaluate.ts; AGPL-3.0, a dev dependency of the compliance tooling, never deployed)
// and says, path by path, whether the decision is the one the path needs. Memoized per model object: the report,
// the claim and the tests read one evaluation.
import type { StageModel } from '../model/types';
import { type Decision, evaluateAll } from './evaluate';
import { CATEGORIES, type Category, type EffectPath } from './path';
import { derivePaths } from './paths';

export { CATEGORIES, type Category, type EffectPath } from './path';

/** One path and its evaluation. */
export interface PathResult {
  readonly path: EffectPath;
  /** The evaluator's decision, or `Not evaluated` when the path could not be built. */
  readonly decision: Decision | 'Not evaluated';
  readonly ignoredContextKeys: readonly string[];
  /** Whether the decision is the one the path needs, every context key used. */
  readonly ok: boolean;
  /** For a path that is not ok: why. */
  readonly problem?: string;
}

/** The evaluated paths of a stage. */
export interface StageEffects {
  readonly results: readonly PathResult[];
  /** How many paths each category derived. */
  readonly counts: Readonly<Record<Category, number>>;
}

function judge(
  path: EffectPath,
  decision: PathResult['decision'],
  ignored: readonly string[],
  error?: string,
): PathResult {
  const base = { path, decision, ignoredContextKeys: ignored };
  if (path.problem) return { ...base, ok: false, problem: path.problem };
  if (decision === 'Error') return { ...base, ok: false, problem: `the evaluator refused the request: ${error}` };
  if (ignored.length) return { ...base, ok: false, problem: `the evaluator ignored ${ignored.join(', ')}` };
  const allowed = decision === 'Allowed';
  if (path.expect === 'Allowed' && !allowed) return { ...base, ok: false, problem: `${decision}, must be Allowed` };
  if (path.expect === 'Denied' && allowed) return { ...base, ok: false, problem: 'Allowed, must be denied' };
  return { ...base, ok: true };
}

const memo = new WeakMap<StageModel, StageEffects>();

/** Derives and evaluates every path of a stage (once per model object). */
export function effectsOf(m: StageModel): StageEffects {
  const known = memo.get(m);
  if (known) return known;
  const paths = derivePaths(m);
  const evaluated = paths.filter((p) => p.evaluation && !p.problem);
  const decisions = evaluateAll(evaluated.map((p) => p.evaluation as NonNullable<EffectPath['evaluation']>));
  const byPath = new Map(evaluated.map((p, i) => [p, decisions[i]]));
  const results = paths.map((p) => {
    const d = byPath.get(p);
    return d ? judge(p, d.decision, d.ignoredContextKeys, d.error) : judge(p, 'Not evaluated', []);
  });
  const counts = Object.fromEntries(
    Object.keys(CATEGORIES).map((c) => [c, paths.filter((p) => p.category === c).length]),
  ) as Record<Category, number>;
  const out = { results, counts };
  memo.set(m, out);
  return out;
}
