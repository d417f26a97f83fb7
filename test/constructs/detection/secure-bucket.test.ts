import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SecureBucket, ServerAccessLogBucket } from '../../../lib/constructs/detection/secure-bucket';
import { testStack } from '../../helpers';

/** GIVEN a fresh stack WHEN an access-log bucket (30 days) and a secure bucket (400 days) logging into it are added. */
function buckets() {
  const stack = testStack();
  const accessLogBucket = new ServerAccessLogBucket(stack, 'AccessLogs', { retentionDays: 30 });
  new SecureBucket(stack, 'Logs', {
    encryptionKey: new kms.Key(stack, 'Key'),
    accessLogBucket,
    accessLogPrefix: 'logs/',
    retentionDays: 400,
    noReplicationReason: 'Test bucket: a reason that names the compensating control.',
  });
  const t = Template.fromStack(stack);
  const byId = (prefix: string) => {
    const found = Object.entries(t.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith(prefix));
    if (!found) throw new Error(`no bucket ${prefix}`);
    return found[1];
  };
  return { accessLogs: byId('AccessLogsBucket'), logs: byId('LogsBucket') };
}

const baseline = (days: number) => ({
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  VersioningConfiguration: { Status: 'Enabled' },
  LifecycleConfiguration: {
    Rules: [
      {
        Id: 'Expire',
        Status: 'Enabled',
        ExpirationInDays: days,
        NoncurrentVersionExpiration: { NoncurrentDays: days },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ],
  },
});

describe('DET-4 detection buckets on the secure bucket baseline', () => {
  test('ServerAccessLogBucket: SSE-S3 (access logging refuses SSE-KMS), superseded logs kept as long as logs, retained', () => {
    const { accessLogs } = buckets();
    expect(accessLogs.DeletionPolicy).toBe('Retain');
    expect(accessLogs.Properties).toMatchObject({
      ...baseline(30),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    expect(accessLogs.Properties.LoggingConfiguration).toBeUndefined();
  });

  test('SecureBucket: customer key with an S3 Bucket Key, access-logged under its prefix, retained', () => {
    const { logs } = buckets();
    expect(logs.DeletionPolicy).toBe('Retain');
    expect(logs.Properties).toMatchObject({
      ...baseline(400),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
        ],
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogsBucket/) },
        LogFilePrefix: 'logs/',
      },
    });
  });
});
