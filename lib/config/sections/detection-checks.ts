import { EDGE_REGION } from '../../defaults/constants';
import type { Problems } from '../problems';
import type { StageConfig } from '../schema';

/**
 * DET-6: an account holds one GuardDuty detector per region. With `guardDuty: "create"` the stage makes one in its
 * primary and backup regions (and us-east-1 on a public stage), so a region listed as already having one would fail
 * that stack's deploy on the duplicate.
 */
export function checkDetection(c: Partial<StageConfig>, p: Problems): void {
  if (c.guardDuty !== 'create' || !c.detection || !c.primaryRegion || !c.backupRegion) return;
  const own = new Set([c.primaryRegion, c.backupRegion, ...(c.exposure === 'public' ? [EDGE_REGION] : [])]);
  c.detection.guardDutyExistingRegions.forEach((region, i) => {
    if (own.has(region))
      p.add(
        `detection.guardDutyExistingRegions[${i}]`,
        region,
        'has a detector already, but guardDuty "create" makes the stage create one there (its own region): the ' +
          'deploy would fail on the second detector',
        'set "guardDuty": "existing" when the account already has detectors in the stage\'s regions, or remove ' +
          'this region from the list',
      );
  });
}
