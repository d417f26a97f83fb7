import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, type NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * The four cdk-nag packs every stage must pass (PROOF-1). Acknowledgments are
 * written into the templates so a snapshot diff shows every new one.
 */
export function nagPacks(scope: IConstruct): NagPack[] {
  const props = { writeSuppressionsToCloudFormation: true };
  return [
    new AwsSolutionsChecks(scope, props),
    new NIST80053R5Checks(scope, props),
    new PCIDSS321Checks(scope, props),
    new HIPAASecurityChecks(scope, props),
  ];
}

/** The compliance packs whose rules share a name (`<pack>-<rule>`): NIST 800-53 rev 5, PCI DSS 3.2.1, HIPAA Security. */
const COMPLIANCE_PACK_PREFIXES = ['NIST.800.53.R5', 'PCI.DSS.321', 'HIPAA.Security'] as const;

/**
 * Acknowledges one rule that the three compliance packs each report under their own
 * prefix (`NIST.800.53.R5-<rule>`, `PCI.DSS.321-<rule>`, `HIPAA.Security-<rule>`), on
 * `scope`, with the same reason: one acknowledgment per pack finding.
 */
export function acknowledgeInCompliancePacks(scope: IConstruct, rule: string, reason: string): void {
  for (const prefix of COMPLIANCE_PACK_PREFIXES) Validations.of(scope).acknowledge({ id: `${prefix}-${rule}`, reason });
}
