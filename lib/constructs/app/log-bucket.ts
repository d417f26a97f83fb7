import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../../defaults/nag';
import { secureBucketProps } from '../../defaults/s3';

/** Properties of {@link LogBucket}. */
export interface LogBucketProps {
  /** Days a log object (and any overwritten version of it) is kept before it expires. */
  readonly retentionDays: number;
  /**
   * Where this bucket's S3 server access logs go: a bucket and a key prefix in it.
   * @default - none: only for the bucket that is itself the server access log destination
   *   (it then acknowledges the logging rules, which would need a third bucket, and so on)
   */
  readonly serverAccessLogs?: { readonly bucket: s3.IBucket; readonly prefix: string };
}

/**
 * A bucket for service-delivered logs (DET-4) on the project's secure baseline (private,
 * TLS-only, versioned, retained, emptied by its lifecycle rule).
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
    this.bucket = new s3.Bucket(
      this,
      'Bucket',
      secureBucketProps({ retentionDays: props.retentionDays, serverAccessLogs: props.serverAccessLogs }),
    );
    this.acknowledgeLogDelivery(props.serverAccessLogs === undefined);
  }

  /** The rules ask for properties log delivery cannot have. */
  private acknowledgeLogDelivery(isServerAccessLogDestination: boolean): void {
    acknowledge(
      this.bucket,
      'Log delivery (Elastic Load Balancing access logs, S3 server access logs) works only into buckets with ' +
        'SSE-S3 (AES-256) default encryption; SSE-KMS buckets receive nothing. The bucket is private, TLS-only ' +
        'and versioned.',
      { compliance: 'S3DefaultEncryptionKMS' },
    );
    acknowledge(
      this.bucket,
      'Load balancer request logs are operational telemetry kept for a limited time and expired by lifecycle; ' +
        'the authoritative audit trail (CloudTrail) and the data have their own cross-region copies.',
      { compliance: 'S3BucketReplicationEnabled' },
    );
    if (isServerAccessLogDestination) {
      acknowledge(
        this.bucket,
        'This bucket is the S3 server access log destination of the access log bucket; logging it too would need ' +
          'a third bucket, and so on.',
        'AwsSolutions-S1',
        { compliance: 'S3BucketLoggingEnabled' },
      );
    }
  }
}
