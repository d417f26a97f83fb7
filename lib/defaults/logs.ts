import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';

/**
 * The baseline of every log group: encrypted with a customer key, a retention set, retained with its stack.
 * The key must also admit CloudWatch Logs (`SecureKey.allowCloudWatchLogs`): a log group with
 * `encryptionKey` does not add that statement, and synth does not notice (PROOF-4).
 */
export function encryptedLogGroupProps(
  encryptionKey: kms.IKey,
  retentionDays: number,
  logGroupName?: string,
): logs.LogGroupProps {
  return {
    logGroupName,
    encryptionKey,
    retention: retentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}
