import { Template } from 'aws-cdk-lib/assertions';
import { SecureKey } from '../../../lib/constructs/secure-key';
import { testStack } from '../../helpers';

/** GIVEN a fresh stack, WHEN a SecureKey is added and `configure` runs on it. */
function key(configure: (k: SecureKey) => void = () => {}, alias?: string) {
  const stack = testStack();
  const k = new SecureKey(stack, 'Secure', { description: 'Encrypts the test data', alias });
  configure(k);
  return Template.fromStack(stack);
}

/** The key policy statement with `sid`. */
const statement = (t: Template, sid: string) => {
  const [k] = Object.values(t.findResources('AWS::KMS::Key'));
  return k.Properties.KeyPolicy.Statement.find((s: { Sid?: string }) => s.Sid === sid);
};

describe('DB-4 SecureKey', () => {
  test('yearly rotation, retained with its stack and on replacement, described', () => {
    key().hasResource('AWS::KMS::Key', {
      Properties: { Description: 'Encrypts the test data', EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('no alias unless one is given; the alias gets the alias/ prefix', () => {
    key().resourceCountIs('AWS::KMS::Alias', 0);
    key(undefined, 'team-data').hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/team-data' });
  });
});

describe('PROOF-4 SecureKey service statements', () => {
  test('allowCloudWatchLogs(): every log group of this account and region, as a pattern (ArnLike)', () => {
    const s = statement(
      key((k) => k.allowCloudWatchLogs()),
      'AllowCloudWatchLogs',
    );
    expect(s.Principal).toEqual({ Service: 'logs.eu-west-3.amazonaws.com' });
    expect(s.Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-3:111122223333:log-group:*' },
    });
  });

  test('allowCloudWatchLogs(name, sid): that one group only (ArnEquals), under the given sid', () => {
    const s = statement(
      key((k) => k.allowCloudWatchLogs('/app/audit', 'AuditLogs')),
      'AuditLogs',
    );
    expect(s.Condition).toEqual({
      ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-3:111122223333:log-group:/app/audit' },
    });
  });

  test('allowServiceToUse: decrypt and data keys for the service, bound to this account', () => {
    const s = statement(
      key((k) => k.allowServiceToUse('AllowBackup', 'backup.amazonaws.com')),
      'AllowBackup',
    );
    expect(s).toEqual({
      Sid: 'AllowBackup',
      Effect: 'Allow',
      Principal: { Service: 'backup.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    });
  });
});
