import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The compliance packs whose rules share a name (`<pack>-<rule>`): NIST 800-53 rev 5, PCI DSS 3.2.1, HIPAA Security.
 */
export const COMPLIANCE_PACK_PREFIXES = ['NIST.800.53.R5', 'PCI.DSS.321', 'HIPAA.Security'] as const;

/**
 * A rule as one pack names it (`AwsSolutions-S1`), or a rule the three compliance packs each report under their prefix.
 */
export type NagRule = string | { readonly compliance: string };

/**
 * The one way this project acknowledges cdk-nag findings: on `scope` (the narrowest construct that causes them),
 * one acknowledgment per finding, with a reason that names the compensating control. `{ compliance: 'X' }`
 * stands for `NIST.800.53.R5-X`, `PCI.DSS.321-X` and `HIPAA.Security-X`.
 */
export function acknowledge(scope: IConstruct, reason: string, ...rules: readonly NagRule[]): void {
  for (const rule of rules) {
    const ids =
      typeof rule === 'string' ? [rule] : COMPLIANCE_PACK_PREFIXES.map((prefix) => `${prefix}-${rule.compliance}`);
    for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
  }
}
