import { Template } from 'aws-cdk-lib/assertions';
import { LogBucket } from '../../../lib/constructs/app/log-bucket';
import { nagFindings, testStack } from '../../helpers';

/** GIVEN the pair the app stack builds: a log bucket whose server access logs go to a second one. */
function pair(retentionDays: number) {
  const stack = testStack();
  const serverAccessLogs = new LogBucket(stack, 'ServerAccessLogs', { retentionDays });
  new LogBucket(stack, 'AccessLogs', {
    retentionDays,
    serverAccessLogs: { bucket: serverAccessLogs.bucket, prefix: 'alb-access-logs-bucket/' },
  });
  return stack;
}

describe('EDGE-1 LogBucket', () => {
  test('a bucket without a server access log destination has no logging configuration', () => {
    const stack = testStack();
    new LogBucket(stack, 'L', { retentionDays: 7 });
    const [bucket] = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
    expect(bucket.Properties.LoggingConfiguration).toBeUndefined();
    expect(bucket.Properties.LifecycleConfiguration.Rules[0]).toMatchObject({
      ExpirationInDays: 7,
      NoncurrentVersionExpiration: { NoncurrentDays: 7 },
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  test('the retention follows retentionDays, on both buckets', () => {
    const rules = Object.values(Template.fromStack(pair(30)).findResources('AWS::S3::Bucket')).map(
      (b) => b.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays,
    );
    expect(rules).toEqual([30, 30]);
  });

  test('one lifecycle rule, the secure baseline one: objects, superseded versions, abandoned uploads', () => {
    const [bucket] = Object.values(Template.fromStack(pair(30)).findResources('AWS::S3::Bucket'));
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'Expire',
        Status: 'Enabled',
        ExpirationInDays: 30,
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
  });

  test('PROOF-1 the pair leaves no open cdk-nag finding (SSE-S3, replication and the logging loop acknowledged)', () => {
    expect(nagFindings(pair(30))).toEqual([]);
  });
});
