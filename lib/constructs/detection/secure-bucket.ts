import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeInCompliancePacks } from '../../defaults/nag';

/** Versions of access-log objects replaced or deleted are kept this long, so tampering leaves a trace. */
const ACCESS_LOG_NONCURRENT_DAYS = 90;

/** Acknowledges the cross-region replication rules on one bucket, with the compensating controls. */
function acknowledgeNoReplication(bucket: s3.Bucket, reason: string): void {
  acknowledgeInCompliancePacks(bucket.node.defaultChild as s3.CfnBucket, 'S3BucketReplicationEnabled', reason);
}

/** Properties of {@link AccessLogBucket}. */
export interface AccessLogBucketProps {
  /** Days S3 server access logs are kept. */
  readonly retentionDays: number;
}

/**
 * Destination of the S3 server access logs of the detection buckets (DET-4):
 * private, TLS-only, versioned, retained. S3-managed encryption because S3 server
 * access logging cannot deliver to a bucket whose default encryption is SSE-KMS.
 */
export class AccessLogBucket extends Construct {
  /** The bucket. */
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(ACCESS_LOG_NONCURRENT_DAYS),
        },
      ],
    });
    const cfn = this.bucket.node.defaultChild as s3.CfnBucket;
    Validations.of(cfn).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the access-log destination itself; logging it into itself would log its own log deliveries without end.',
    });
    acknowledgeInCompliancePacks(
      cfn,
      'S3BucketLoggingEnabled',
      'This bucket is the access-log destination; access to it is recorded by the CloudTrail trail (management events).',
    );
    acknowledgeInCompliancePacks(
      cfn,
      'S3DefaultEncryptionKMS',
      'S3 server access logging delivers only to buckets with SSE-S3 default encryption (AES-256); SSE-KMS is refused by the service.',
    );
    acknowledgeNoReplication(
      this.bucket,
      'Access logs of the detection buckets: versioned, retained, noncurrent versions kept 90 days; the API calls on those buckets are also in the multi-region CloudTrail trail.',
    );
  }
}

/** Properties of {@link SecureBucket}. */
export interface SecureBucketProps {
  /** Customer key of the bucket's default encryption. */
  readonly encryptionKey: kms.IKey;
  /** Where S3 server access logs of this bucket go. */
  readonly accessLogBucket: AccessLogBucket;
  /** Prefix of this bucket's access logs in the access-log bucket. */
  readonly accessLogPrefix: string;
  /** Objects, and replaced or deleted versions, are deleted this long after they are written or superseded. */
  readonly expiration: Duration;
  /** Why no cross-region replica is needed: the compensating controls (written into the template). */
  readonly noReplicationReason: string;
}

/**
 * A private, TLS-only, versioned, KMS-encrypted, access-logged bucket that is never
 * deleted with its stack: the trail's log files and the canary's artifacts.
 */
export class SecureBucket extends Construct {
  /** The bucket. */
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: props.accessLogBucket.bucket,
      serverAccessLogsPrefix: props.accessLogPrefix,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: props.expiration, noncurrentVersionExpiration: props.expiration }],
    });
    acknowledgeNoReplication(this.bucket, props.noReplicationReason);
  }
}
