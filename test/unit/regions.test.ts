import {
  AIR_GAPPED_VAULT_UNAVAILABLE_REGIONS,
  DEFAULT_GUARDDUTY_REGIONS,
  guardDutyStackSetRegions,
  isOptInRegion,
  KNOWN_REGIONS,
  OPT_IN_REGIONS,
  REGION_JURISDICTION,
  sameJurisdiction,
} from '../../lib/core/regions';

describe('BKP-3 regions and jurisdictions', () => {
  test('an EU region pairs only with EU regions', () => {
    const peers = sameJurisdiction('eu-west-3');
    expect(peers).toContain('eu-central-1');
    expect(peers).not.toContain('eu-west-3');
    for (const r of peers) expect(REGION_JURISDICTION[r]).toBe(REGION_JURISDICTION['eu-west-3']);
  });

  test('London and Zurich are not EU member states: no EU region is their peer', () => {
    for (const r of ['eu-west-2', 'eu-central-2']) {
      expect(sameJurisdiction(r).filter((p) => REGION_JURISDICTION[p] === REGION_JURISDICTION['eu-west-1'])).toEqual(
        [],
      );
    }
  });

  test('an unknown region has no peer', () => {
    expect(sameJurisdiction('xx-nowhere-1')).toEqual([]);
  });

  test('every known region is a region code', () => {
    for (const r of KNOWN_REGIONS) expect(r).toMatch(/^[a-z]{2}(-[a-z]+)+-\d$/);
  });
});

describe('DET-6 GuardDuty StackSet regions', () => {
  test('the default regions are the ones enabled in every account: no opt-in region', () => {
    expect(DEFAULT_GUARDDUTY_REGIONS).toHaveLength(17);
    for (const optIn of ['eu-south-1', 'eu-south-2', 'eu-central-2', 'af-south-1', 'ap-east-1', 'me-south-1'])
      expect(DEFAULT_GUARDDUTY_REGIONS).not.toContain(optIn);
    for (const r of DEFAULT_GUARDDUTY_REGIONS) expect(KNOWN_REGIONS).toContain(r);
  });

  test('configured regions minus those a stack of the stage owns, minus existing detectors', () => {
    expect(
      guardDutyStackSetRegions({
        configured: ['eu-west-3', 'eu-central-1', 'us-east-1', 'eu-west-1', 'eu-north-1', 'eu-west-1'],
        owned: ['eu-west-3', 'eu-central-1', 'us-east-1'],
        existing: ['eu-north-1'],
      }),
    ).toEqual(['eu-west-1']);
  });

  test('by default every default region but the owned ones', () => {
    const regions = guardDutyStackSetRegions({ owned: ['eu-west-3', 'eu-central-1', 'us-east-1'] });
    expect(regions).toHaveLength(14);
    expect(regions).not.toContain('us-east-1');
    expect(regions).toContain('us-west-2');
  });

  test('an internal stage (no us-east-1 stack) covers us-east-1 through the StackSet', () => {
    expect(guardDutyStackSetRegions({ owned: ['eu-west-3', 'eu-central-1'] })).toContain('us-east-1');
  });
});

describe('DET-6 BKP-7 what opt-in regions and AWS Backup allow', () => {
  test('opt-in regions: every known region outside the 17 enabled by default, and any region AWS adds later', () => {
    expect(OPT_IN_REGIONS).toEqual(
      expect.arrayContaining(['eu-south-1', 'eu-south-2', 'eu-central-2', 'ap-east-1', 'me-south-1', 'af-south-1']),
    );
    expect(OPT_IN_REGIONS).toContain('il-central-1');
    expect(OPT_IN_REGIONS).toHaveLength(KNOWN_REGIONS.length - DEFAULT_GUARDDUTY_REGIONS.length);
    for (const r of DEFAULT_GUARDDUTY_REGIONS) expect(isOptInRegion(r)).toBe(false);
    expect(isOptInRegion('xx-future-1')).toBe(true);
  });

  test('regions without logically air-gapped vaults: known regions, none of the example stages', () => {
    for (const r of AIR_GAPPED_VAULT_UNAVAILABLE_REGIONS) expect(KNOWN_REGIONS).toContain(r);
    for (const r of ['eu-west-3', 'eu-central-1', 'us-east-1'])
      expect(AIR_GAPPED_VAULT_UNAVAILABLE_REGIONS).not.toContain(r);
  });
});
