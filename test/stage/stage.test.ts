import { exampleStage, hasStack, INTERNAL, openNagFindings, PUBLIC } from './example-stage';

describe('stacks and regions', () => {
  test('a public stage has stacks in us-east-1, the primary and the backup region', () => {
    const { stacks } = exampleStage(PUBLIC);
    expect(Object.fromEntries(stacks.map((s) => [s.name, s.region]))).toEqual({
      'prod-Network': 'eu-west-3',
      'prod-Dns': 'us-east-1',
      'prod-Data': 'eu-west-3',
      'prod-Recovery': 'eu-central-1',
      'prod-Backup': 'eu-west-3',
      'prod-App': 'eu-west-3',
      'prod-Edge': 'us-east-1',
      'prod-Mail': 'eu-west-3',
      'prod-Detection': 'eu-west-3',
      'prod-DetectionBackupRegion': 'eu-central-1',
      'prod-DetectionGlobal': 'us-east-1',
    });
    for (const s of stacks) expect(s.account).toBe('111122223333');
  });

  test('ORG-2 an internal stage has no CloudFront and no edge monitoring', () => {
    expect(hasStack('Edge', INTERNAL)).toBe(false);
    expect(hasStack('DetectionGlobal', INTERNAL)).toBe(false);
  });

  test.each([PUBLIC, INTERNAL])(
    'DB-6 BKP-1 every stack of %s has termination protection (all hold keys, logs, vaults, zones or identities)',
    (file) => {
      const { stacks } = exampleStage(file);
      expect(stacks.length).toBeGreaterThanOrEqual(9);
      for (const s of stacks) expect([s.name, s.terminationProtection]).toEqual([s.name, true]);
    },
  );

  test('BKP-3 the backup stack deploys after the vault it copies into', () => {
    const backup = exampleStage(PUBLIC).stacks.find((s) => s.name === 'prod-Backup');
    expect(backup?.dependencies).toContain('prod-Recovery');
  });
});

describe('PROOF-1 cdk-nag: AwsSolutions, NIST 800-53 rev 5, PCI DSS 3.2.1, HIPAA Security', () => {
  test.each([PUBLIC, INTERNAL])('%s: every pack ran and left no open finding', (file) => {
    const { nag } = exampleStage(file);
    expect(nag.map((p) => p.pack).sort()).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']);
    for (const p of nag) expect(p.rulesChecked).toBeGreaterThan(50);
    expect(openNagFindings(file)).toEqual([]);
  });
});
