import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { StageConfig } from '../config/schema';

/** Sid of the storage key statement that admits the second account's copies. */
export const SECOND_ACCOUNT_COPY_SID = 'AllowSecondAccountCopyOfSnapshots';

/**
 * BKP-3, BKP-7: an Aurora snapshot keeps the key of its cluster, so a copy into a vault of another account can only
 * be made if the storage key lets that account read it and create grants for AWS resources, through RDS or AWS Backup
 * only, in the stage's region or the destination vault's (AWS Backup developer guide, "Creating backup copies across
 * AWS accounts": the source's customer managed key must be shared with the destination account). Without this the
 * copy jobs fail (and alert); an operator could not add it by hand, since the key guard reserves PutKeyPolicy to the
 * break-glass role and the deployment.
 */
export function allowSecondAccountCopy(c: Pick<StageConfig, 'backup'>, storageKey: kms.Key): void {
  const second = c.backup.secondAccountCopy;
  if (!second) return;
  const stack = Stack.of(storageKey);
  // The config validates the vault ARN: arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME.
  const regions = [...new Set([stack.region, second.vaultArn.split(':')[3]])];
  storageKey.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: SECOND_ACCOUNT_COPY_SID,
      principals: [new iam.AccountPrincipal(second.account)],
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        StringEquals: {
          'kms:ViaService': regions.flatMap((r) => [`rds.${r}.amazonaws.com`, `backup.${r}.amazonaws.com`]),
        },
      },
    }),
  );
}
