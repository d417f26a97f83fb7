import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DEFAULT_ACCESS_LOG_RETENTION_DAYS } from '../../defaults/edge';
import { acknowledge } from '../../defaults/nag';
import { secureBucketProps } from '../../defaults/s3';
import { SecureKey } from '../secure-key';

/** Properties of {@link CloudFrontLogBucket}. */
export interface CloudFrontLogBucketProps {
  /**
   * Days a log object, and a superseded version of it, is kept before it is deleted.
   * @default DEFAULT_ACCESS_LOG_RETENTION_DAYS (365)
   */
  readonly retentionDays?: number;
}

/**
 * The bucket of CloudFront standard (legacy) access logs (DET-4): the project's secure bucket
 * baseline, KMS-encrypted, with two differences that log delivery needs.
 *
 * Legacy logging is what `AWS::CloudFront::Distribution.Logging` declares (and
 * what cdk-nag checks). It writes through the `awslogsdelivery` account with an
 * ACL, so the bucket cannot use "bucket owner enforced": "bucket owner preferred"
 * gives the stage account ownership of every log object while still accepting
 * that ACL. It writes SSE-KMS objects when the key lets `delivery.logs.amazonaws.com`
 * generate data keys and, because the bucket uses an S3 Bucket Key, decrypt (S3 decrypts
 * the bucket-level data key on the writer's behalf): this construct adds both (PROOF-4).
 */
export class CloudFrontLogBucket extends Construct {
  /** The bucket. */
  readonly bucket: s3.Bucket;
  /** The key encrypting the bucket. */
  readonly key: SecureKey;

  constructor(scope: Construct, id: string, props: CloudFrontLogBucketProps = {}) {
    super(scope, id);
    this.key = new SecureKey(this, 'Key', { description: 'Encrypts the CloudFront access logs' });
    this.allowLogDelivery();
    this.bucket = new s3.Bucket(
      this,
      'Bucket',
      secureBucketProps({
        retentionDays: props.retentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS,
        encryptionKey: this.key.key,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      }),
    );
    this.acknowledgeFindings();
  }

  private allowLogDelivery(): void {
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
  }

  private acknowledgeFindings(): void {
    const cfn = this.bucket.node.defaultChild as s3.CfnBucket;
    acknowledge(
      cfn,
      'This bucket is itself the access-log destination; logging it into itself loops, and another log bucket would ' +
        'only move the question. It is private and TLS-only, and its configuration changes are in CloudTrail.',
      'AwsSolutions-S1',
      { compliance: 'S3BucketLoggingEnabled' },
    );
    acknowledge(
      cfn,
      'Edge access logs are diagnostic, hold no customer data of record, and expire by lifecycle; versioning and ' +
        'RETAIN protect them against deletion. A replica would double the personal data (client IPs) to govern.',
      { compliance: 'S3BucketReplicationEnabled' },
    );
  }
}
