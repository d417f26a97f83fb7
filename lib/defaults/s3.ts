import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MIN_TLS_VERSION } from './constants';

/** What differs between the project's buckets; everything else is the baseline of {@link secureBucketProps}. */
export interface SecureBucketOptions {
  /**
   * Days an object is kept. Replaced or deleted versions are kept as long again after they are superseded,
   * so a tampered log can be recovered for the whole time the log itself is promised.
   */
  readonly retentionDays: number;
  /**
   * Customer key of the default encryption (SSE-KMS with an S3 Bucket Key).
   * @default - SSE-S3 (AES-256): only for destinations whose delivering service refuses SSE-KMS
   *   (load balancer access logs, S3 server access logs)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Where this bucket's S3 server access logs go.
   * @default - none: only for a bucket that is itself an access-log destination
   */
  readonly serverAccessLogs?: { readonly bucket: s3.IBucket; readonly prefix: string };
  /**
   * Object ownership.
   * @default s3.ObjectOwnership.BUCKET_OWNER_ENFORCED (ACLs disabled)
   */
  readonly objectOwnership?: s3.ObjectOwnership;
}

/**
 * The secure baseline of every bucket of this project: private, TLS 1.2+ only, versioned, retained when its
 * stack is deleted, emptied by one lifecycle rule instead (objects, superseded versions and abandoned multipart
 * uploads). Constructs state only the options above.
 */
export function secureBucketProps(o: SecureBucketOptions): s3.BucketProps {
  const retention = Duration.days(o.retentionDays);
  return {
    ...(o.encryptionKey
      ? { encryption: s3.BucketEncryption.KMS, encryptionKey: o.encryptionKey, bucketKeyEnabled: true }
      : { encryption: s3.BucketEncryption.S3_MANAGED }),
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: o.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: MIN_TLS_VERSION,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    serverAccessLogsBucket: o.serverAccessLogs?.bucket,
    serverAccessLogsPrefix: o.serverAccessLogs?.prefix,
    lifecycleRules: [
      {
        id: 'Expire',
        expiration: retention,
        noncurrentVersionExpiration: retention,
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
  };
}
