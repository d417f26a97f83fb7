import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeInCompliancePacks } from '../../defaults/nag';
import { SecureKey } from '../secure-key';

/** Properties of {@link AccessLogBucket}. */
export interface AccessLogBucketProps {
  /** Days a log object is kept before it is deleted. */
  readonly retentionDays: number;
}

/** Noncurrent versions only guard against overwrite or deletion by mistake; a month is enough to notice. */
const NONCURRENT_VERSION_DAYS = 30;

/**
 * The bucket of CloudFront standard (legacy) access logs: private, TLS-only,
 * versioned, KMS-encrypted, with a lifecycle.
 *
 * Legacy logging is what `AWS::CloudFront::Distribution.Logging` declares (and
 * what cdk-nag checks). It writes through the `awslogsdelivery` account with an
 * ACL, so the bucket cannot use "bucket owner enforced": "bucket owner preferred"
 * gives the stage account ownership of every log object while still accepting
 * that ACL. It writes SSE-KMS objects when the key lets `delivery.logs.amazonaws.com`
 * generate data keys and, because the bucket uses an S3 Bucket Key, decrypt (S3 decrypts
 * the bucket-level data key on the writer's behalf): this construct adds both (PROOF-4).
 */
export class AccessLogBucket extends Construct {
  /** The bucket. */
  readonly bucket: s3.Bucket;
  /** The key encrypting the bucket. */
  readonly key: SecureKey;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.key = new SecureKey(this, 'Key', { description: 'Encrypts the CloudFront access logs' });
    this.key.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudFrontLogDelivery',
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        // The statement CloudFront documents for SSE-KMS log buckets ("Required key policy for SSE-KMS
        // buckets"): GenerateDataKey*, plus Decrypt when the bucket uses an S3 Bucket Key, as this one
        // does; without Decrypt no log file is ever delivered. Who may write is decided by the
        // bucket's ACL (only this account's distributions are granted there), not by the key.
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    const cfn = this.bucket.node.defaultChild as s3.CfnBucket;
    for (const id of [
      'AwsSolutions-S1',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'PCI.DSS.321-S3BucketLoggingEnabled',
      'HIPAA.Security-S3BucketLoggingEnabled',
    ]) {
      Validations.of(cfn).acknowledge({
        id,
        reason:
          'This bucket is itself the access-log destination; logging it into itself loops, and another log bucket would only move the question. It is private and TLS-only, and its configuration changes are in CloudTrail.',
      });
    }
    acknowledgeInCompliancePacks(
      cfn,
      'S3BucketReplicationEnabled',
      'Edge access logs are diagnostic, hold no customer data of record, and expire by lifecycle; versioning and RETAIN protect them against deletion. A replica would double the personal data (client IPs) to govern.',
    );
  }
}
