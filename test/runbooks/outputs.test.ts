// OPS-2: the names a runbook needs are outputs of the stack that owns them (lib/app/outputs.ts).
import { INTERNAL, PUBLIC, stackOf } from '../stage/example-stage';

type Output = { Value: unknown; Description?: string; Export?: unknown };

const outputsOf = (concern: string, file = PUBLIC) =>
  ((stackOf(concern, file).template as { Outputs?: Record<string, Output> }).Outputs ?? {}) as Record<string, Output>;

/** Logical IDs a value refers to with Ref or Fn::GetAtt. */
function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (!value || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return [o.Ref];
  if (Array.isArray(o['Fn::GetAtt'])) return [String(o['Fn::GetAtt'][0])];
  return Object.values(o).flatMap(referencedIds);
}

const EXPECTED: Record<string, string[]> = {
  Backup: [
    'ContinuousVaultName',
    'FrequentVaultName',
    'HistoryVaultName',
    'BackupRoleArn',
    'RestoreRoleArn',
    'BackupKeyArn',
    'AirGappedVaultName',
    'AirGappedVaultArn',
  ],
  Recovery: ['CopyVaultName', 'HistoryCopyVaultName', 'BackupKeyArn'],
  Data: [
    'ClusterIdentifier',
    'ClusterResourceId',
    'DbSecurityGroupId',
    'DbSubnetGroupName',
    'ClusterParameterGroupName',
    'StorageKeyArn',
  ],
  App: ['EcsClusterName', 'EcsServiceName'],
};

describe('OPS-2 every name a runbook needs is an output of the stack that owns it', () => {
  test.each(Object.entries(EXPECTED))('%s', (concern, keys) => {
    for (const file of [PUBLIC, INTERNAL]) {
      const outputs = outputsOf(concern, file);
      const resources = Object.keys(
        (stackOf(concern, file).template as { Resources?: Record<string, unknown> }).Resources ?? {},
      );
      for (const key of keys) {
        expect({ file, key, present: key in outputs }).toEqual({ file, key, present: true });
        const o = outputs[key];
        expect(o.Description).toBeTruthy();
        // Not exported: an export pins the value and blocks the owning stack's updates.
        expect(o.Export).toBeUndefined();
        // The stack's own resource, not a reference to another stack.
        for (const id of referencedIds(o.Value)) expect(resources).toContain(id);
      }
    }
  });

  test('the vault names are those of the vaults the plan writes to', () => {
    const backup = stackOf('Backup').template as { Resources: Record<string, { Type: string }> };
    const vaultIds = Object.entries(backup.Resources)
      .filter(([, r]) => r.Type === 'AWS::Backup::BackupVault')
      .map(([id]) => id);
    for (const key of ['ContinuousVaultName', 'FrequentVaultName', 'HistoryVaultName']) {
      const [id] = referencedIds(outputsOf('Backup')[key].Value);
      expect(vaultIds).toContain(id);
      expect(id).toContain(key.replace('Name', ''));
    }
  });
});
