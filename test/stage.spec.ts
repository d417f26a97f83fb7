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

  test('DB-6 BKP-1 stateful stacks have termination protection', () => {
    const { stage } = buildTestStage();
    for (const s of [stage.data, stage.backup, stage.recovery, stage.dns!]) expect(s.terminationProtection).toBe(true);
  });

  test('BKP-3 the backup stack deploys after the vault it copies into', () => {
    const { stage } = buildTestStage();
    expect(stage.backup.dependencies).toContain(stage.recovery);
  });
});
