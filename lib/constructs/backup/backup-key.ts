import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { SecureKey } from '../secure-key';

/** Statement id of the key-policy statement that admits AWS Backup and the RDS copy. */
export const BACKUP_KEY_SID = 'AllowAwsBackupAndRdsCopyInThisAccount';

/**
 * The backup key of one region (BKP-1): KMS (AES-256-GCM), rotation on, retained
 * with its stack. Vaults use it for their recovery points; copies that arrive in
 * this region are re-encrypted with it.
 *
 * PROOF-4: the key admits principals of this account only when they call through
 * AWS Backup or RDS of this region (the backup role, and RDS copying a cluster
 * snapshot into this region for the copy job); the grant statement lets those
 * services hand the key to the resources they create, and nothing else.
 */
export function backupKey(scope: Construct, id: string, description: string): SecureKey {
  const key = new SecureKey(scope, id, { description });
  const stack = Stack.of(scope);
  const viaServices = [`backup.${stack.region}.amazonaws.com`, `rds.${stack.region}.amazonaws.com`];
  key.key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: BACKUP_KEY_SID,
      principals: [new iam.AccountRootPrincipal()],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:CallerAccount': stack.account },
        'ForAnyValue:StringEquals': { 'kms:ViaService': viaServices },
      },
    }),
  );
  key.key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: `${BACKUP_KEY_SID}Grants`,
      principals: [new iam.AccountRootPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:CallerAccount': stack.account },
        'ForAnyValue:StringEquals': { 'kms:ViaService': viaServices },
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    }),
  );
  return key;
}
