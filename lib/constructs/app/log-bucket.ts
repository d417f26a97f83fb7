import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Properties of {@link LogBucket}. */
export interface LogBucketProps {
  /** Days a log object (and any overwritten version of it) is kept before it expires. */
  readonly retentionDays: number;
  /**
   * Bucket receiving this bucket's S3 server access logs.
   * @default - none: only for the bucket that is itself the server access log destination
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /**
   * Key prefix of the server access logs in `serverAccessLogsBucket`.
   * @default - no prefix
   */
  readonly serverAccessLogsPrefix?: string;
}

/**
 * A private, TLS-only, versioned bucket for service-delivered logs, kept when its
 * stack is deleted and emptied by a lifecycle rule instead.
 *
 * Encryption is SSE-S3 (AES-256) by necessity, not by choice: Elastic Load
 * Balancing access logs and S3 server access logs are delivered only to buckets
 * whose default encryption is SSE-S3; a bucket with SSE-KMS default encryption
 * silently receives nothing.
 */
export class LogBucket extends Construct {
  /** The bucket. */
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsPrefix,
      lifecycleRules: [
        {
          id: 'ExpireLogs',
          expiration: Duration.days(props.retentionDays),
          // Versioning keeps overwritten or deleted logs recoverable, but only for as long as the logs themselves.
          noncurrentVersionExpiration: Duration.days(props.retentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
