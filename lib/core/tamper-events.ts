/**
 * Sample events of DET-7, as EventBridge delivers them, written from the SPEC's list and the services' API
 * references, independently of the rules that alert on them (lib/constructs/detection/tamper-alerts.ts): the
 * DET-7 check and the tests evaluate the synthesized patterns against them with lib/core/event-pattern.ts.
 */

/** One management API call, as CloudTrail records it. */
export interface SampleCall {
  /** The service's CloudTrail prefix: `cloudtrail` for `cloudtrail.amazonaws.com` and source `aws.cloudtrail`. */
  readonly service: string;
  readonly eventName: string;
  readonly requestParameters: { readonly [key: string]: unknown };
  /**
   * CloudTrail's `readOnly`: EventBridge delivers a read-only management event only to rules in state
   * `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` (EventBridge user guide, "Receiving read-only management events").
   * @default false
   */
  readonly readOnly?: boolean;
}

const ACCOUNT = '111122223333';
const TRAIL = `arn:aws:cloudtrail:eu-west-3:${ACCOUNT}:trail/prod-audit-trail`;
const DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';
const KEY = `arn:aws:kms:eu-west-3:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const VAULT = 'prod-history-vault';
const PLAN = '8a2c4f6e-1b3d-4e5f-8a9b-0c1d2e3f4a5b';
const RULE = 'prod-Detection-TamperAlertsKeyTamper1A2B3C4D-0123456789AB';
const TOPIC = `arn:aws:sns:eu-west-3:${ACCOUNT}:prod-Network-AlertsTopic1234ABCD-0A1B2C3D4E5F`;
const STACK_SET = 'prod-guardduty';

const call = (service: string, eventName: string, requestParameters: SampleCall['requestParameters'] = {}) => ({
  service,
  eventName,
  requestParameters,
});

/**
 * Every tampering call the page lists (SPEC DET-7), one sample each: stopping, narrowing or deleting the trail,
 * disabling GuardDuty (or part of it, or suppressing its findings), Security Hub (its aggregation, or its findings
 * through automation rules) or Config (or narrowing what it records), disabling or scheduling deletion of a KMS key
 * (and changing its policy), changing a vault lock or access policy, deleting or shortening a recovery point or a
 * vault, changing the backup plan or what it selects; and the alert path itself (rules, targets, topic, the
 * StackSet that forwards other regions' events), and enabling an opt-in region nothing watches. The break-glass
 * role's calls depend on its name: {@link breakGlassCalls}.
 */
export const TAMPER_CALLS: readonly SampleCall[] = [
  call('cloudtrail', 'StopLogging', { name: TRAIL }),
  call('cloudtrail', 'DeleteTrail', { name: TRAIL }),
  call('cloudtrail', 'UpdateTrail', { name: TRAIL, isMultiRegionTrail: false }),
  // Event selectors that leave out management (or write) events blind EventBridge as surely as StopLogging.
  call('cloudtrail', 'PutEventSelectors', {
    trailName: TRAIL,
    eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: true }],
  }),
  call('cloudtrail', 'DeleteEventDataStore', {
    eventDataStore: `arn:aws:cloudtrail:eu-west-3:${ACCOUNT}:eventdatastore/1`,
  }),
  call('guardduty', 'DeleteDetector', { detectorId: DETECTOR }),
  // GuardDuty's UpdateDetector request: detectorId in the path, `enable` in the body (GuardDuty API reference).
  call('guardduty', 'UpdateDetector', { detectorId: DETECTOR, enable: false }),
  call('guardduty', 'UpdateDetector', {
    detectorId: DETECTOR,
    features: [{ name: 'RDS_LOGIN_EVENTS', status: 'DISABLED' }],
  }),
  // Fargate runtime monitoring left ENABLED while its agent management is switched off: no agent, no runtime findings.
  call('guardduty', 'UpdateDetector', {
    detectorId: DETECTOR,
    features: [
      {
        name: 'RUNTIME_MONITORING',
        status: 'ENABLED',
        additionalConfiguration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'DISABLED' }],
      },
    ],
  }),
  // The legacy dataSources of the same API (GuardDuty API reference, UpdateDetector).
  call('guardduty', 'UpdateDetector', { detectorId: DETECTOR, dataSources: { s3Logs: { enable: false } } }),
  call('guardduty', 'UpdateDetector', {
    detectorId: DETECTOR,
    dataSources: { malwareProtection: { scanEc2InstanceWithFindings: { ebsVolumes: false } } },
  }),
  call('guardduty', 'UpdateDetector', {
    detectorId: DETECTOR,
    dataSources: { kubernetes: { auditLogs: { enable: false } } },
  }),
  // A suppression rule: matching findings are archived at once and never published.
  call('guardduty', 'CreateFilter', { detectorId: DETECTOR, name: 'quiet', action: 'ARCHIVE', findingCriteria: {} }),
  call('guardduty', 'UpdateFilter', { detectorId: DETECTOR, filterName: 'quiet', action: 'ARCHIVE' }),
  // A trusted IP list: GuardDuty raises no finding for traffic from its addresses.
  call('guardduty', 'CreateIPSet', { detectorId: DETECTOR, name: 'office', format: 'TXT', activate: true }),
  call('guardduty', 'UpdateIPSet', { detectorId: DETECTOR, ipSetId: '0c1d2e3f', activate: true }),
  call('securityhub', 'DisableSecurityHub'),
  call('securityhub', 'DeleteFindingAggregator', {
    findingAggregatorArn: `arn:aws:securityhub:eu-west-3:${ACCOUNT}:x`,
  }),
  call('securityhub', 'UpdateFindingAggregator', { regionLinkingMode: 'SPECIFIED_REGIONS', regions: [] }),
  // An automation rule can suppress or downgrade findings before anyone sees them.
  call('securityhub', 'CreateAutomationRule', { ruleName: 'quiet', actions: [] }),
  call('securityhub', 'BatchUpdateAutomationRules', { updateAutomationRulesRequestItems: [] }),
  call('config', 'StopConfigurationRecorder', { configurationRecorderName: 'default' }),
  call('config', 'DeleteConfigurationRecorder', { configurationRecorderName: 'default' }),
  // Every PutConfigurationRecorder: it can narrow the recording group to nothing that matters.
  call('config', 'PutConfigurationRecorder', { configurationRecorder: { name: 'default' } }),
  call('config', 'DisassociateResourceTypes', {
    configurationRecorderArn: `arn:aws:config:eu-west-3:${ACCOUNT}:configuration-recorder/default/x`,
    resourceTypes: ['AWS::KMS::Key'],
  }),
  call('config', 'DeleteDeliveryChannel', { deliveryChannelName: 'default' }),
  call('kms', 'ScheduleKeyDeletion', { keyId: KEY, pendingWindowInDays: 7 }),
  call('kms', 'DisableKey', { keyId: KEY }),
  call('kms', 'PutKeyPolicy', { keyId: KEY, policyName: 'default' }),
  call('backup', 'DeleteRecoveryPoint', {
    backupVaultName: VAULT,
    recoveryPointArn: `arn:aws:rds:eu-west-3:${ACCOUNT}:cluster-snapshot:awsbackup:job-1`,
  }),
  call('backup', 'DeleteBackupVault', { backupVaultName: VAULT }),
  call('backup', 'DeleteBackupVaultAccessPolicy', { backupVaultName: VAULT }),
  call('backup', 'PutBackupVaultAccessPolicy', { backupVaultName: VAULT }),
  call('backup', 'PutBackupVaultLockConfiguration', { backupVaultName: VAULT, minRetentionDays: 1 }),
  call('backup', 'DeleteBackupVaultLockConfiguration', { backupVaultName: VAULT }),
  call('backup', 'UpdateRecoveryPointLifecycle', {
    backupVaultName: VAULT,
    recoveryPointArn: `arn:aws:rds:eu-west-3:${ACCOUNT}:cluster-snapshot:awsbackup:job-1`,
    lifecycle: { deleteAfterDays: 1 },
  }),
  call('backup', 'DeleteBackupPlan', { backupPlanId: PLAN }),
  call('backup', 'UpdateBackupPlan', { backupPlanId: PLAN }),
  call('backup', 'DeleteBackupSelection', { backupPlanId: PLAN, selectionId: '1b2c3d4e' }),
  // Opting a resource type out of AWS Backup in the region stops its backups.
  call('backup', 'UpdateRegionSettings', { resourceTypeOptInPreference: { Aurora: false } }),
  // The alert path itself: the rules, their targets, the topic and its subscriptions.
  call('events', 'DeleteRule', { name: RULE, force: true }),
  call('events', 'DisableRule', { name: RULE }),
  call('events', 'RemoveTargets', { rule: RULE, ids: ['Target0'] }),
  call('sns', 'Unsubscribe', { subscriptionArn: `${TOPIC}:5d6e7f80` }),
  call('sns', 'DeleteTopic', { topicArn: TOPIC }),
  call('sns', 'SetTopicAttributes', { topicArn: TOPIC, attributeName: 'Policy' }),
  // The StackSet whose instances forward the other regions' events (DET-6).
  call('cloudformation', 'DeleteStackInstances', { stackSetName: STACK_SET, regions: ['sa-east-1'] }),
  call('cloudformation', 'UpdateStackInstances', { stackSetName: STACK_SET, regions: ['sa-east-1'] }),
  call('cloudformation', 'UpdateStackSet', { stackSetName: STACK_SET }),
  call('cloudformation', 'DeleteStackSet', { stackSetName: STACK_SET }),
  // An opt-in region enabled: no detector, no forwarder there (the StackSet covers the regions of the config).
  call('account', 'EnableRegion', { regionName: 'me-central-1' }),
];

/**
 * The break-glass role of the key guard (BKP-7) made or re-trusted by someone, or assumed: IAM calls on that role by
 * name (IAM events arrive in us-east-1), and STS AssumeRole of it (in the region of the STS endpoint used).
 */
export function breakGlassCalls(roleName: string): SampleCall[] {
  const iam = (eventName: string, extra: SampleCall['requestParameters'] = {}) =>
    call('iam', eventName, { roleName, ...extra });
  return [
    iam('CreateRole', { assumeRolePolicyDocument: '{}' }),
    iam('UpdateAssumeRolePolicy', { policyDocument: '{}' }),
    iam('AttachRolePolicy', { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    iam('PutRolePolicy', { policyName: 'extra', policyDocument: '{}' }),
    iam('DeleteRolePermissionsBoundary'),
    iam('DeleteRole'),
    {
      ...call('sts', 'AssumeRole', { roleArn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`, roleSessionName: 'x' }),
      // Not verified offline whether CloudTrail marks AssumeRole read-only: assumed so, the stricter case.
      readOnly: true,
    },
  ];
}

/** Near misses of {@link breakGlassCalls}: the same calls on another role, and reads of the break-glass role. */
export function breakGlassNearMisses(roleName: string): SampleCall[] {
  const other = `Not${roleName}`;
  return [
    call('iam', 'CreateRole', { roleName: other }),
    call('iam', 'UpdateAssumeRolePolicy', { roleName: `${roleName}2` }),
    call('iam', 'TagRole', { roleName }),
    {
      ...call('sts', 'AssumeRole', { roleArn: `arn:aws:iam::${ACCOUNT}:role/${other}`, roleSessionName: 'x' }),
      readOnly: true,
    },
  ];
}

/** Near misses: everyday calls of the same services that must never alert (or the alerts drown the real ones). */
export const ROUTINE_CALLS: readonly SampleCall[] = [
  call('cloudtrail', 'StartLogging', { name: TRAIL }),
  call('cloudtrail', 'CreateTrail', { name: 'other-trail' }),
  call('guardduty', 'UpdateDetector', { detectorId: DETECTOR, enable: true }),
  call('guardduty', 'UpdateDetector', { detectorId: DETECTOR, findingPublishingFrequency: 'SIX_HOURS' }),
  call('guardduty', 'CreateDetector', { enable: true }),
  call('guardduty', 'UpdateDetector', {
    detectorId: DETECTOR,
    features: [
      {
        name: 'RUNTIME_MONITORING',
        status: 'ENABLED',
        additionalConfiguration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }],
      },
    ],
  }),
  call('guardduty', 'UpdateDetector', { detectorId: DETECTOR, dataSources: { s3Logs: { enable: true } } }),
  call('guardduty', 'CreateFilter', { detectorId: DETECTOR, name: 'triage', action: 'NOOP', findingCriteria: {} }),
  call('guardduty', 'CreateThreatIntelSet', { detectorId: DETECTOR, name: 'bad-ips', activate: true }),
  call('cloudtrail', 'PutInsightSelectors', { trailName: TRAIL, insightSelectors: [] }),
  call('securityhub', 'EnableSecurityHub'),
  call('securityhub', 'BatchUpdateFindings', { findingIdentifiers: [] }),
  call('config', 'StartConfigurationRecorder', { configurationRecorderName: 'default' }),
  call('config', 'PutEvaluations', { resultToken: 'x' }),
  call('kms', 'Decrypt', { keyId: KEY }),
  call('kms', 'GenerateDataKey', { keyId: KEY }),
  call('kms', 'CancelKeyDeletion', { keyId: KEY }),
  call('kms', 'EnableKey', { keyId: KEY }),
  call('backup', 'StartBackupJob', { backupVaultName: VAULT }),
  call('backup', 'CreateBackupVault', { backupVaultName: 'new-vault' }),
  call('backup', 'PutBackupVaultNotifications', { backupVaultName: VAULT }),
  call('backup', 'CreateBackupPlan', {}),
  call('backup', 'CreateBackupSelection', { backupPlanId: PLAN }),
  call('events', 'PutRule', { name: RULE }),
  call('events', 'EnableRule', { name: RULE }),
  call('sns', 'Subscribe', { topicArn: TOPIC, protocol: 'email' }),
  call('sns', 'Publish', { topicArn: TOPIC }),
  call('cloudformation', 'CreateStackInstances', { stackSetName: STACK_SET, regions: ['sa-east-1'] }),
  call('cloudformation', 'UpdateStack', { stackName: 'prod-App' }),
  call('account', 'PutAlternateContact', { alternateContactType: 'SECURITY' }),
];

/**
 * GuardDuty finding types of the threat purposes DET-7 forwards at any severity (the purpose is the part before the
 * colon): the two the security review named, and one of each other purpose (GuardDuty finding types reference).
 */
export const ANY_SEVERITY_FINDING_TYPES = [
  'Stealth:IAMUser/CloudTrailLoggingDisabled',
  'Policy:IAMUser/RootCredentialUsage',
  'PrivilegeEscalation:Runtime/ContainerMountsHostDirectory',
  'DefenseEvasion:EC2/UnusualDoHActivity',
  'Impact:S3/MaliciousIPCaller',
  'CredentialAccess:IAMUser/AnomalousBehavior',
] as const;

/** A CloudTrail management call as EventBridge delivers it to the default bus of `region`. */
export function apiCallEvent(c: SampleCall, region: string, account = ACCOUNT): Record<string, unknown> {
  return {
    version: '0',
    id: '6f87d04b-9f74-4f04-a780-7acf4b0a9b38',
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${c.service}`,
    account,
    time: '2026-12-03T09:05:02Z',
    region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${account}:assumed-role/Admin/intruder`,
        accountId: account,
      },
      eventTime: '2026-12-03T09:05:02Z',
      eventSource: `${c.service}.amazonaws.com`,
      eventName: c.eventName,
      awsRegion: region,
      sourceIPAddress: '198.51.100.7',
      userAgent: 'aws-cli/2.17.0',
      requestParameters: c.requestParameters,
      responseElements: null,
      eventID: 'c2bd0b7f-42b4-4b5e-9d0c-3f1b2a1c8e11',
      readOnly: c.readOnly ?? false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
    },
  };
}

/** A console sign-in (`ConsoleLogin`) as EventBridge delivers it; root by default. */
export function signInEvent(region: string, type = 'Root', account = ACCOUNT): Record<string, unknown> {
  const arn = type === 'Root' ? `arn:aws:iam::${account}:root` : `arn:aws:iam::${account}:user/operator`;
  return {
    version: '0',
    id: '0b8c7e3a-2f4d-4a7b-9c1e-5d6f7a8b9c0d',
    'detail-type': 'AWS Console Sign In via CloudTrail',
    source: 'aws.signin',
    account,
    time: '2026-12-03T09:00:00Z',
    region,
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: { type, principalId: account, arn, accountId: account },
      eventTime: '2026-12-03T09:00:00Z',
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: region,
      sourceIPAddress: '198.51.100.7',
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { MFAUsed: 'No' },
      eventID: 'f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f',
      eventType: 'AwsConsoleSignIn',
      recipientAccountId: account,
    },
  };
}

/** A GuardDuty finding as EventBridge delivers it. */
export function findingEvent(type: string, severity: number, region: string, account = ACCOUNT) {
  return {
    version: '0',
    id: 'c8c4daa7-a20c-2f03-0070-b7393dd542ad',
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account,
    time: '2026-12-03T09:10:00Z',
    region,
    resources: [],
    detail: {
      schemaVersion: '2.0',
      accountId: account,
      region,
      id: '16afba5c5c43e07c9e3e5e2e544e95df',
      type,
      severity,
      title: `Sample ${type}`,
      resource: { resourceType: 'AccessKey' },
    },
  };
}
