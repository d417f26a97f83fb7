// OPS-2 disaster path: the example stage rebuilt in its former backup region (test/fixtures/disaster-stage.json),
// its cluster restored from a copied recovery point. Only what changes with the region and the snapshot is checked
// here; the claims of the Data stack are those of the example stage (test/stage/data.test.ts). The stage is read from
// the stage cache (test/stage/example-stage.ts), synthesized only when lib/, bin/ or the fixture changed.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers';
import { DISASTER_FIXTURE, disasterStage, openNagFindings, stackOf, templateOf } from '../stage/example-stage';

type Resource = {
  Type: string;
  Properties: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};
type Tpl = { Resources: Record<string, Resource> };

const raw = JSON.parse(fs.readFileSync(path.join(ROOT, DISASTER_FIXTURE), 'utf8'));
const stage = disasterStage();
const { config } = stage;
const data = stackOf('Data', stage).template as Tpl;
const network = templateOf('Network', stage);

const resources = (t: Tpl, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);
const SNAPSHOT = raw.database.restoreFromSnapshotArn as string;

describe('OPS-2 disaster path: the platform in the former backup region, from a copied recovery point', () => {
  test('the fixture moves the example stage: primary in the former backup region, copies to a third EU region', () => {
    const example = JSON.parse(fs.readFileSync(path.join(ROOT, 'config/example.json'), 'utf8'));
    expect(config.primaryRegion).toBe(example.backupRegion);
    expect(config.backupRegion).not.toBe(example.primaryRegion);
    expect(SNAPSHOT.split(':')[3]).toBe(config.primaryRegion);
  });

  test('every stack of the primary region is built in the new region, the copy vaults in the new backup region', () => {
    for (const concern of ['Network', 'Data', 'Backup', 'App', 'Mail', 'Detection']) {
      expect([concern, stackOf(concern, stage).region]).toEqual([concern, 'eu-central-1']);
    }
    expect(stackOf('Recovery', stage).region).toBe('eu-west-1');
  });

  test('DB-1 DB-6 its own VPC over the zones of the new region, with isolated subnets in each', () => {
    network.resourceCountIs('AWS::EC2::VPC', 1);
    const zones = resources(network.toJSON() as Tpl, 'AWS::EC2::Subnet').map(([, s]) => s.Properties.AvailabilityZone);
    expect(new Set(zones)).toEqual(new Set(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']));
  });

  test("DB-4 the cluster is restored from the snapshot, re-encrypted under the stage's own storage key", () => {
    const clusters = resources(data, 'AWS::RDS::DBCluster');
    expect(clusters).toHaveLength(1);
    const [, cluster] = clusters[0];
    expect(cluster.Properties.SnapshotIdentifier).toBe(SNAPSHOT);
    const [[storageKeyId]] = resources(data, 'AWS::KMS::Key').filter(([, k]) =>
      k.Properties.Description.startsWith('Aurora storage'),
    );
    expect(cluster.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [storageKeyId, 'Arn'] });
    expect(cluster.Properties.StorageEncrypted).toBe(true);
    // Inherited from the snapshot: CloudFormation refuses MasterUsername with SnapshotIdentifier.
    expect(cluster.Properties.MasterUsername).toBeUndefined();
    expect(cluster.Properties.DatabaseName).toBeUndefined();
  });

  test('DB-2 DB-5 DB-6 the same protections as the example cluster: IAM auth, managed secret, pgaudit, retained', () => {
    const [[id, cluster]] = resources(data, 'AWS::RDS::DBCluster');
    expect(id).toBe('DatabaseCluster5B53A178');
    expect(cluster.Properties).toMatchObject({
      DBClusterIdentifier: 'prod-aurora',
      EnableIAMDatabaseAuthentication: true,
      ManageMasterUserPassword: true,
      DeletionProtection: true,
      EnableCloudwatchLogsExports: ['postgresql'],
    });
    expect(cluster.Properties.MasterUserSecret.KmsKeyId).toBeDefined();
    expect(cluster.Properties.DBClusterParameterGroupName).toEqual({ Ref: expect.any(String) });
    expect(cluster).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    const [[, parameters]] = resources(data, 'AWS::RDS::DBClusterParameterGroup');
    expect(parameters.Properties.Parameters).toMatchObject({ 'rds.force_ssl': '1', 'pgaudit.role': 'rds_pgaudit' });
    expect(resources(data, 'AWS::SecretsManager::RotationSchedule')).toHaveLength(1);
  });

  test('PROOF-1 the Data stack built from a snapshot has no open cdk-nag finding', () => {
    expect(openNagFindings(stage, 'Data')).toEqual([]);
  });
});
