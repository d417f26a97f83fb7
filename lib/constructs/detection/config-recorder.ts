import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DEFAULT_TRAIL_RETENTION_DAYS } from '../../defaults/detection';
import { SecureKey } from '../secure-key';
import { SecureBucket, type ServerAccessLogBucket } from './secure-bucket';

/** The service-linked role AWS Config records with (created once per account; see {@link ConfigRecorder}). */
export const CONFIG_SERVICE_LINKED_ROLE = 'aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';

/** How often Config writes a snapshot of every recorded resource to the bucket. */
const SNAPSHOT_FREQUENCY = 'TwentyFour_Hours';

/** Properties of {@link ConfigDeliveryBucket}. */
export interface ConfigDeliveryBucketProps {
  /**
   * Days configuration snapshots and history files are kept (and their replaced or deleted versions).
   * @default DEFAULT_TRAIL_RETENTION_DAYS (365): as long as the audit trail
   */
  readonly retentionDays?: number;
  /** Where the bucket's S3 server access logs go. */
  readonly accessLogBucket: ServerAccessLogBucket;
}

/**
 * The one bucket every region's AWS Config recorder delivers to (DET-6): KMS-encrypted with a key that admits
 * `config.amazonaws.com` of this account, private, TLS-only, versioned, access-logged, retained, with AWS Config's
 * documented bucket policy bound to this account (aws:SourceAccount). Config delivers across regions to one bucket
 * (the key must be in the bucket's region: PutDeliveryChannel API reference).
 *
 * Not under S3 Object Lock, unlike the trail bucket: "AWS Config does not support the delivery channel to an
 * Amazon S3 bucket where object lock is enabled" (AWS::Config::DeliveryChannel). Versioning keeps every replaced
 * or deleted file for the whole retention, and the same changes are in the CloudTrail trail (DET-4).
 */
export class ConfigDeliveryBucket extends Construct {
  /** The key of the configuration files. */
  readonly key: SecureKey;
  /** The bucket. */
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ConfigDeliveryBucketProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    this.key = new SecureKey(this, 'Key', { description: 'Encrypts the AWS Config configuration history (DET-6)' });
    // PROOF-4: "Permissions for the KMS Key" (AWS Config developer guide), bound to this account.
    this.key.allowServiceToUse('AllowConfigDelivery', 'config.amazonaws.com');
    this.bucket = new SecureBucket(this, 'Bucket', {
      encryptionKey: this.key.key,
      accessLogBucket: props.accessLogBucket,
      accessLogPrefix: 'config/',
      retentionDays: props.retentionDays ?? DEFAULT_TRAIL_RETENTION_DAYS,
      noReplicationReason:
        'Configuration history is versioned (replaced or deleted files kept for the whole retention), retained in a ' +
        'termination-protected stack, and every configuration change is also in the multi-region CloudTrail trail.',
    }).bucket;
    const config = new iam.ServicePrincipal('config.amazonaws.com');
    const thisAccount = { 'aws:SourceAccount': account };
    // "Permissions for the Amazon S3 Bucket for the AWS Config Delivery Channel" (AWS Config developer guide).
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AWSConfigBucketPermissionsCheck',
        principals: [config],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: thisAccount },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AWSConfigBucketDelivery',
        principals: [config],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`AWSLogs/${account}/Config/*`)],
        conditions: { StringEquals: { ...thisAccount, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
  }

  /**
   * Bucket name and key ARN for a recorder of another region: the CloudFormation attributes themselves, which
   * travel as weak cross-region references (the L2 attributes refuse to cross environments without a physical name).
   */
  crossRegionReference(): { readonly bucketName: string; readonly keyArn: string } {
    return {
      bucketName: (this.bucket.node.defaultChild as s3.CfnBucket).ref,
      keyArn: (this.key.key.node.defaultChild as kms.CfnKey).attrArn,
    };
  }
}

/** Properties of {@link ConfigRecorder}. */
export interface ConfigRecorderProps {
  /** Name of the bucket Config delivers to ({@link ConfigDeliveryBucket}, possibly of another region). */
  readonly deliveryBucketName: string;
  /** ARN of the bucket's key (in the bucket's region). */
  readonly deliveryKeyArn: string;
  /**
   * Record the global resource types (IAM users, groups, roles, policies) here. True in ONE region only (the
   * primary): every region that records them records the same items again, and bills them.
   */
  readonly recordGlobalResources: boolean;
}

/**
 * An AWS Config recorder of every supported resource type and its delivery channel (DET-6): Security Hub controls
 * and AWS Backup Audit Manager evaluate through it, and evaluate nothing without it.
 *
 * It records with AWS Config's service-linked role, AWSServiceRoleForConfig, which this stage does not create: an
 * account holds it once, often already (another recorder, Security Hub, Control Tower), and an
 * `AWS::IAM::ServiceLinkedRole` fails the deploy where it exists. Create it once per account before the first deploy:
 * `aws iam create-service-linked-role --aws-service-name config.amazonaws.com` (docs/detection.md).
 */
export class ConfigRecorder extends Construct {
  /** The recorder. */
  readonly recorder: config.CfnConfigurationRecorder;
  /** The delivery channel. */
  readonly deliveryChannel: config.CfnDeliveryChannel;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: stack.formatArn({
        service: 'iam',
        region: '',
        resource: 'role',
        resourceName: CONFIG_SERVICE_LINKED_ROLE,
      }),
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.recordGlobalResources },
    });
    // "Before you can create a delivery channel, you must create a configuration recorder" (AWS::Config::DeliveryChannel).
    this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: props.deliveryBucketName,
      s3KmsKeyArn: props.deliveryKeyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: SNAPSHOT_FREQUENCY },
    });
    this.deliveryChannel.addResourceDependency(this.recorder);
    // Like the detectors: a stack update that stops owning them (configRecorder "existing", the disaster stage of
    // OPS-2 updating the us-east-1 stack) must not stop recording the region.
    this.recorder.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.deliveryChannel.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
