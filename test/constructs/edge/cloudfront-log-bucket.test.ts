import { Match, Template } from 'aws-cdk-lib/assertions';
import { CloudFrontLogBucket } from '../../../lib/constructs/edge/cloudfront-log-bucket';
import { EDGE_REGION } from '../../../lib/defaults/constants';
import { nagFindings, TEST_ENV, testStack } from '../../helpers';

function build(retentionDays?: number) {
  const stack = testStack('Logs', { account: TEST_ENV.account, region: EDGE_REGION });
  new CloudFrontLogBucket(stack, 'AccessLogs', retentionDays ? { retentionDays } : undefined);
  return { t: Template.fromStack(stack) };
}

describe('DET-4 CloudFrontLogBucket', () => {
  test('one lifecycle rule expires logs and superseded versions after the retention, 365 days by default', () => {
    build().t.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'Expire',
            Status: 'Enabled',
            ExpirationInDays: 365,
            NoncurrentVersionExpiration: { NoncurrentDays: 365 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
  });

  test('a shorter retention is honoured', () => {
    build(90).t.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 90 } })],
      },
    });
  });

  test('ACLs stay enabled, owned by the bucket owner: CloudFront standard logging writes with an ACL', () => {
    build().t.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
    });
  });

  test('PROOF-1 the bucket alone has no open cdk-nag finding; its acknowledgments stay on the bucket', () => {
    const stack = testStack('Logs', { account: TEST_ENV.account, region: EDGE_REGION });
    new CloudFrontLogBucket(stack, 'AccessLogs');
    expect(nagFindings(stack)).toEqual([]); // writes the acknowledgments into the template
    const [bucket] = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
    expect(bucket.Metadata.cdk_nag.rules_to_suppress.map((a: { id: string }) => a.id)).toEqual([
      'AwsSolutions-S1',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'PCI.DSS.321-S3BucketLoggingEnabled',
      'HIPAA.Security-S3BucketLoggingEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'PCI.DSS.321-S3BucketReplicationEnabled',
      'HIPAA.Security-S3BucketReplicationEnabled',
    ]);
  });
});
