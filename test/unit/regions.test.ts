import { KNOWN_REGIONS, REGION_JURISDICTION, sameJurisdiction } from '../../lib/core/regions';

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
