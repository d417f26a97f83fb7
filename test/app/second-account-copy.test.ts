// BKP-3, BKP-7: with backup.secondAccountCopy, the cluster storage key admits the other account's copies (through
// RDS and AWS Backup only), since an Aurora snapshot keeps its cluster's key and the key guard leaves no one to add
// the statement by hand.
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { allowSecondAccountCopy, SECOND_ACCOUNT_COPY_SID } from '../../lib/app/second-account-copy';
import { testConfig, testStack } from '../helpers';

const SECOND = { account: '999988887777', vaultArn: 'arn:aws:backup:eu-central-1:999988887777:backup-vault:prod-copy' };

function keyPolicyStatements(second?: typeof SECOND): any[] {
  const stack = testStack();
  const key = new kms.Key(stack, 'StorageKey');
  allowSecondAccountCopy(testConfig({ backup: second ? { secondAccountCopy: second } : {} }), key);
  const [k] = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key')) as any[];
  return k.Properties.KeyPolicy.Statement;
}

describe('BKP-3 BKP-7 second-account copy of the snapshots', () => {
  test('the destination account may use the storage key through RDS and AWS Backup of both regions only', () => {
    const s = keyPolicyStatements(SECOND).find((x) => x.Sid === SECOND_ACCOUNT_COPY_SID);
    expect(s).toEqual({
      Sid: SECOND_ACCOUNT_COPY_SID,
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::999988887777:root' },
      Action: ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': [
            'rds.eu-west-3.amazonaws.com',
            'backup.eu-west-3.amazonaws.com',
            'rds.eu-central-1.amazonaws.com',
            'backup.eu-central-1.amazonaws.com',
          ],
        },
      },
    });
  });

  test('without a second-account copy, no other account is admitted', () => {
    expect(keyPolicyStatements().map((x) => x.Sid)).not.toContain(SECOND_ACCOUNT_COPY_SID);
  });
});
