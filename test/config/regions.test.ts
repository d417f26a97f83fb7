// DET-6 and BKP-7: what a region cannot host is refused at synth (lib/config/sections/region-checks.ts), before a
// deploy fails on it.
import { problemsOf } from '../config-helpers';

/** The example stage moved to `primary` (its zones too) with `backup` as backup region. */
const movedTo = (primary: string, backup: string) => (c: Record<string, any>) => {
  c.primaryRegion = primary;
  c.backupRegion = backup;
  c.availabilityZones = ['a', 'b', 'c'].map((z) => `${primary}${z}`);
};
const lineOf = (problems: string[], field: string) => problems.find((p) => p.startsWith(`${field}: `));
const SECOND_ACCOUNT = {
  account: '444455556666',
  vaultArn: 'arn:aws:backup:ca-central-1:444455556666:backup-vault:copies',
};

describe('DET-6 an opt-in primary region cannot be the Security Hub home region', () => {
  test('eu-south-1 with securityHub "create" (the default) is refused, naming regions enabled by default', () => {
    const problems = problemsOf(movedTo('eu-south-1', 'eu-central-1'));
    const line = lineOf(problems, 'primaryRegion');
    expect(line ?? problems).toEqual(
      expect.stringMatching(/disabled by default.*home region of its finding aggregator/),
    );
    expect(line).toMatch(/Fix: .*eu-west-1.*detection\.securityHub to "existing"/);
  });

  test('with securityHub "existing" (no aggregator made) the same region passes', () => {
    const problems = problemsOf((c) => {
      movedTo('eu-south-1', 'eu-central-1')(c);
      c.detection = { securityHub: 'existing' };
    });
    expect(lineOf(problems, 'primaryRegion')).toBeUndefined();
  });

  test('a region enabled by default passes (the example stage)', () => {
    expect(problemsOf(() => undefined)).toEqual([]);
  });
});

describe('BKP-7 the air-gapped vault only where AWS Backup offers it', () => {
  // ca-west-1 is also opt-in: securityHub "existing" keeps the DET-6 refusal out of these cases.
  const inCalgary = (backup: Record<string, unknown>) => (c: Record<string, any>) => {
    movedTo('ca-west-1', 'ca-central-1')(c);
    c.detection = { securityHub: 'existing' };
    c.backup = backup;
  };

  test('airGappedCopy (the default) in ca-west-1 is refused, with both fixes', () => {
    const line = lineOf(problemsOf(inCalgary({})), 'backup.airGappedCopy');
    expect(line).toMatch(/logically air-gapped vault in primaryRegion ca-west-1, where AWS Backup offers none/);
    expect(line).toMatch(/Fix: set backup.airGappedCopy to false together with backup.secondAccountCopy/);
    expect(line).toMatch(/or choose a primary region/);
  });

  test('airGappedCopy false with a second-account copy passes', () => {
    const problems = problemsOf(inCalgary({ airGappedCopy: false, secondAccountCopy: SECOND_ACCOUNT }));
    expect(problems).toEqual([]);
  });

  test('airGappedCopy false without one is still refused by OPS-5 (BKP-7), as the fix says', () => {
    const line = lineOf(problemsOf(inCalgary({ airGappedCopy: false })), 'backup.airGappedCopy');
    expect(line).toMatch(/BKP-7/);
    expect(line).not.toMatch(/offers none/);
  });
});
