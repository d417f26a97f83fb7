import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ObjectLockMode } from '../../defaults/detection';
import { invalidProps } from '../../defaults/errors';
import { acknowledge } from '../../defaults/nag';
import { secureBucketProps } from '../../defaults/s3';

/** Properties of {@link ServerAccessLogBucket}. */
export interface ServerAccessLogBucketProps {
  /** Days S3 server access logs (and their replaced or deleted versions) are kept. */
  readonly retentionDays: number;
}

/**
 * Destination of the S3 server access logs of the detection buckets (DET-4): the
 * secure bucket baseline with S3-managed encryption, because S3 server access
 * logging cannot deliver to a bucket whose default encryption is SSE-KMS.
 */
export class ServerAccessLogBucket extends Construct {
  /** The bucket. */
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ServerAccessLogBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', secureBucketProps({ retentionDays: props.retentionDays }));
    const cfn = this.bucket.node.defaultChild as s3.CfnBucket;
    acknowledge(
      cfn,
      'This bucket is the access-log destination itself; logging it into itself would log its own log ' +
        'deliveries without end.',
      'AwsSolutions-S1',
    );
    acknowledge(
      cfn,
      'This bucket is the access-log destination; access to it is recorded by the CloudTrail trail ' +
        '(management events).',
      { compliance: 'S3BucketLoggingEnabled' },
    );
    acknowledge(
      cfn,
      'S3 server access logging delivers only to buckets with SSE-S3 default encryption (AES-256); SSE-KMS is ' +
        'refused by the service.',
      { compliance: 'S3DefaultEncryptionKMS' },
    );
    acknowledge(
      cfn,
      'Access logs of the detection buckets: versioned, retained, noncurrent versions kept as long as the logs; ' +
        'the API calls on those buckets are also in the multi-region CloudTrail trail.',
      { compliance: 'S3BucketReplicationEnabled' },
    );
  }
}

/** Default S3 Object Lock retention of every new object version. */
export interface ObjectLock {
  /** GOVERNANCE (a principal allowed s3:BypassGovernanceRetention may lift it) or COMPLIANCE (no one may). */
  readonly mode: ObjectLockMode;
  /** Days each object version is locked; at most the bucket's `retentionDays`. */
  readonly days: number;
}

/** Properties of {@link SecureBucket}. */
export interface SecureBucketProps {
  /** Customer key of the bucket's default encryption. */
  readonly encryptionKey: kms.IKey;
  /** Where S3 server access logs of this bucket go. */
  readonly accessLogBucket: ServerAccessLogBucket;
  /** Prefix of this bucket's access logs in the access-log bucket. */
  readonly accessLogPrefix: string;
  /** Days objects, and replaced or deleted versions, are kept after they are written or superseded. */
  readonly retentionDays: number;
  /** Why no cross-region replica is needed: the compensating controls (written into the template). */
  readonly noReplicationReason: string;
  /**
   * S3 Object Lock with this default retention (write once, read many). Object Lock cannot be turned off once on.
   * @default - no Object Lock
   */
  readonly objectLock?: ObjectLock;
}

/**
 * The secure bucket baseline with a customer key and server access logs: the
 * trail's log files and the canary's artifacts. With `objectLock`, every new
 * object version is locked for that many days, and the lifecycle rule never
 * expires a version before its lock ends.
 */
export class SecureBucket extends Construct {
  /** The bucket. */
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...secureBucketProps({
        retentionDays: props.retentionDays,
        encryptionKey: props.encryptionKey,
        serverAccessLogs: { bucket: props.accessLogBucket.bucket, prefix: props.accessLogPrefix },
      }),
      ...this.objectLockProps(props),
    });
    acknowledge(this.bucket.node.defaultChild as s3.CfnBucket, props.noReplicationReason, {
      compliance: 'S3BucketReplicationEnabled',
    });
  }

  /**
   * Object Lock (DET-7, CT.S3.PR.9) fitted to the lifecycle: the rule of the baseline expires objects after
   * `retentionDays`, so a lock must end by then, or S3 would keep versions the retention says are gone.
   */
  private objectLockProps(props: SecureBucketProps): Partial<s3.BucketProps> {
    const lock = props.objectLock;
    if (!lock) return {};
    if (!Number.isInteger(lock.days) || lock.days < 1 || lock.days > props.retentionDays) {
      invalidProps(
        this,
        `objectLock.days must be a whole number from 1 to retentionDays (${props.retentionDays}), got ${lock.days}`,
      );
    }
    const days = Duration.days(lock.days);
    return {
      objectLockEnabled: true,
      objectLockDefaultRetention:
        lock.mode === 'COMPLIANCE' ? s3.ObjectLockRetention.compliance(days) : s3.ObjectLockRetention.governance(days),
    };
  }
}
