import * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlertTopicTarget } from '../alert-topic';

/** Properties of {@link BackupAlerts}. */
export interface BackupAlertsProps {
  /** The team's alert topic. */
  readonly alertTopic: sns.ITopic;
}

/** Job states that mean a recovery point is missing (backup and copy jobs report `state`). */
export const FAILED_JOB_STATES = ['FAILED', 'EXPIRED', 'ABORTED'];
/** Restore jobs report `status`, and have no EXPIRED state. */
export const FAILED_RESTORE_STATUSES = ['FAILED', 'ABORTED'];

/**
 * BKP-5, DET-3: every failed, expired or aborted backup, copy and restore job of the
 * account and region raises a readable alert on the team's topic.
 */
export class BackupAlerts extends Construct {
  /** The rules, by job kind. */
  readonly rules: Record<'backup' | 'copy' | 'restore', events.Rule>;

  constructor(scope: Construct, id: string, props: BackupAlertsProps) {
    super(scope, id);
    const rule = (
      ruleId: string,
      detailType: string,
      field: 'state' | 'status',
      values: string[],
      jobIdField: string,
    ) => {
      const { account, region, time } = events.EventField;
      const detail = (path: string) => events.EventField.fromPath(`$.detail.${path}`);
      const message = events.RuleTargetInput.fromText(
        `AWS Backup: ${detailType.replace(' State Change', '')} ${detail(field)} in ${region} ` +
          `(account ${account}, at ${time}). Job ${detail(jobIdField)}, ` +
          `resource ${detail('resourceArn')}: ${detail('statusMessage')}. ` +
          'Open the job in the AWS Backup console and see docs/runbooks/restore.md.',
      );
      return new events.Rule(this, ruleId, {
        description: `${detailType}: ${values.join(', ')} jobs alert the team`,
        eventPattern: { source: ['aws.backup'], detailType: [detailType], detail: { [field]: values } },
        targets: [new AlertTopicTarget(props.alertTopic, { message })],
      });
    };
    this.rules = {
      backup: rule('BackupJobFailed', 'Backup Job State Change', 'state', FAILED_JOB_STATES, 'backupJobId'),
      copy: rule('CopyJobFailed', 'Copy Job State Change', 'state', FAILED_JOB_STATES, 'copyJobId'),
      restore: rule('RestoreJobFailed', 'Restore Job State Change', 'status', FAILED_RESTORE_STATUSES, 'restoreJobId'),
    };
  }
}
