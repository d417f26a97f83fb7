// PROOF-6: the one list of Control Tower control failures that do not apply, each on the narrowest
// resources, with the reason. A failure not listed here fails the check (and `npm test`); an entry that
// matches no failure of the example stages fails test/compliance/guard.test.ts (no stale exception).
// Real gaps are fixed, never listed here.
import type { GuardResource } from './types';

/** One exception: a control that fails on some resources for a reason that makes it not apply. */
export interface GuardException {
  /** Control ID, e.g. `CT.S3.PR.9`. */
  readonly control: string;
  /**
   * The resources it covers: construct paths `<Stack>/<path>` with the stage prefix implied, as in
   * `Data/OperatorAccess/Host/Resource`, or `<Stack>/<LogicalId>`; `*` matches within one path segment.
   */
  readonly resources: readonly string[];
  /** Why the control does not apply to them: what the rule cannot see, and what keeps the control's intent. */
  readonly reason: string;
}

// The buckets that receive service-delivered logs.
const LOAD_BALANCER_LOGS = 'App/AccessLogs/Bucket/Resource';
const APP_SERVER_ACCESS_LOGS = 'App/ServerAccessLogs/Bucket/Resource';
const DETECTION_SERVER_ACCESS_LOGS = 'Detection/AccessLogs/Bucket/Resource';
const CLOUDFRONT_LOGS = 'Edge/AccessLogs/Bucket/Resource';
const LOG_BUCKETS = [LOAD_BALANCER_LOGS, APP_SERVER_ACCESS_LOGS, DETECTION_SERVER_ACCESS_LOGS, CLOUDFRONT_LOGS];
const CANARY_ARTIFACTS = 'Detection/StatusCanary/Artifacts/Bucket/Resource';
const OPERATOR_HOST = 'Data/OperatorAccess/Host/Resource';

export const GUARD_EXCEPTIONS: readonly GuardException[] = [
  {
    control: 'CT.ECS.PR.2',
    resources: ['App/App/Cluster/Resource'],
    reason:
      'Container Insights is on in its `enhanced` mode (enhanced observability), which collects what `enabled` ' +
      'collects plus task- and container-level metrics; the rule accepts only the literal `enabled`.',
  },
  {
    control: 'CT.ECS.PR.7',
    resources: ['App/App/Task/Resource'],
    reason:
      'A Fargate task with one container: its task-level `Memory` is a hard limit on the task, which runs in its ' +
      'own isolated environment, so a container-level `Memory` would repeat the same number. The risk the control ' +
      'addresses, a container starving others on a shared EC2 host, does not arise on Fargate.',
  },
  {
    control: 'CT.S3.PR.10',
    resources: [LOAD_BALANCER_LOGS],
    reason:
      'Elastic Load Balancing delivers access logs only to buckets whose default encryption is SSE-S3; with ' +
      'SSE-KMS they are lost. Objects are still encrypted at rest (AES-256); the bucket is private, TLS-only, ' +
      'versioned and retained.',
  },
  {
    control: 'CT.S3.PR.10',
    resources: [APP_SERVER_ACCESS_LOGS, DETECTION_SERVER_ACCESS_LOGS],
    reason:
      'S3 server access log destinations: the S3 user guide documents SSE-S3 as the default encryption of a ' +
      'destination bucket, and the project keeps them on it (lib/constructs/app/log-bucket.ts). Objects are ' +
      'encrypted at rest (AES-256); the buckets are private, TLS-only, versioned and retained.',
  },
  {
    control: 'CT.S3.PR.2',
    resources: [APP_SERVER_ACCESS_LOGS, DETECTION_SERVER_ACCESS_LOGS, CLOUDFRONT_LOGS],
    reason:
      'These buckets are themselves access-log destinations (S3 server access logs, CloudFront access logs): ' +
      'logging one into itself logs its own deliveries without end, and into another bucket only moves the ' +
      'question. Changes to their configuration and policy are recorded by the CloudTrail trail.',
  },
  {
    control: 'CT.S3.PR.4',
    resources: [...LOG_BUCKETS, CANARY_ARTIFACTS],
    reason:
      'Service-delivered logs and canary artifacts arrive continuously and nothing consumes a per-object event: ' +
      'a notification target would have no reader. Objects expire by lifecycle; the buckets are versioned and ' +
      'retained, and changes to their configuration are recorded by the CloudTrail trail.',
  },
  {
    control: 'CT.S3.PR.4',
    resources: ['Detection/AuditTrail/Bucket/Bucket/Resource'],
    reason:
      'The trail bucket: CloudTrail log file integrity validation (`EnableLogFileValidation`) writes signed digest ' +
      'files that prove any trail file deleted or changed, which is what an event per object would be read for.',
  },
  {
    control: 'CT.S3.PR.9',
    resources: [...LOG_BUCKETS, CANARY_ARTIFACTS],
    reason:
      'Object Lock keeps records that must survive a compromised account; these are diagnostics (load balancer, ' +
      'S3 and CloudFront access logs, canary screenshots) that expire by lifecycle, versioned (an overwrite or ' +
      'delete keeps the previous version) and retained. The record that must survive tampering is the CloudTrail ' +
      'trail, whose bucket this control is not excepted for (DET-7).',
  },
  {
    control: 'CT.S3.PR.4',
    resources: ['Detection/ConfigDelivery/Bucket/Bucket/Resource'],
    reason:
      'The AWS Config history bucket (DET-6): Config delivers snapshots and history files continuously and nothing ' +
      'consumes a per-object event; changes to the recorder and its delivery channel alert at once (DET-7), and ' +
      'every API call on the bucket is in the CloudTrail trail.',
  },
  {
    control: 'CT.S3.PR.9',
    resources: ['Detection/ConfigDelivery/Bucket/Bucket/Resource'],
    reason:
      'The AWS Config history bucket (DET-6): "AWS Config does not support the delivery channel to an Amazon S3 ' +
      'bucket where object lock is enabled" (AWS::Config::DeliveryChannel). It is versioned (an overwrite or delete ' +
      'keeps the previous version for the whole retention) and retained; the same changes are in the trail, whose ' +
      'bucket is under Object Lock (DET-7).',
  },
  {
    control: 'CT.LAMBDA.PR.3',
    resources: ['Backup/RestoreTesting/Validator/Resource'],
    reason:
      'The function is in the VPC: `VpcConfig` names the private subnets and its security group, but the subnets ' +
      'come through `Fn::GetStackOutput` (the cross-stack reference CDK writes), which the rule does not resolve: it ' +
      'accepts only literal IDs, `Ref` and `Fn::GetAtt`.',
  },
  {
    control: 'CT.LAMBDA.PR.3',
    resources: ['Network/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler'],
    reason:
      "CDK's deploy-time handler for `restrictDefaultSecurityGroup`: it runs only while the stack deploys, calls " +
      "the EC2 API to remove the default security group's rules, and reaches nothing inside the VPC; CDK exposes " +
      'no VPC setting for it.',
  },
  {
    control: 'CT.LAMBDA.PR.3',
    resources: ['Edge/Site/CookieHardening/Function/Resource'],
    reason:
      'A Lambda@Edge function (EDGE-7): CloudFront runs it at its edge locations, and Lambda@Edge does not support ' +
      'access to resources in a VPC; it only rewrites response headers and reaches nothing.',
  },
  {
    control: 'CT.SQS.PR.1',
    resources: ['Backup/RestoreTesting/ValidatorDeadLetters/Resource'],
    reason:
      "This queue is the restore validator's dead-letter queue: a dead-letter queue of its own would only move " +
      'the question. Messages are kept 14 days and an alarm on its depth alerts the team (BKP-5).',
  },
  {
    control: 'CT.EC2.PR.19',
    resources: [OPERATOR_HOST],
    reason:
      'The operator host carries only Session Manager port-forwarding sessions (TLS to the SSM endpoints) to ' +
      'Aurora, which refuses connections without TLS (`rds.force_ssl`, DB-2): its traffic is encrypted above the ' +
      'network already. The Nitro families that also encrypt between instances cost many times the t4g.nano it ' +
      'runs on (`hostInstanceType` selects one where this matters).',
  },
  {
    control: 'CT.EC2.PR.8',
    resources: [OPERATOR_HOST],
    reason:
      'The host is launched into a private subnet by `SubnetId`; the subnet does not map public addresses ' +
      '(`MapPublicIpOnLaunch: false`) and the security group admits no inbound traffic. The rule accepts only ' +
      '`AssociatePublicIpAddress: false` on a `NetworkInterfaces` entry and fails any instance placed by subnet.',
  },
  {
    control: 'CT.GUARDDUTY.PR.1',
    resources: [
      'Detection/GuardDuty/Detector',
      'DetectionBackupRegion/GuardDuty/Detector',
      'DetectionGlobal/GuardDuty/Detector',
    ],
    reason:
      'S3 protection is on: the detector enables the `S3_DATA_EVENTS` feature through `Features`, which replaces ' +
      'the deprecated `DataSources` (CloudFormation accepts one or the other, not both); the rule reads only ' +
      '`DataSources.S3Logs.Enable`.',
  },
  {
    control: 'CT.CLOUDFRONT.PR.1',
    resources: ['Edge/Site/Distribution/Resource'],
    reason:
      'The only origin is the application (a VPC origin to its load balancer), which serves `/` itself; ' +
      '`DefaultRootObject` rewrites `/` to an object key, for bucket origins whose root would otherwise list or ' +
      'fail, and here would send the application a path it does not serve.',
  },
  {
    control: 'CT.CLOUDFRONT.PR.4',
    resources: ['Edge/Site/Distribution/Resource'],
    reason:
      'The distribution has one origin, the application in the primary region, and the project runs no second ' +
      'copy of it to fail over to (disaster recovery is a restore in the backup region, BKP-3); an origin group ' +
      'naming the same origin twice would pass the rule and change nothing.',
  },
];

const globs = new Map<string, RegExp>();
/** A resource pattern as a regular expression (`*`: any characters within one path segment). */
function glob(pattern: string): RegExp {
  let re = globs.get(pattern);
  if (!re) {
    const body = pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*');
    re = new RegExp(`^${body}$`);
    globs.set(pattern, re);
  }
  return re;
}

/** The names an exception can give a resource of stage `stage`: `<Stack>/<path>` and `<Stack>/<LogicalId>`. */
export function resourceNames(stage: string, r: Pick<GuardResource, 'stack' | 'logicalId' | 'path'>): string[] {
  const unprefixed = (s: string) => (s.startsWith(`${stage}-`) ? s.slice(stage.length + 1) : s);
  const names = [`${unprefixed(r.stack)}/${r.logicalId}`];
  if (r.path) names.push(unprefixed(r.path));
  return names;
}

/** Whether exception `e` covers a failure of `control` on resource `r` of stage `stage`. */
export function covers(e: GuardException, stage: string, control: string, r: GuardResource): boolean {
  if (e.control !== control) return false;
  const names = resourceNames(stage, r);
  return e.resources.some((p) => names.some((n) => glob(p).test(n)));
}

/** The exception that covers a failure, if any. */
export function exceptionFor(
  stage: string,
  control: string,
  r: GuardResource,
  list: readonly GuardException[] = GUARD_EXCEPTIONS,
): GuardException | undefined {
  return list.find((e) => covers(e, stage, control, r));
}

/** The parts of a stage's config that make a control not apply to that stage only. */
export interface StageExceptionConfig {
  readonly database: { readonly masterUsername: string; readonly keepDeployedMasterUsername?: boolean };
  /** A disposable stage (OPS-3) turns deletion protection off on purpose. @default 'durable' */
  readonly lifecycle?: 'durable' | 'disposable';
}

/**
 * Exceptions that hold for one stage because of its config: a cluster deployed before the master user name became
 * configurable keeps its name (RDS cannot rename it, and the fixed cluster identifier rules out a replacement), so
 * CT.RDS.PR.21 is listed for that stage, with the name, instead of failing it.
 */
export function stageExceptions(c: StageExceptionConfig): GuardException[] {
  return [...masterUserExceptions(c), ...disposableExceptions(c)];
}

/**
 * A disposable test stage (lifecycle "disposable", internal only, OPS-3) must be removable by `cdk destroy`: its load
 * balancer and cluster have no deletion protection, on purpose; its report shows DB-6 as given up for that reason.
 */
function disposableExceptions(c: StageExceptionConfig): GuardException[] {
  if (c.lifecycle !== 'disposable') return [];
  const reason =
    'A disposable test stage (lifecycle "disposable", internal only) is removed by `cdk destroy`, which deletion ' +
    'protection would refuse; a durable stage keeps it on, and the report shows DB-6 as given up here.';
  return [
    { control: 'CT.ELASTICLOADBALANCING.PR.5', resources: ['App/Origin/LoadBalancer/LoadBalancer/Resource'], reason },
    { control: 'CT.RDS.PR.3', resources: ['Data/Database/Cluster/Resource'], reason },
  ];
}

function masterUserExceptions(c: StageExceptionConfig): GuardException[] {
  if (!c.database.keepDeployedMasterUsername) return [];
  return [
    {
      control: 'CT.RDS.PR.21',
      resources: ['Data/Database/Cluster/Resource'],
      reason:
        `The cluster was deployed with the master user name \`${c.database.masterUsername}\`, which RDS cannot ` +
        'rename (database.keepDeployedMasterUsername). The password is generated and rotated by Secrets Manager, ' +
        'IAM database authentication is on, and a new stage gets a non-default name.',
    },
  ];
}
