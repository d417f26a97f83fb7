import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { customerKeyProps, grantsForAwsResourcesOnly } from '../defaults/kms';

/** Properties of {@link SecureKey}. */
export interface SecureKeyProps {
  /** What the key protects; shown in the KMS console. */
  readonly description: string;
  /**
   * Alias without the `alias/` prefix.
   * @default - no alias
   */
  readonly alias?: string;
}

/**
 * A customer-managed KMS key with yearly rotation that is never deleted with its
 * stack (a deleted key makes every backup, log and snapshot under it unreadable).
 *
 * Grants on it can be created only for AWS resources (ORG-7, CT.KMS.PR.3).
 *
 * CDK grants the key to services only in some cases; the `allow*` helpers add the
 * key-policy statements that services writing with the key need at deploy time
 * and that synth never checks (PROOF-4).
 */
export class SecureKey extends Construct {
  /** The key. */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: SecureKeyProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', customerKeyProps(props.description, props.alias));
    // ORG-7 (CT.KMS.PR.3): grants only for AWS resources. Added beside CDK's default root statement: a `policy`
    // prop would replace that statement instead (aws-cdk-lib adds it only when no policy is given).
    this.key.addToResourcePolicy(grantsForAwsResourcesOnly());
  }

  /**
   * Lets CloudWatch Logs of this account and region encrypt the log groups named
   * `logGroupName` (a log group with `encryptionKey` does not add this). A name with
   * `*` is a pattern (ArnLike); a plain name admits that one group only (ArnEquals).
   * The encryption context CloudWatch Logs sends is the group ARN, `log-group:<name>`.
   */
  allowCloudWatchLogs(logGroupName = '*', sid = 'AllowCloudWatchLogs'): void {
    const stack = Stack.of(this);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid,
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          [logGroupName.includes('*') ? 'ArnLike' : 'ArnEquals']: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: logGroupName,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
  }

  /**
   * Lets a service principal of this account use the key to publish or write
   * encrypted data (decrypt plus data-key generation), bound to this account.
   */
  allowServiceToUse(sid: string, servicePrincipal: string): void {
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid,
        principals: [new iam.ServicePrincipal(servicePrincipal)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }
}
