import { buildTestStage } from './helpers';

describe('stacks and regions', () => {
  test('a public stage has stacks in us-east-1, the primary and the backup region', () => {
    const { app } = buildTestStage();
    const stacks = app.node.children.filter((c): c is import('aws-cdk-lib').Stack => 'templateOptions' in c);
    const byRegion = Object.fromEntries(stacks.map((s) => [s.stackName, s.region]));
    expect(byRegion).toEqual({
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
    const { stage } = buildTestStage({}, 'example-internal.json');
    expect(stage.edge).toBeUndefined();
    expect(stage.detectionGlobal).toBeUndefined();
  });

  test.each(['example.json', 'example-internal.json'])(
    'DB-6 BKP-1 every stack of %s has termination protection (all hold keys, logs, vaults, zones or identities)',
    (file) => {
      const { app } = buildTestStage({}, file);
      const stacks = app.node.children.filter((c): c is import('aws-cdk-lib').Stack => 'templateOptions' in c);
      expect(stacks.length).toBeGreaterThanOrEqual(9);
      for (const s of stacks) expect([s.stackName, s.terminationProtection]).toEqual([s.stackName, true]);
    },
  );

  test('BKP-3 the backup stack deploys after the vault it copies into', () => {
    const { stage } = buildTestStage();
    expect(stage.backup.dependencies).toContain(stage.recovery);
  });
});
