// PROOF-5 paths of AWS Backup: each plan's service role uses the key of every vault its rules write to (through
// AWS Backup, and through RDS, which copies Aurora snapshots across regions) and copies into the copy vaults; the
// restore role uses the protected cluster's key through RDS. Grants carry kms:GrantIsForAWSResource, as KMS sets
// it when an integrated service creates a grant for one of its resources.
import { asArray, field, getPath } from '../model/json';
import { kmsKey, propsOf, type Res, resolve, resources, sameRes } from '../model/query';
import { type Derivation, type EffectPath, unique, viaService } from './path';

/** Vault types: a logically air-gapped vault receives copies like a vault. */
const VAULTS = ['AWS::Backup::BackupVault', 'AWS::Backup::LogicallyAirGappedBackupVault'];

/** The vault a value names: a vault of the stage by reference, name or ARN. */
function vaultNamed(d: Derivation, x: Res, value: unknown): Res {
  const direct = resolve(d.m, x.stack, value);
  if (direct && VAULTS.includes(direct.r.Type)) return direct;
  const text = d.mat.string(x.stack, value);
  const vault = resources(d.m, VAULTS).find((v) => d.mat.arnOf(v) === text || d.mat.nameOf(v) === text);
  if (!vault) throw new Error(`${x.id}: vault ${text} is not a vault of the stage`);
  return vault;
}

/** A role uses a vault's key through AWS Backup, and through RDS. */
function useVaultKey(d: Derivation, role: Res, vault: Res): EffectPath[] {
  const key = kmsKey(d.m, vault, propsOf(vault).EncryptionKeyArn);
  if (!key) return [];
  const uses: Array<[string, string, boolean]> = [
    ['kms:CreateGrant', 'backup', true],
    ['kms:CreateGrant', 'rds', true],
    ['kms:DescribeKey', 'backup', false],
  ];
  return uses.map(([action, service, grant]) =>
    d.byRole('backup', 'Allowed', role, key, `${action} via ${service} for vault ${vault.id}`, {
      ...d.onKey(key),
      action,
      context: viaService(service, key.stack.region, role.stack.account, grant),
    }),
  );
}

/** The roles of a plan's backup selections. */
function planRoles(d: Derivation, plan: Res): Res[] {
  const roles = resources(d.m, 'AWS::Backup::BackupSelection')
    .filter((s) => sameRes(resolve(d.m, s.stack, propsOf(s).BackupPlanId), plan))
    .map((s) => resolve(d.m, s.stack, getPath(propsOf(s), 'BackupSelection.IamRoleArn')))
    .filter((r): r is Res => r?.r.Type === 'AWS::IAM::Role');
  if (!roles.length) throw new Error(`${plan.id}: no backup selection with a role of the stage`);
  return unique(roles);
}

/** AWS Backup: each plan's role uses the key of every vault its rules write to, and copies into the copy vaults. */
export function backup(d: Derivation): EffectPath[] {
  return resources(d.m, 'AWS::Backup::BackupPlan').flatMap((plan) =>
    d.guard('backup', 'Allowed', plan, `vaults of ${plan.id}`, () => {
      const rules = asArray(getPath(propsOf(plan), 'BackupPlan.BackupPlanRule'));
      const targets = rules.map((rule) => vaultNamed(d, plan, field(rule, 'TargetBackupVault')));
      const copies = rules.flatMap((rule) =>
        asArray(field(rule, 'CopyActions')).map((c) => vaultNamed(d, plan, field(c, 'DestinationBackupVaultArn'))),
      );
      return planRoles(d, plan).flatMap((role) => [
        ...unique([...targets, ...copies]).flatMap((vault) => useVaultKey(d, role, vault)),
        ...unique(copies).map((vault) =>
          d.byRole('backup', 'Allowed', role, vault, `backup:CopyIntoBackupVault ${d.mat.nameOf(vault)}`, {
            action: 'backup:CopyIntoBackupVault',
            resource: d.mat.arnOf(vault),
            resourceAccount: vault.stack.account,
            context: { 'aws:SourceAccount': plan.stack.account },
            resourcePolicy: d.policies.resourcePolicyOf(vault),
          }),
        ),
      ]);
    }),
  );
}

/** The clusters a restore testing selection protects (its ARNs, or every cluster for `*`). */
export function protectedClusters(d: Derivation, selection: Res): Res[] {
  const arns = asArray(propsOf(selection).ProtectedResourceArns).map((a) => d.mat.string(selection.stack, a));
  return resources(d.m, 'AWS::RDS::DBCluster').filter((c) => arns.includes('*') || arns.includes(d.mat.arnOf(c)));
}

/** AWS Backup restore tests: the restore role uses the protected cluster's key through RDS. */
export function restore(d: Derivation): EffectPath[] {
  return resources(d.m, 'AWS::Backup::RestoreTestingSelection').flatMap((selection) =>
    d.guard('restore', 'Allowed', selection, `restores of ${selection.id}`, () => {
      const role = resolve(d.m, selection.stack, propsOf(selection).IamRoleArn);
      if (role?.r.Type !== 'AWS::IAM::Role') throw new Error(`${selection.id}: its role is not a role of the stage`);
      return protectedClusters(d, selection).flatMap((cluster) => {
        const key = kmsKey(d.m, cluster, propsOf(cluster).KmsKeyId);
        if (!key) throw new Error(`${cluster.id}: its KmsKeyId is not a key of the stage`);
        return (['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey'] as const).map((action) =>
          d.byRole('restore', 'Allowed', role, key, `${action} via rds (restore of ${cluster.id})`, {
            ...d.onKey(key),
            action,
            context: viaService('rds', key.stack.region, role.stack.account, action === 'kms:CreateGrant'),
          }),
        );
      });
    }),
  );
}
