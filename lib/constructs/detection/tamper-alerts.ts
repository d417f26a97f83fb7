import * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlertTopicTarget } from '../alert-topic';

/** EventBridge detail type of CloudTrail management events (needs a trail that is logging: DET-4's). */
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
/** EventBridge detail type of console sign-in events. */
export const SIGN_IN_DETAIL_TYPE = 'AWS Console Sign In via CloudTrail';
/** EventBridge detail type of GuardDuty findings. */
export const GUARDDUTY_FINDING_DETAIL_TYPE = 'GuardDuty Finding';

/**
 * One group of tampering API calls of one service (DET-7): a rule of its own, so the message can
 * name the resource the call touched.
 */
export interface TamperWatch {
  /** Construct ID of the rule (stable: never rename). */
  readonly id: string;
  /** What is tampered with, for the rule description and the message: "CloudTrail trail". */
  readonly subject: string;
  /** The event's `source` (`aws.<service>`): narrows the forwarding pattern. */
  readonly source: string;
  /** The CloudTrail `eventSource` (`<service>.amazonaws.com`). */
  readonly eventSource: string;
  /**
   * The calls: each alternative is a `detail` sub-pattern (AND within, OR across), so a call may carry a
   * condition on its request (UpdateDetector only when it disables).
   */
  readonly calls: readonly { readonly [key: string]: unknown }[];
  /** JSON path of the request parameter that names the resource (the message's "Resource" line). */
  readonly resourcePath: string;
}

/**
 * The tampering calls that alert the team at once (DET-7), by service. Failed attempts alert too
 * (no `errorCode` filter): an attempt denied today is the reconnaissance of tomorrow's.
 *
 * KMS calls match every key of the account, not only the stage's keys: the key ARNs are created in
 * other stacks (Data, Backup, Recovery, Network) and would have to be imported into every detection
 * stack, coupling their deploy order; the regions our StackSet forwards from hold none of our keys
 * at all; and disabling or scheduling the deletion of any key in a production account is an alarm
 * in itself. `PutKeyPolicy` alerts on every use by design, deploys included (BKP-7: only the
 * break-glass role and the deployment may call it, and the team sees each call).
 */
export const TAMPER_WATCHES: readonly TamperWatch[] = [
  {
    id: 'TrailTamper',
    subject: 'CloudTrail trail',
    source: 'aws.cloudtrail',
    eventSource: 'cloudtrail.amazonaws.com',
    calls: [{ eventName: ['StopLogging', 'DeleteTrail', 'UpdateTrail'] }],
    resourcePath: '$.detail.requestParameters.name',
  },
  {
    id: 'GuardDutyTamper',
    subject: 'GuardDuty detector',
    source: 'aws.guardduty',
    eventSource: 'guardduty.amazonaws.com',
    calls: [
      {
        eventName: [
          'DeleteDetector',
          'DisassociateFromMasterAccount',
          'DisassociateFromAdministratorAccount',
          'DeletePublishingDestination',
        ],
      },
      // UpdateDetector's request parameters mirror the API request: `enable` false suspends the
      // detector; a feature set to DISABLED (RDS login events, runtime monitoring...) blinds part of it.
      { eventName: ['UpdateDetector'], requestParameters: { enable: [false] } },
      { eventName: ['UpdateDetector'], requestParameters: { features: { status: ['DISABLED'] } } },
    ],
    resourcePath: '$.detail.requestParameters.detectorId',
  },
  {
    id: 'SecurityHubTamper',
    subject: 'Security Hub',
    source: 'aws.securityhub',
    eventSource: 'securityhub.amazonaws.com',
    calls: [{ eventName: ['DisableSecurityHub', 'BatchDisableStandards', 'DisableImportFindingsForProduct'] }],
    resourcePath: '$.detail.recipientAccountId',
  },
  {
    id: 'ConfigRecorderTamper',
    subject: 'AWS Config recorder',
    source: 'aws.config',
    eventSource: 'config.amazonaws.com',
    calls: [{ eventName: ['StopConfigurationRecorder', 'DeleteConfigurationRecorder'] }],
    resourcePath: '$.detail.requestParameters.configurationRecorderName',
  },
  {
    id: 'ConfigDeliveryTamper',
    subject: 'AWS Config delivery channel',
    source: 'aws.config',
    eventSource: 'config.amazonaws.com',
    calls: [{ eventName: ['DeleteDeliveryChannel'] }],
    resourcePath: '$.detail.requestParameters.deliveryChannelName',
  },
  {
    id: 'KeyTamper',
    subject: 'KMS key',
    source: 'aws.kms',
    eventSource: 'kms.amazonaws.com',
    calls: [{ eventName: ['ScheduleKeyDeletion', 'DisableKey', 'PutKeyPolicy'] }],
    resourcePath: '$.detail.requestParameters.keyId',
  },
  {
    id: 'BackupVaultTamper',
    subject: 'AWS Backup vault',
    source: 'aws.backup',
    eventSource: 'backup.amazonaws.com',
    calls: [
      {
        eventName: [
          'DeleteRecoveryPoint',
          // DeleteBackupVault, ...AccessPolicy, ...LockConfiguration, ...Notifications
          { prefix: 'DeleteBackupVault' },
          'PutBackupVaultAccessPolicy',
          'PutBackupVaultLockConfiguration',
        ],
      },
    ],
    resourcePath: '$.detail.requestParameters.backupVaultName',
  },
  {
    id: 'BackupPlanTamper',
    subject: 'AWS Backup plan',
    source: 'aws.backup',
    eventSource: 'backup.amazonaws.com',
    calls: [{ eventName: ['DeleteBackupPlan', 'UpdateBackupPlan'] }],
    resourcePath: '$.detail.requestParameters.backupPlanId',
  },
];

/**
 * Region condition of an alert rule: every region but those that alert on their own events, so an event
 * forwarded here from such a region (or arriving twice) is never alerted twice.
 */
function regionCondition(regionsAlertedElsewhere: readonly string[]): { readonly region?: unknown[] } {
  return regionsAlertedElsewhere.length === 0 ? {} : { region: [{ 'anything-but': [...regionsAlertedElsewhere] }] };
}

/** The `detail` pattern of one watch: its event source and any of its calls. */
function watchDetail(watch: TamperWatch): { readonly [key: string]: unknown } {
  const [first, ...rest] = watch.calls;
  return rest.length === 0
    ? { eventSource: [watch.eventSource], ...first }
    : { eventSource: [watch.eventSource], $or: [...watch.calls] };
}

/**
 * The EventBridge pattern of one watch (DET-7). No `source`: `detail.eventSource` names the service exactly, and a
 * rule on `source: aws.guardduty` reads, to the DET-1 and DET-3 checks, as a rule that routes GuardDuty findings.
 */
export function tamperPattern(
  watch: TamperWatch,
  regionsAlertedElsewhere: readonly string[] = [],
): events.EventPattern {
  return {
    detailType: [API_CALL_DETAIL_TYPE],
    ...regionCondition(regionsAlertedElsewhere),
    detail: watchDetail(watch),
  } as events.EventPattern;
}

/** The EventBridge pattern of a console sign-in as the root user, successful or not (DET-7). */
export function rootSignInPattern(regionsAlertedElsewhere: readonly string[] = []): events.EventPattern {
  return {
    source: ['aws.signin'],
    detailType: [SIGN_IN_DETAIL_TYPE],
    ...regionCondition(regionsAlertedElsewhere),
    detail: { eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } },
  } as events.EventPattern;
}

/**
 * The events a region without detection stacks of its own forwards to the primary region's default
 * bus (DET-6, DET-7): every tampering call of {@link TAMPER_WATCHES}, root console sign-in, and every
 * GuardDuty finding (the primary region's rules filter them, by severity and type, as their own).
 *
 * A plain object in EventBridge's wire format ("detail-type", a top-level `$or`): it can go into a
 * StackSet template as is. About 1,600 characters of the 2,048 EventBridge allows a pattern by default
 * (EventBridge quotas, "Event pattern size"): a new watch must keep it under (tested). Forwarded events keep their `region`, so the primary region's rules tell
 * them apart ({@link TamperAlertsProps.regionsAlertedElsewhere}).
 */
export function forwardedEventPattern(): events.EventPattern {
  const apiCalls = {
    source: [...new Set(TAMPER_WATCHES.map((watch) => watch.source))],
    'detail-type': [API_CALL_DETAIL_TYPE],
    // One alternative per call, flat: EventBridge bounds the combinations a pattern's `$or`s expand to.
    detail: { $or: TAMPER_WATCHES.flatMap((w) => w.calls.map((call) => ({ eventSource: [w.eventSource], ...call }))) },
  };
  const rootSignIn = {
    source: ['aws.signin'],
    'detail-type': [SIGN_IN_DETAIL_TYPE],
    detail: { eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } },
  };
  const findings = { source: ['aws.guardduty'], 'detail-type': [GUARDDUTY_FINDING_DETAIL_TYPE] };
  return { $or: [apiCalls, rootSignIn, findings] } as events.EventPattern;
}

/** Properties of {@link TamperAlerts}. */
export interface TamperAlertsProps {
  /** The region's alert topic (KMS-encrypted, its key admitting EventBridge: PROOF-4). */
  readonly topic: sns.ITopic;
  /**
   * Regions that have TamperAlerts of their own: their events are never alerted here, even when
   * forwarded to this bus, so each event is alerted exactly once.
   * @default - none: every matching event this bus receives alerts, its own region's or forwarded
   */
  readonly regionsAlertedElsewhere?: readonly string[];
}

const field = (path: string) => events.EventField.fromPath(path);

/** The CloudTrail console's page of one event, in the region it was recorded in. */
function eventLink(): string {
  const region = field('$.detail.awsRegion');
  return `https://${region}.console.aws.amazon.com/cloudtrail/home?region=${region}#/events/${field('$.detail.eventID')}`;
}

/** The readable tamper alert: what was called on which resource, by whom, from where, and a link to the event. */
export function tamperMessage(watch: TamperWatch): events.RuleTargetInput {
  return events.RuleTargetInput.fromMultilineText(
    [
      `Tamper alert: ${field('$.detail.eventName')} on ${watch.subject} ${field(watch.resourcePath)}`,
      `By: ${field('$.detail.userIdentity.arn')} (${field('$.detail.userIdentity.type')})`,
      `From: ${field('$.detail.sourceIPAddress')} at ${field('$.detail.eventTime')}`,
      `Account ${field('$.account')}, region ${field('$.detail.awsRegion')}`,
      'A failed attempt alerts too: the event says whether it succeeded (errorCode).',
      `Open: ${eventLink()}`,
    ].join('\n'),
  );
}

/** The readable root sign-in alert. */
export function rootSignInMessage(): events.RuleTargetInput {
  return events.RuleTargetInput.fromMultilineText(
    [
      `Root sign-in to the console: ${field('$.detail.responseElements.ConsoleLogin')}`,
      `By: ${field('$.detail.userIdentity.arn')}`,
      `From: ${field('$.detail.sourceIPAddress')} at ${field('$.detail.eventTime')}`,
      `Account ${field('$.account')}, region ${field('$.detail.awsRegion')}`,
      'The root user is break-glass only: if nobody of the team signed in, treat the account as compromised.',
      `Open: ${eventLink()}`,
    ].join('\n'),
  );
}

/**
 * EventBridge rules that alert the team at once on any attempt to blind detection or destroy recovery (DET-7):
 * one rule per {@link TAMPER_WATCHES} entry and one for root console sign-in, each to the region's encrypted
 * alert topic through {@link AlertTopicTarget} (the topic's key admits EventBridge: PROOF-4).
 *
 * CloudTrail delivers these events to the default bus of the region where the call was made, and only while a
 * trail logs management events there (EventBridge user guide, "AWS service events delivered via AWS CloudTrail"):
 * DET-4's trail is multi-region with global service events. So a TamperAlerts goes to every region with stacks of
 * the stage; the others forward the same events to the primary region ({@link forwardedEventPattern}).
 */
export class TamperAlerts extends Construct {
  /** The rules, by {@link TamperWatch.id}, and `RootSignIn`. */
  readonly rules: Readonly<Record<string, events.Rule>>;

  constructor(scope: Construct, id: string, props: TamperAlertsProps) {
    super(scope, id);
    const elsewhere = props.regionsAlertedElsewhere ?? [];
    const rules: Record<string, events.Rule> = {};
    for (const watch of TAMPER_WATCHES) {
      rules[watch.id] = new events.Rule(this, watch.id, {
        description: `Tampering with a ${watch.subject} to the team (DET-7)`,
        eventPattern: tamperPattern(watch, elsewhere),
      });
      rules[watch.id].addTarget(new AlertTopicTarget(props.topic, { message: tamperMessage(watch) }));
    }
    rules.RootSignIn = new events.Rule(this, 'RootSignIn', {
      description: 'Console sign-in as the root user to the team (DET-7)',
      eventPattern: rootSignInPattern(elsewhere),
    });
    rules.RootSignIn.addTarget(new AlertTopicTarget(props.topic, { message: rootSignInMessage() }));
    this.rules = rules;
  }
}
