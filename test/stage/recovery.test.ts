import { Match } from 'aws-cdk-lib/assertions';
import { copyVaultArn, historyCopyVaultArn } from '../../lib/stacks/recovery-stack';
import {
  exampleStage,
  INTERNAL,
  logicalIds,
  normalizedTemplate,
  openNagFindings,
  PUBLIC,
  stackOf,
  templateOf,
} from './example-stage';

// The Recovery stack (backup region) of the example stages, as `cdk synth` builds it (cached assembly).
const t = templateOf('Recovery');
const vaults = Object.values(t.findResources('AWS::Backup::BackupVault'));
const byName = (name: string) => vaults.find((v) => v.Properties.BackupVaultName === name);

describe('BKP-3 copy vaults in the backup region', () => {
  test('the stack deploys to the backup region of the same jurisdiction', () => {
    expect(stackOf('Recovery').region).toBe('eu-central-1');
  });

  test('the vaults carry the names the primary region copies to', () => {
    const { config } = exampleStage(PUBLIC);
    expect(copyVaultArn(config)).toBe('arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-copy-vault');
    expect(historyCopyVaultArn(config)).toBe(
      'arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-copy-vault-history',
    );
    expect(vaults.map((v) => v.Properties.BackupVaultName).sort()).toEqual([
      'prod-copy-vault',
      'prod-copy-vault-history',
    ]);
  });
});

describe("BKP-1 copies encrypted with this region's rotated customer key", () => {
  test('both vaults use the one key of the region', () => {
    const keys = Object.keys(t.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(1);
    for (const v of vaults) expect(v.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [keys[0], 'Arn'] });
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('PROOF-4 the key admits AWS Backup and the RDS copy of this region, for this account only', () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowAwsBackupAndRdsCopyInThisAccount',
            Condition: {
              StringEquals: { 'kms:CallerAccount': '111122223333' },
              'ForAnyValue:StringEquals': {
                'kms:ViaService': ['backup.eu-central-1.amazonaws.com', 'rds.eu-central-1.amazonaws.com'],
              },
            },
          }),
          Match.objectLike({
            Sid: 'AllowAwsBackupAndRdsCopyInThisAccountGrants',
            Action: 'kms:CreateGrant',
            Condition: Match.objectLike({ Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
          }),
        ]),
      },
    });
  });
});

describe('BKP-6 copy vault locks', () => {
  test('the frequent copy vault locks between the 1-day copies and 90 days, compliance mode', () => {
    expect(byName('prod-copy-vault')?.Properties.LockConfiguration).toEqual({
      MinRetentionDays: 1,
      MaxRetentionDays: 90,
      ChangeableForDays: 3,
    });
  });

  test('the history copy vault keeps the 90-day copies from early deletion and nothing beyond 90 days', () => {
    expect(byName('prod-copy-vault-history')?.Properties.LockConfiguration).toEqual({
      MinRetentionDays: 89,
      MaxRetentionDays: 90,
      ChangeableForDays: 3,
    });
  });

  test('every lock minimum is at most the retention the primary plan writes into that vault', () => {
    const rules = Object.values(templateOf('Backup').findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan
      .BackupPlanRule as any[];
    for (const v of vaults) {
      const arn = `arn:aws:backup:eu-central-1:111122223333:backup-vault:${v.Properties.BackupVaultName}`;
      const written = rules
        .flatMap((r) => r.CopyActions ?? [])
        .filter((a: any) => a.DestinationBackupVaultArn === arn)
        .map((a: any) => a.Lifecycle.DeleteAfterDays);
      expect(written.length).toBeGreaterThan(0);
      expect(v.Properties.LockConfiguration.MinRetentionDays).toBeLessThanOrEqual(Math.min(...written));
      expect(Math.max(...written)).toBeLessThanOrEqual(v.Properties.LockConfiguration.MaxRetentionDays);
    }
  });

  test('vaults are retained when the stack is deleted', () => {
    for (const v of vaults) expect(v.DeletionPolicy).toBe('Retain');
  });

  test('the internal stage locks in governance mode', () => {
    for (const v of Object.values(templateOf('Recovery', INTERNAL).findResources('AWS::Backup::BackupVault'))) {
      expect(v.Properties.LockConfiguration.ChangeableForDays).toBeUndefined();
    }
  });
});

describe('PROOF-1 cdk-nag', () => {
  test.each([PUBLIC, INTERNAL])('no open finding in the recovery stack (%s)', (file) => {
    expect(openNagFindings(file, 'Recovery')).toEqual([]);
  });
});

test('DB-6 BKP-6 PROOF-3 stateful logical IDs never change', () => {
  expect(logicalIds('Recovery', ['AWS::KMS::Key', 'AWS::Backup::BackupVault'])).toMatchSnapshot();
});

test('PROOF-3 template snapshot', () => {
  expect(normalizedTemplate('Recovery')).toMatchSnapshot();
});
