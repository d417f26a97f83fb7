// OPS-2 switch-over by config: with `database.restoredCluster`, the application follows a cluster restored outside the
// stack (endpoint and IAM database identity) on the next deploy, while the stack's own cluster stays exactly as it was.
// The switched stage is a variant of the public example, compared with the example itself; both are read from the
// stage cache (test/stage/example-stage.ts).

import type { CachedStage } from '../../lib/compliance/stage-cache';
import {
  exampleStage,
  openNagFindings,
  RESTORED_CLUSTER as RESTORED,
  stackOf,
  switchOverStage,
} from '../stage/example-stage';

const plain = exampleStage();
const switched = switchOverStage();
type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;
const json = (stage: CachedStage, concern: string) =>
  stackOf(concern, stage).template as { Resources: Resources; Outputs: Record<string, any> };
const data = { plain: json(plain, 'Data'), switched: json(switched, 'Data') };
const app = { plain: json(plain, 'App'), switched: json(switched, 'App') };
const ofType = (t: { Resources: Resources }, type: string) =>
  Object.fromEntries(Object.entries(t.Resources).filter(([, r]) => r.Type === type));
/** The container environment of the app's task definition, as name → value. */
const environment = (t: { Resources: Resources }) => {
  const [task] = Object.values(ofType(t, 'AWS::ECS::TaskDefinition'));
  const container = task.Properties.ContainerDefinitions.find((c: any) => c.Environment);
  return Object.fromEntries(container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]));
};
/** Every `rds-db:connect` resource of the stack's managed policies, as JSON text. */
const connectResources = (t: { Resources: Resources }) =>
  Object.values(ofType(t, 'AWS::IAM::ManagedPolicy')).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as any[])
      .filter((s) => [s.Action].flat().includes('rds-db:connect'))
      .map((s) => JSON.stringify(s.Resource)),
  );
const STATEFUL = [
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBSubnetGroup',
  'AWS::RDS::DBClusterParameterGroup',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::SecretsManager::RotationSchedule',
  'AWS::EC2::SecurityGroup',
];

/** A resource of the switched stage with the one addition the restored log group makes (its log key statement). */
const withoutRestoredLogs = (r: Resources[string] | undefined) => {
  if (r?.Type !== 'AWS::KMS::Key') return r;
  const statements = r.Properties.KeyPolicy.Statement.filter(
    (st: { Sid?: string }) => st.Sid !== 'AllowCloudWatchLogsForRestoredPostgresLogGroup',
  );
  return { ...r, Properties: { ...r.Properties, KeyPolicy: { ...r.Properties.KeyPolicy, Statement: statements } } };
};

describe('OPS-2 switch-over: the application follows the restored cluster', () => {
  test('PGHOST and PGPORT name the restored writer endpoint, nothing else of the environment changes', () => {
    const before = environment(app.plain);
    const after = environment(app.switched);
    expect(JSON.stringify(before.PGHOST)).toMatch(/EndpointAddress/);
    expect(after.PGHOST).toBe(RESTORED.endpoint);
    expect(after.PGPORT).toBe('5432');
    const { PGHOST: _h1, PGPORT: _p1, ...restBefore } = before;
    const { PGHOST: _h2, PGPORT: _p2, ...restAfter } = after;
    expect(restAfter).toEqual(restBefore);
  });

  test('DB-3 the app and read-only roles connect to the restored cluster by its resource ID, as their own users', () => {
    const before = connectResources(data.plain);
    const after = connectResources(data.switched);
    expect(before).toHaveLength(2);
    for (const r of before) expect(r).toMatch(/DBClusterResourceId/);
    expect(after).toHaveLength(2);
    expect(after.some((r) => r.includes(`:dbuser:${RESTORED.resourceId}/app_user`))).toBe(true);
    expect(after.some((r) => r.includes(`:dbuser:${RESTORED.resourceId}/readonly_user`))).toBe(true);
    for (const r of after) expect(r).not.toMatch(/DBClusterResourceId/);
  });

  test("DB-2 the operator may read the restored cluster's new RDS-managed master secret, by its tag, with MFA", () => {
    const statements = Object.values(ofType(data.switched, 'AWS::IAM::ManagedPolicy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as any[],
    );
    const read = statements.find((s) => s.Sid === 'ReadRestoredMasterSecret');
    expect([...read.Action].sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(JSON.stringify(read.Resource)).toMatch(/:secret:rds!cluster-\*/);
    expect(read.Condition.Bool).toEqual({ 'aws:MultiFactorAuthPresent': 'true' });
    expect(JSON.stringify(read.Condition.StringEquals)).toContain(`:cluster:${RESTORED.identifier}`);
    expect(read.Condition.StringEquals['secretsmanager:ResourceTag/aws:secretsmanager:owningService']).toBe('rds');
    const plainSids = Object.values(ofType(data.plain, 'AWS::IAM::ManagedPolicy')).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as any[]).map((s) => s.Sid),
    );
    expect(plainSids).not.toContain('ReadRestoredMasterSecret');
  });

  test('the ClusterEndpoint output operators tunnel to is the restored endpoint', () => {
    expect(data.switched.Outputs.ClusterEndpoint.Value).toBe(RESTORED.endpoint);
  });

  test("DB-6 PROOF-3 the stack's own cluster, keys, groups and logs are untouched: same logical IDs, same definitions", () => {
    for (const type of STATEFUL) {
      const before = ofType(data.plain, type);
      expect(Object.keys(before).length).toBeGreaterThan(0);
      const after = ofType(data.switched, type);
      for (const [id, resource] of Object.entries(before)) expect(withoutRestoredLogs(after[id])).toEqual(resource);
    }
    const [cluster] = Object.values(ofType(data.switched, 'AWS::RDS::DBCluster'));
    expect(cluster).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    expect(cluster.Properties.DeletionProtection).toBe(true);
  });

  test("DB-4 DB-5 the restored cluster's PostgreSQL log group is declared under the log key, kept as long", () => {
    const added = Object.entries(ofType(data.switched, 'AWS::Logs::LogGroup')).filter(
      ([id]) => !(id in ofType(data.plain, 'AWS::Logs::LogGroup')),
    );
    expect(added).toHaveLength(1);
    const [, group] = added[0];
    const [, own] = Object.entries(ofType(data.plain, 'AWS::Logs::LogGroup')).find(([, g]) =>
      String(g.Properties.LogGroupName).endsWith('/prod-aurora/postgresql'),
    ) as [string, typeof group];
    expect(group.Properties).toEqual({
      ...own.Properties,
      LogGroupName: `/aws/rds/cluster/${RESTORED.identifier}/postgresql`,
    });
    expect(group).toMatchObject({ DeletionPolicy: 'Retain' });
    const logKey = Object.values(ofType(data.switched, 'AWS::KMS::Key')).find((k) =>
      k.Properties.Description.startsWith('PostgreSQL and audit logs'),
    );
    const sids = logKey?.Properties.KeyPolicy.Statement.map((st: { Sid?: string }) => st.Sid);
    expect(sids).toContain('AllowCloudWatchLogsForRestoredPostgresLogGroup');
  });

  test('PROOF-1 the variant has no open cdk-nag finding (the restored secret pattern is acknowledged with its reason)', () => {
    expect(openNagFindings(switched, 'Data')).toEqual([]);
  });
});
