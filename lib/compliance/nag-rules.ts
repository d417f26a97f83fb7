// How many rules a cdk-nag pack checked, for the report's "Rules checked" column and PROOF-1.
import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import type { IApplyRule, NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** A pack seen through the one protected method every rule goes through. */
interface RuleApplier {
  applyRule(params: IApplyRule): void;
}

/**
 * Runs `pack` over `scope` (as `validateScope` does) and also returns the distinct rules it applied.
 *
 * cdk-nag v3 exposes no list of a pack's rules (`ruleIds` is left unset) and reports only violations, so
 * the rules are counted where each one is applied: the pack's protected `applyRule`, called once per rule
 * and resource. A subclass could override it, but only one subclass per pack class (a TypeScript mixin over
 * classes with protected members needs `any`), which would be a second list of the packs beside
 * lib/app/nag.ts. So this wraps the method on this one instance for the duration of the run, then removes
 * the wrapper: the pack behaves as before. Tested in test/compliance/nag-rules.test.ts.
 */
export function validateCountingRules(
  pack: NagPack,
  scope: IConstruct,
): { report: PolicyValidationPluginReport; rules: ReadonlySet<string> } {
  const rules = new Set<string>();
  const applier = pack as unknown as RuleApplier;
  const applyRule = applier.applyRule;
  applier.applyRule = function (this: RuleApplier, params: IApplyRule): void {
    rules.add(params.ruleSuffixOverride ?? params.rule.name);
    applyRule.call(this, params);
  };
  try {
    return { report: pack.validateScope(scope), rules };
  } finally {
    Reflect.deleteProperty(applier, 'applyRule'); // the prototype's method again
  }
}
