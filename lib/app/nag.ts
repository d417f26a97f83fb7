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
