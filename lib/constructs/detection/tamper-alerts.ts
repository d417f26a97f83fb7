import * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DEFAULT_BREAK_GLASS_ROLE_NAME } from '../../defaults/operations';
import { AlertTopicTarget } from '../alert-topic';
import { READ_EVENTS_RULE_STATE } from './secret-read-alarm';

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
  /** The CloudTrail `eventSource` (`<service>.amazonaws.com`): also what the forwarding pattern forwards. */
  readonly eventSource: string;
  /**
   * The calls: each alternative is a `detail` sub-pattern (AND within, OR across), so a call may carry a
   * condition on its request (UpdateDetector only when it disables).
   */
  readonly calls: readonly { readonly [key: string]: unknown }[];
  /**
   * JSON path of the value that names the resource (the message's first line). Every call of the watch must carry it:
   * EventBridge documents that a variable whose path is missing from the event "isn't created", so a watch whose calls
   * name their resource differently names the account (`$.detail.recipientAccountId`) and the link shows the rest.
   */
  readonly resourcePath: string;
  /**
   * The calls are read-only management events (STS AssumeRole, assumed so): the rule must be in state
   * `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` to receive them.
   * @default false
   */
  readonly readOnlyEvents?: boolean;
}

const ACCOUNT_PATH = '$.detail.recipientAccountId';

/**
 * The tampering calls that alert the team at once (DET-7), by service. Failed attempts alert too
 * (no `errorCode` filter): an attempt denied today is the reconnaissance of tomorrow's.
 *
 * KMS calls match every key of the account, not only the stage's keys: the key ARNs are created in
 * other stacks (Data, Backup, Recovery, Network) and would have to be imported into every detection
 * stack, coupling their deploy order; the regions our StackSet forwards from hold none of our keys
 * at all; and disabling or scheduling the deletion of any key in a production account is an alarm
 * in itself. `PutKeyPolicy` alerts on every use by design, deploys included (BKP-7: only the
 * break-glass role and the deployment may call it, and the team sees each call). The same holds for the
 * alert path (any rule, topic or StackSet of the account) and `PutConfigurationRecorder`: a deploy that
 * changes them alerts too, naming the deployment role.
 */
export const TAMPER_WATCHES: readonly TamperWatch[] = [
  {
    id: 'TrailTamper',
    subject: 'CloudTrail trail',
    eventSource: 'cloudtrail.amazonaws.com',
    calls: [{ eventName: ['StopLogging', 'DeleteTrail', 'UpdateTrail'] }],
    resourcePath: '$.detail.requestParameters.name',
  },
  {
    // Event selectors that drop management events blind EventBridge like StopLogging; insight selectors do not.
    id: 'TrailScopeTamper',
    subject: 'CloudTrail event selectors or event data store of account',
    eventSource: 'cloudtrail.amazonaws.com',
    calls: [{ eventName: ['PutEventSelectors', 'DeleteEventDataStore'] }],
    resourcePath: ACCOUNT_PATH,
  },
  {
    id: 'GuardDutyTamper',
    subject: 'GuardDuty detector',
    eventSource: 'guardduty.amazonaws.com',
    calls: [
      {
        eventName: [
          'DeleteDetector',
          'DisassociateFromMasterAccount',
          'DisassociateFromAdministratorAccount',
          'DeletePublishingDestination',
          // Trusted IP lists: GuardDuty raises no finding for their addresses.
          'CreateIPSet',
          'UpdateIPSet',
        ],
      },
      // UpdateDetector's request parameters mirror the API request: `enable` false suspends the
      // detector; a feature set to DISABLED (RDS login events, runtime monitoring...), its additional configuration
      // (the Fargate agent) or a legacy data source blinds part of it.
      { eventName: ['UpdateDetector'], requestParameters: { enable: [false] } },
      { eventName: ['UpdateDetector'], requestParameters: { features: { status: ['DISABLED'] } } },
      {
        eventName: ['UpdateDetector'],
        requestParameters: { features: { additionalConfiguration: { status: ['DISABLED'] } } },
      },
      { eventName: ['UpdateDetector'], requestParameters: { dataSources: { s3Logs: { enable: [false] } } } },
      {
        eventName: ['UpdateDetector'],
        requestParameters: { dataSources: { kubernetes: { auditLogs: { enable: [false] } } } },
      },
      {
        eventName: ['UpdateDetector'],
        requestParameters: {
          dataSources: { malwareProtection: { scanEc2InstanceWithFindings: { ebsVolumes: [false] } } },
        },
      },
      // A suppression rule: matching findings are archived at once.
      { eventName: ['CreateFilter', 'UpdateFilter'], requestParameters: { action: ['ARCHIVE'] } },
    ],
    resourcePath: '$.detail.requestParameters.detectorId',
  },
  {
    id: 'SecurityHubTamper',
    subject: 'Security Hub',
    eventSource: 'securityhub.amazonaws.com',
    calls: [
      {
        eventName: [
          'DisableSecurityHub',
          'BatchDisableStandards',
          'DisableImportFindingsForProduct',
          'DeleteFindingAggregator',
          'UpdateFindingAggregator',
          // Automation rules can suppress or downgrade findings before anyone sees them.
          'CreateAutomationRule',
          'BatchUpdateAutomationRules',
        ],
      },
    ],
    resourcePath: ACCOUNT_PATH,
  },
  {
    // PutConfigurationRecorder and DisassociateResourceTypes can narrow the recording group to nothing that matters.
    id: 'ConfigRecorderTamper',
    subject: 'AWS Config recorder of account',
    eventSource: 'config.amazonaws.com',
    calls: [
      {
        eventName: [
          'StopConfigurationRecorder',
          'DeleteConfigurationRecorder',
          'PutConfigurationRecorder',
          'DisassociateResourceTypes',
        ],
      },
    ],
    resourcePath: ACCOUNT_PATH,
  },
  {
    id: 'ConfigDeliveryTamper',
    subject: 'AWS Config delivery channel',
    eventSource: 'config.amazonaws.com',
    calls: [{ eventName: ['DeleteDeliveryChannel'] }],
    resourcePath: '$.detail.requestParameters.deliveryChannelName',
  },
  {
    id: 'KeyTamper',
    subject: 'KMS key',
    eventSource: 'kms.amazonaws.com',
    calls: [{ eventName: ['ScheduleKeyDeletion', 'DisableKey', 'PutKeyPolicy'] }],
    resourcePath: '$.detail.requestParameters.keyId',
  },
  {
    id: 'BackupVaultTamper',
    subject: 'AWS Backup vault',
    eventSource: 'backup.amazonaws.com',
    calls: [
      {
        eventName: [
          'DeleteRecoveryPoint',
          // DeleteBackupVault, ...AccessPolicy, ...LockConfiguration, ...Notifications
          { prefix: 'DeleteBackupVault' },
          'PutBackupVaultAccessPolicy',
          'PutBackupVaultLockConfiguration',
          // A shorter lifecycle deletes the recovery point early.
          'UpdateRecoveryPointLifecycle',
        ],
      },
    ],
    resourcePath: '$.detail.requestParameters.backupVaultName',
  },
  {
    id: 'BackupPlanTamper',
    subject: 'AWS Backup plan',
    eventSource: 'backup.amazonaws.com',
    calls: [{ eventName: ['DeleteBackupPlan', 'UpdateBackupPlan', 'DeleteBackupSelection'] }],
    resourcePath: '$.detail.requestParameters.backupPlanId',
  },
  {
    // Opting a resource type (Aurora) out of AWS Backup in a region stops its backups.
    id: 'BackupSettingsTamper',
    subject: 'AWS Backup region settings of account',
    eventSource: 'backup.amazonaws.com',
    calls: [{ eventName: ['UpdateRegionSettings'] }],
    resourcePath: ACCOUNT_PATH,
  },
  {
    // The alert path itself. A rule cannot report its own end: see docs/detection.md.
    id: 'AlertRuleTamper',
    subject: 'EventBridge rule or targets of account',
    eventSource: 'events.amazonaws.com',
    calls: [{ eventName: ['DeleteRule', 'DisableRule', 'RemoveTargets'] }],
    resourcePath: ACCOUNT_PATH,
  },
  {
    id: 'AlertTopicTamper',
    subject: 'SNS topic or subscription of account',
    eventSource: 'sns.amazonaws.com',
    calls: [{ eventName: ['Unsubscribe', 'DeleteTopic', 'SetTopicAttributes'] }],
    resourcePath: ACCOUNT_PATH,
  },
  {
    // DET-6's StackSet: removing or re-parameterizing an instance drops that region's forwarder.
    id: 'StackSetTamper',
    subject: 'CloudFormation StackSet',
    eventSource: 'cloudformation.amazonaws.com',
    calls: [{ eventName: ['DeleteStackInstances', 'UpdateStackInstances', 'UpdateStackSet', 'DeleteStackSet'] }],
    resourcePath: '$.detail.requestParameters.stackSetName',
  },
  {
    // An opt-in region enabled: nothing of the stage watches it (the StackSet covers the configured regions).
    id: 'RegionOptIn',
    subject: 'opt-in region',
    eventSource: 'account.amazonaws.com',
    calls: [{ eventName: ['EnableRegion'] }],
    resourcePath: '$.detail.requestParameters.regionName',
  },
];

/**
 * The watches of the key guard's break-glass role (BKP-7): an administrator who creates or re-trusts it, widens
 * its rights or removes its boundary defeats the key guard; each such IAM call alerts (IAM events arrive in
 * us-east-1), and so does every AssumeRole of it, in any region (an STS regional endpoint logs in its region).
 */
export function breakGlassWatches(roleName: string): TamperWatch[] {
  return [
    {
      id: 'BreakGlassRoleTamper',
      subject: 'break-glass role',
      eventSource: 'iam.amazonaws.com',
      calls: [
        {
          eventName: [
            'CreateRole',
            'UpdateAssumeRolePolicy',
            'AttachRolePolicy',
            'PutRolePolicy',
            'DeleteRolePermissionsBoundary',
            'DeleteRole',
          ],
          requestParameters: { roleName: [roleName] },
        },
      ],
      resourcePath: '$.detail.requestParameters.roleName',
    },
    {
      id: 'BreakGlassAssumed',
      subject: 'break-glass role',
      eventSource: 'sts.amazonaws.com',
      calls: [{ eventName: ['AssumeRole'], requestParameters: { roleArn: [{ suffix: `:role/${roleName}` }] } }],
      resourcePath: '$.detail.requestParameters.roleArn',
      readOnlyEvents: true,
    },
  ];
}

/** Every watch of a stage whose break-glass role is `breakGlassRoleName`. */
export function tamperWatches(breakGlassRoleName: string = DEFAULT_BREAK_GLASS_ROLE_NAME): TamperWatch[] {
  return [...TAMPER_WATCHES, ...breakGlassWatches(breakGlassRoleName)];
}

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

/** The CloudTrail event sources the forwarder sends on: every watch's, and console sign-in's. */
export function watchedEventSources(): string[] {
  return [...new Set([...tamperWatches().map((w) => w.eventSource), 'signin.amazonaws.com'])].sort();
}

/**
 * The events a region without detection stacks of its own forwards to the primary region's default
 * bus (DET-6, DET-7): every CloudTrail API call and console sign-in of the services {@link tamperWatches} watches
 * (no event name: a region nobody uses has few such events, and the primary region's rules decide what alerts, so
 * a new watch needs no change here), and every GuardDuty finding (the primary region's rules filter them, by
 * severity and type, as their own).
 *
 * A plain object in EventBridge's wire format ("detail-type", a top-level `$or`): it can go into a StackSet template
 * as is. Far under the 2,048 characters EventBridge allows a pattern by default (EventBridge quotas, "Event pattern
 * size"; tested). Forwarded events keep their `region`, so the primary region's rules tell them apart
 * ({@link TamperAlertsProps.regionsAlertedElsewhere}). Read-only events (AssumeRole) reach the forwarding rule only
 * in state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
 */
export function forwardedEventPattern(): events.EventPattern {
  const calls = {
    'detail-type': [API_CALL_DETAIL_TYPE, SIGN_IN_DETAIL_TYPE],
    detail: { eventSource: watchedEventSources() },
  };
  const findings = { source: ['aws.guardduty'], 'detail-type': [GUARDDUTY_FINDING_DETAIL_TYPE] };
  return { $or: [calls, findings] } as events.EventPattern;
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
  /**
   * Name of the key guard's break-glass role (BKP-7): creating, re-trusting, widening or assuming it alerts.
   * @default DEFAULT_BREAK_GLASS_ROLE_NAME ("BreakGlass")
   */
  readonly breakGlassRoleName?: string;
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
 * one rule per {@link tamperWatches} entry and one for root console sign-in, each to the region's encrypted
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
    for (const watch of tamperWatches(props.breakGlassRoleName)) {
      rules[watch.id] = new events.Rule(this, watch.id, {
        description: `Tampering with ${watch.subject} to the team (DET-7)`,
        eventPattern: tamperPattern(watch, elsewhere),
      });
      if (watch.readOnlyEvents) (rules[watch.id].node.defaultChild as events.CfnRule).state = READ_EVENTS_RULE_STATE;
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
