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
}

const ACCOUNT = '111122223333';
const TRAIL = `arn:aws:cloudtrail:eu-west-3:${ACCOUNT}:trail/prod-audit-trail`;
const DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';
const KEY = `arn:aws:kms:eu-west-3:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const VAULT = 'prod-history-vault';
const PLAN = '8a2c4f6e-1b3d-4e5f-8a9b-0c1d2e3f4a5b';

const call = (service: string, eventName: string, requestParameters: SampleCall['requestParameters'] = {}) => ({
  service,
  eventName,
  requestParameters,
});

/**
 * Every tampering call the page lists (SPEC DET-7), one sample each: stopping or deleting the trail, disabling
 * GuardDuty, Security Hub or Config, disabling or scheduling deletion of a KMS key (and changing its policy), changing
 * a vault lock or access policy, deleting a recovery point or a vault, changing the backup plan.
 */
export const TAMPER_CALLS: readonly SampleCall[] = [
  call('cloudtrail', 'StopLogging', { name: TRAIL }),
  call('cloudtrail', 'DeleteTrail', { name: TRAIL }),
  call('cloudtrail', 'UpdateTrail', { name: TRAIL, isMultiRegionTrail: false }),
  call('guardduty', 'DeleteDetector', { detectorId: DETECTOR }),
  // GuardDuty's UpdateDetector request: detectorId in the path, `enable` in the body (GuardDuty API reference).
  call('guardduty', 'UpdateDetector', { detectorId: DETECTOR, enable: false }),
  call('guardduty', 'UpdateDetector', {
    detectorId: DETECTOR,
    features: [{ name: 'RDS_LOGIN_EVENTS', status: 'DISABLED' }],
  }),
  call('securityhub', 'DisableSecurityHub'),
  call('config', 'StopConfigurationRecorder', { configurationRecorderName: 'default' }),
  call('config', 'DeleteConfigurationRecorder', { configurationRecorderName: 'default' }),
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
  call('backup', 'DeleteBackupPlan', { backupPlanId: PLAN }),
  call('backup', 'UpdateBackupPlan', { backupPlanId: PLAN }),
];

/** Near misses: everyday calls of the same services that must never alert (or the alerts drown the real ones). */
export const ROUTINE_CALLS: readonly SampleCall[] = [
  call('cloudtrail', 'StartLogging', { name: TRAIL }),
  call('cloudtrail', 'CreateTrail', { name: 'other-trail' }),
  call('guardduty', 'UpdateDetector', { detectorId: DETECTOR, enable: true }),
  call('guardduty', 'UpdateDetector', { detectorId: DETECTOR, findingPublishingFrequency: 'SIX_HOURS' }),
  call('guardduty', 'CreateDetector', { enable: true }),
  call('securityhub', 'EnableSecurityHub'),
  call('config', 'StartConfigurationRecorder', { configurationRecorderName: 'default' }),
  call('config', 'PutConfigurationRecorder', { configurationRecorder: { name: 'default' } }),
  call('kms', 'Decrypt', { keyId: KEY }),
  call('kms', 'GenerateDataKey', { keyId: KEY }),
  call('kms', 'CancelKeyDeletion', { keyId: KEY }),
  call('kms', 'EnableKey', { keyId: KEY }),
  call('backup', 'StartBackupJob', { backupVaultName: VAULT }),
  call('backup', 'CreateBackupVault', { backupVaultName: 'new-vault' }),
  call('backup', 'PutBackupVaultNotifications', { backupVaultName: VAULT }),
  call('backup', 'CreateBackupPlan', {}),
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
      readOnly: false,
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
