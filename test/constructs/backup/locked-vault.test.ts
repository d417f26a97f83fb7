import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { LockedVault } from '../../../lib/constructs/backup/locked-vault';
import { testStack } from '../../helpers';

describe('BKP-6 LockedVault', () => {
  test('a vault whose points outlive the lock maximum is refused at synth', () => {
    const stack = testStack();
    expect(
      () =>
        new LockedVault(stack, 'V', {
          encryptionKey: new kms.Key(stack, 'K'),
          shortestRetentionDays: 120,
          maxRetentionDays: 90,
          lock: { mode: 'compliance', changeableForDays: 3 },
        }),
    ).toThrow(/Test\/V: points kept 120 d exceed the lock maximum 90 d/);
  });

  test('governance mode sets no cooling-off, compliance mode does; the vault is retained', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'K');
    new LockedVault(stack, 'G', {
      encryptionKey: key,
      shortestRetentionDays: 7,
      maxRetentionDays: 90,
      lock: { mode: 'governance', changeableForDays: 3 },
    });
    new LockedVault(stack, 'C', {
      encryptionKey: key,
      shortestRetentionDays: 7,
      maxRetentionDays: 90,
      lock: { mode: 'compliance', changeableForDays: 5 },
    });
    const locks = Object.values(Template.fromStack(stack).findResources('AWS::Backup::BackupVault')).map((v) => [
      v.DeletionPolicy,
      v.Properties.LockConfiguration,
    ]);
    expect(locks).toEqual([
      ['Retain', { MinRetentionDays: 7, MaxRetentionDays: 90 }],
      ['Retain', { MinRetentionDays: 7, MaxRetentionDays: 90, ChangeableForDays: 5 }],
    ]);
  });

  test('without a lock mode, the vault locks in compliance mode with the 3-day AWS minimum of cooling-off', () => {
    const stack = testStack();
    new LockedVault(stack, 'V', {
      encryptionKey: new kms.Key(stack, 'K'),
      shortestRetentionDays: 90,
      maxRetentionDays: 90,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 89, MaxRetentionDays: 90, ChangeableForDays: 3 },
    });
  });
});
