import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  DEFAULT_TRAIL_LOG_GROUP_RETENTION_DAYS,
  DEFAULT_TRAIL_OBJECT_LOCK_DAYS,
  DEFAULT_TRAIL_OBJECT_LOCK_MODE,
  DEFAULT_TRAIL_RETENTION_DAYS,
  type ObjectLockMode,
} from '../../defaults/detection';
import { encryptedLogGroupProps } from '../../defaults/logs';
import { acknowledge } from '../../defaults/nag';
import { SecureKey } from '../secure-key';
import { SecureBucket, type ServerAccessLogBucket } from './secure-bucket';

/** Properties of {@link AuditTrail}. */
export interface AuditTrailProps {
  /**
   * Trail name. Named, not generated: the key and bucket policies must name the
   * trail's ARN (`aws:SourceArn`) before the trail exists.
   */
  readonly trailName: string;
  /**
   * Days log files are kept in the bucket, then deleted (also the lifetime of overwritten or deleted versions).
   * @default DEFAULT_TRAIL_RETENTION_DAYS (365)
   */
  readonly trailRetentionDays?: number;
  /**
   * S3 Object Lock mode of the log files (DET-7, CT.S3.PR.9). COMPLIANCE cannot be lifted by anyone, the root user
   * included: a locked file's retention can never be shortened or removed.
   * @default DEFAULT_TRAIL_OBJECT_LOCK_MODE ('GOVERNANCE')
   */
  readonly trailObjectLockMode?: ObjectLockMode;
  /**
   * Days each log file is locked against deletion and overwrite; at most `trailRetentionDays`.
   * @default DEFAULT_TRAIL_OBJECT_LOCK_DAYS (365)
   */
  readonly trailObjectLockDays?: number;
  /**
   * Days the trail's events stay in CloudWatch Logs (a CloudWatch Logs retention value).
   * @default DEFAULT_TRAIL_LOG_GROUP_RETENTION_DAYS (365)
   */
  readonly trailLogGroupRetentionDays?: number;
  /** Bucket that receives the S3 server access logs of the trail bucket. */
  readonly accessLogBucket: ServerAccessLogBucket;
}

/** The role CloudTrail delivers to CloudWatch Logs with, and the policy the trail must wait for. */
interface LogsRole {
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;
}

/**
 * The audit trail (DET-4): one multi-region CloudTrail with log file validation,
 * encrypted with a customer key, delivered to a private, TLS-only, versioned,
 * access-logged bucket under S3 Object Lock (DET-7) and to an encrypted CloudWatch
 * Logs group, both kept for a configured time and never deleted with the stack.
 *
 * Built on `CfnTrail` rather than `cloudtrail.Trail`: the L2 adds no key-policy
 * statement for CloudTrail (the first log delivery fails at deploy time, PROOF-4)
 * and gives its CloudWatch Logs role an inline policy.
 */
export class AuditTrail extends Construct {
  /** The trail. */
  readonly trail: cloudtrail.CfnTrail;
  /** The trail's ARN, known before deployment. */
  readonly trailArn: string;
  /** Key of the log files and of the log group. */
  readonly key: SecureKey;
  /** Bucket of the log files. */
  readonly bucket: s3.Bucket;
  /** CloudWatch Logs copy of the trail. */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: props.trailName });
    const logGroupName = `/aws/cloudtrail/${props.trailName}`;

    this.key = new SecureKey(this, 'Key', { description: `Encrypts the CloudTrail audit trail ${props.trailName}` });
    this.allowCloudTrailToUseKey();
    // PROOF-4: the encrypted log group below is written by CloudWatch Logs of this region.
    this.key.allowCloudWatchLogs(logGroupName, 'AllowCloudWatchLogsTrailGroup');

    this.bucket = this.createBucket(props);
    this.logGroup = new logs.LogGroup(
      this,
      'LogGroup',
      encryptedLogGroupProps(
        this.key.key,
        props.trailLogGroupRetentionDays ?? DEFAULT_TRAIL_LOG_GROUP_RETENTION_DAYS,
        logGroupName,
      ),
    );
    this.trail = this.createTrail(props.trailName, this.createLogsRole(logGroupName));
  }

  /** DET-4: every region, global service events, digest files to detect tampering. */
  private createTrail(trailName: string, logsRole: LogsRole): cloudtrail.CfnTrail {
    const trail = new cloudtrail.CfnTrail(this, 'Trail', {
      trailName,
      isLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: this.key.key.keyArn,
      s3BucketName: this.bucket.bucketName,
      cloudWatchLogsLogGroupArn: this.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: logsRole.role.roleArn,
    });
    // CloudTrail checks the bucket policy and its log role when the trail is created;
    // the key (and its policy) is already ordered by the KMSKeyId reference.
    const bucketPolicy = this.bucket.policy;
    if (bucketPolicy) trail.node.addDependency(bucketPolicy);
    trail.node.addDependency(logsRole.policy);
    return trail;
  }

  /** Condition binding a CloudTrail statement to this trail. */
  private get sourceArn(): Record<string, string> {
    return { 'aws:SourceArn': this.trailArn };
  }

  /** PROOF-4: CloudTrail's documented key-policy statements, bound to this trail. */
  private allowCloudTrailToUseKey(): void {
    const stack = Stack.of(this);
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    this.key.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailEncryptLogs',
        principals: [cloudTrail],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: this.sourceArn,
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`,
          },
        },
      }),
    );
    // The bucket uses an S3 Bucket Key: CloudTrail then needs kms:Decrypt to create or
    // update the trail ("Granting decrypt permissions", CloudTrail user guide).
    this.key.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailDecryptTrail',
        principals: [cloudTrail],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: this.sourceArn },
      }),
    );
    this.key.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailDescribeKey',
        principals: [cloudTrail],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: this.sourceArn },
      }),
    );
  }

  /** The log file bucket, with CloudTrail's documented bucket policy bound to this trail and account. */
  private createBucket(props: AuditTrailProps): s3.Bucket {
    const bucket = new SecureBucket(this, 'Bucket', {
      encryptionKey: this.key.key,
      accessLogBucket: props.accessLogBucket,
      accessLogPrefix: 'cloudtrail/',
      noReplicationReason:
        'Versioned and under S3 Object Lock (deleted or overwritten log files stay as noncurrent versions for the ' +
        'whole retention, locked ones cannot be removed at all), log ' +
        'file validation digests prove integrity, ' +
        'the bucket is retained in a termination-protected stack, and the same events are kept in the encrypted ' +
        'CloudWatch Logs group.',
      retentionDays: props.trailRetentionDays ?? DEFAULT_TRAIL_RETENTION_DAYS,
      // DET-7 (CT.S3.PR.9): a log file cannot be deleted or overwritten while locked, even by an admin of the
      // account in COMPLIANCE mode; log file validation then has something intact to validate.
      objectLock: {
        mode: props.trailObjectLockMode ?? DEFAULT_TRAIL_OBJECT_LOCK_MODE,
        days: props.trailObjectLockDays ?? DEFAULT_TRAIL_OBJECT_LOCK_DAYS,
      },
    }).bucket;
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailAclCheck',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:GetBucketAcl'],
        resources: [bucket.bucketArn],
        conditions: { StringEquals: this.sourceArn },
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailWrite',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`AWSLogs/${Stack.of(this).account}/*`)],
        conditions: { StringEquals: { ...this.sourceArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
    return bucket;
  }

  /** The role CloudTrail delivers to CloudWatch Logs with, and its managed policy on the trail's streams. */
  private createLogsRole(logGroupName: string): LogsRole {
    const stack = Stack.of(this);
    // Trust as CloudTrail documents it (no condition): CloudTrail assumes the role
    // without aws:SourceArn/aws:SourceAccount, and a condition makes CreateTrail fail with
    // InvalidCloudWatchLogsRoleArnException. A role cannot be passed across accounts, and
    // its policy reaches only this trail's log streams.
    const role = new iam.Role(this, 'LogsRole', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com'),
      description: 'CloudTrail: deliver the audit trail to its log group',
    });
    // The documented resource: `log-group:<name>:log-stream:<account>_CloudTrail_<region>`.
    // Not `${logGroupArn}:log-stream:*`: the LogGroup's Arn attribute already ends in
    // `:*`, and `<group>:*:log-stream:*` matches no stream ARN, so delivery would be denied.
    const trailStreams = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${logGroupName}:log-stream:${stack.account}_CloudTrail_*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const policy = new iam.ManagedPolicy(this, 'LogsPolicy', {
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [trailStreams] }),
      ],
    });
    role.addManagedPolicy(policy);
    acknowledge(
      policy,
      'CloudTrail names its log streams <account>_CloudTrail_<region>, one per region of the multi-region trail; ' +
        "the wildcard is confined to those streams of the trail's own log group.",
      `AwsSolutions-IAM5[Resource::${trailStreams}]`,
    );
    return { role, policy };
  }
}
