import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { LockedVault, lockMinimum } from '../../../lib/constructs/backup/locked-vault';

describe('BKP-6 lock minimum', () => {
  test.each([
    [1, 90, 1],
    [35, 35, 34],
    [90, 90, 89],
    [1, 2, 1],
  ])('points kept %i d under a %i d maximum get a minimum of %i d', (shortest, max, min) => {
    expect(lockMinimum(shortest, max)).toBe(min);
  });

  test('a vault whose points outlive the lock maximum is refused at synth', () => {
    const stack = new Stack(new App());
    expect(
      () =>
        new LockedVault(stack, 'V', {
          encryptionKey: new kms.Key(stack, 'K'),
          shortestRetentionDays: 120,
          maxRetentionDays: 90,
          lock: { mode: 'compliance', changeableForDays: 3 },
        }),
    ).toThrow(/exceed the lock maximum/);
  });

  test('governance mode sets no cooling-off, compliance mode does; the vault is retained', () => {
    const stack = new Stack(new App());
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
});
