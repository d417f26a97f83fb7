import { AIR_GAPPED_VAULT_UNAVAILABLE_REGIONS, isOptInRegion, sameJurisdiction } from '../../core/regions';
import type { Problems } from '../problems';
import type { StageConfig } from '../schema';
import { buildsAirGappedVault } from './backup-checks';

/**
 * What a region cannot host, refused before a deploy fails on it: the Security Hub finding aggregator of DET-6 in an
 * opt-in primary region, and the logically air-gapped vault of BKP-7 where AWS Backup offers none.
 */
export function checkRegionServices(c: Partial<StageConfig>, p: Problems): void {
  const primary = c.primaryRegion;
  if (!primary) return;
  // Security Hub user guide, "Enabling cross-Region aggregation"
  // (https://docs.aws.amazon.com/securityhub/latest/userguide/finding-aggregation-enable.html): "You can't use an
  // AWS Region that is disabled by default as your home Region."
  if (c.detection?.securityHub === 'create' && isOptInRegion(primary))
    p.add(
      'primaryRegion',
      primary,
      'is disabled by default (an opt-in region); Security Hub refuses such a region as the home region of its ' +
        'finding aggregator, which detection.securityHub "create" makes there (DET-6): the deploy would fail',
      `choose a primary region enabled by default${peersEnabledByDefault(primary)}, or set ` +
        'detection.securityHub to "existing" and aggregate findings from a home region of your own',
    );
  // The vault sits in the primary region (backup.airGappedCopy); see AIR_GAPPED_VAULT_UNAVAILABLE_REGIONS' sources.
  if (buildsAirGappedVault(c) && AIR_GAPPED_VAULT_UNAVAILABLE_REGIONS.includes(primary))
    p.add(
      'backup.airGappedCopy',
      true,
      `asks for a logically air-gapped vault in primaryRegion ${primary}, where AWS Backup offers none (BKP-7): the ` +
        'deploy would fail on the vault',
      'set backup.airGappedCopy to false together with backup.secondAccountCopy (a vault of another account keeps ' +
        'BKP-7; false without it breaks BKP-7 and is refused unless the stage waives BKP-7), or choose a primary ' +
        'region where AWS Backup offers logically air-gapped vaults',
    );
}

/** `: one of a, b` for the regions of `region`'s jurisdiction that are enabled by default, or nothing. */
function peersEnabledByDefault(region: string): string {
  const peers = sameJurisdiction(region).filter((r) => !isOptInRegion(r));
  return peers.length ? ` in the same jurisdiction (${peers.join(', ')})` : '';
}
