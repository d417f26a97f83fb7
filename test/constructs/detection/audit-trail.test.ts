import { Match, Template } from 'aws-cdk-lib/assertions';
import { AuditTrail } from '../../../lib/constructs/detection/audit-trail';
import { ServerAccessLogBucket } from '../../../lib/constructs/detection/secure-bucket';
import { testStack } from '../../helpers';

/** GIVEN a fresh stack WHEN an audit trail is added with the given retentions. */
function trail(retention: { trailRetentionDays?: number; trailLogGroupRetentionDays?: number } = {}) {
  const stack = testStack();
  new AuditTrail(stack, 'AuditTrail', {
    trailName: 'test-audit-trail',
    accessLogBucket: new ServerAccessLogBucket(stack, 'AccessLogs', { retentionDays: 90 }),
    ...retention,
  });
  return Template.fromStack(stack);
}

describe('DET-4 AuditTrail', () => {
  test('without retentions, log files and events are kept 365 days (DEFAULT_TRAIL_*_RETENTION_DAYS)', () => {
    const t = trail();
    t.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/cloudtrail/test-audit-trail',
      RetentionInDays: 365,
    });
    t.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { LogFilePrefix: 'cloudtrail/' },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 365 } })],
      },
    });
  });

  test('the configured retentions apply to the bucket (objects and superseded versions) and the log group', () => {
    const t = trail({ trailRetentionDays: 730, trailLogGroupRetentionDays: 90 });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    t.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { LogFilePrefix: 'cloudtrail/' },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: 730, NoncurrentVersionExpiration: { NoncurrentDays: 730 } })],
      },
    });
  });
});
