import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';

/**
 * The baseline of every customer-managed key: yearly rotation, never deleted with its stack (a deleted key makes
 * every backup, log and snapshot under it unreadable).
 */
export function customerKeyProps(description: string, alias?: string): kms.KeyProps {
  return {
    description,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    alias: alias ? `alias/${alias}` : undefined,
  };
}
