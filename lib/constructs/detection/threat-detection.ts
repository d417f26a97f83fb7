import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DEFAULT_GUARDDUTY_MIN_SEVERITY, DEFAULT_SECURITY_HUB } from '../../defaults/detection';
import { AlertTopicTarget } from '../alert-topic';

/**
 * GuardDuty protection plans enabled on a created detector (DET-1, DET-6). RDS login
 * activity is the one the page promises ("abnormal database connections"); S3 data
 * events and EBS malware scans cover the trail, artifact and backup data paths;
 * runtime monitoring watches the app's Fargate tasks (DET-6).
 * Written as `Features`: the legacy `DataSources` must never be mixed in (the API
 * rejects a detector with both).
 */
export const GUARDDUTY_FEATURES = [
  'RDS_LOGIN_EVENTS',
  'S3_DATA_EVENTS',
  'EBS_MALWARE_PROTECTION',
  'RUNTIME_MONITORING',
] as const;

/**
 * Additional configuration of RUNTIME_MONITORING (DET-6): GuardDuty manages the security agent of every Fargate
 * (ECS) task itself, as a sidecar, with a VPC endpoint of its own in each VPC. The task needs a task execution role
 * that may pull the agent from GuardDuty's ECR repository, and a route to ECR and that endpoint on 443
 * (GuardDuty user guide, "Prerequisites for AWS Fargate (Amazon ECS only) support"): lib/constructs/app/fargate-app.ts.
 * EKS and EC2 agent management stay off: the stage runs neither.
 */
export const RUNTIME_MONITORING_CONFIGURATION = [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }] as const;

/** A detector feature as CloudFormation writes it (`AWS::GuardDuty::Detector` `Features`). */
export interface GuardDutyFeatureJson {
  readonly Name: string;
  readonly Status: 'ENABLED';
  readonly AdditionalConfiguration?: readonly { readonly Name: string; readonly Status: string }[];
}

/** The features of every detector the stage creates, its own and the StackSet's (DET-1, DET-6), as CloudFormation writes them. */
export function guardDutyFeatures(): GuardDutyFeatureJson[] {
  return GUARDDUTY_FEATURES.map((name) => ({
    Name: name,
    Status: 'ENABLED',
    ...(name === 'RUNTIME_MONITORING'
      ? { AdditionalConfiguration: RUNTIME_MONITORING_CONFIGURATION.map((c) => ({ Name: c.name, Status: c.status })) }
      : {}),
  }));
}

/** How often GuardDuty re-publishes updates of an existing finding to EventBridge (new findings go out at once). */
export const FINDING_PUBLISHING_FREQUENCY = 'FIFTEEN_MINUTES';

/** Security Hub findings at these labels are sent to the team (DET-3). */
export const SECURITY_HUB_ALERT_LABELS = ['HIGH', 'CRITICAL'] as const;

/** Version of the AWS Foundational Security Best Practices standard Security Hub enables. */
const FSBP_VERSION = '1.0.0';

/** Properties of {@link ThreatDetector}. */
export interface ThreatDetectorProps {
  /**
   * "create" a detector in this region, or rely on the account's "existing" one
   * (an account holds one detector per region; creating a second fails the deploy).
   */
  readonly mode: 'create' | 'existing';
}

/**
 * GuardDuty in one region (DET-1). With `existing`, nothing is created: the routing
 * of {@link FindingRouting} still delivers the existing detector's findings.
 */
export class ThreatDetector extends Construct {
  /** The created detector, or undefined with `existing`. */
  readonly detector?: guardduty.CfnDetector;

  constructor(scope: Construct, id: string, props: ThreatDetectorProps) {
    super(scope, id);
    if (props.mode !== 'create') return;
    // DET-1: RDS login activity monitoring, S3 data events and malware protection; DET-6: Fargate runtime monitoring.
    this.detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: FINDING_PUBLISHING_FREQUENCY,
      features: guardDutyFeatures().map((f) => ({
        name: f.Name,
        status: f.Status,
        additionalConfiguration: f.AdditionalConfiguration?.map((c) => ({ name: c.Name, status: c.Status })),
      })),
    });
    // Deleting a detector deletes its findings, which may be evidence of a breach.
    this.detector.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}

/** Properties of {@link SecurityHubBaseline}. */
export interface SecurityHubBaselineProps {
  /**
   * "create" enables Security Hub and FSBP here; "existing" leaves the account's setup alone.
   * @default DEFAULT_SECURITY_HUB ("create")
   */
  readonly mode?: 'create' | 'existing';
  /**
   * Regions whose findings Security Hub aggregates into this one, the home region (DET-6): a finding aggregator
   * links them, so this region's EventBridge receives their findings too and one routing alerts for all of them.
   * Only with `create`: an account holds one aggregator, and an existing setup keeps its own.
   * @default - none: no aggregator
   */
  readonly linkedRegions?: readonly string[];
}

/**
 * Security Hub with the AWS Foundational Security Best Practices standard (DET-3),
 * with consolidated control findings so one control raises one finding.
 */
export class SecurityHubBaseline extends Construct {
  /** The hub, or undefined with `existing`. */
  readonly hub?: securityhub.CfnHub;
  /** The FSBP subscription, or undefined with `existing`. */
  readonly standard?: securityhub.CfnStandard;
  /** The cross-region finding aggregator of the home region (DET-6), when regions are linked. */
  readonly aggregator?: securityhub.CfnFindingAggregator;

  constructor(scope: Construct, id: string, props: SecurityHubBaselineProps = {}) {
    super(scope, id);
    if ((props.mode ?? DEFAULT_SECURITY_HUB) !== 'create') return;
    const stack = Stack.of(this);
    this.hub = new securityhub.CfnHub(this, 'Hub', {
      // Only FSBP, chosen below: the default set also enables CIS, whose findings duplicate FSBP's.
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    this.standard = new securityhub.CfnStandard(this, 'FoundationalBestPractices', {
      standardsArn:
        `arn:${stack.partition}:securityhub:${stack.region}::standards/` +
        `aws-foundational-security-best-practices/v/${FSBP_VERSION}`,
    });
    this.standard.addResourceDependency(this.hub);
    // Like the detectors: a stack update that stops owning the hub (securityHub "existing", the disaster stage of
    // OPS-2 updating the us-east-1 stack) must not disable Security Hub, which deletes its findings.
    this.hub.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.standard.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const linked = [...new Set(props.linkedRegions ?? [])].filter((r) => r !== stack.region);
    if (!linked.length) return;
    // DET-6: "EventBridge in the aggregation Region receives findings from linked Regions" (Security Hub user guide,
    // cross-Region aggregation): the home region's FindingRouting sees every linked region's findings.
    this.aggregator = new securityhub.CfnFindingAggregator(this, 'Aggregator', {
      regionLinkingMode: 'SPECIFIED_REGIONS',
      regions: linked,
    });
    this.aggregator.addResourceDependency(this.hub);
  }
}

/**
 * The EventBridge pattern of GuardDuty findings the team receives: every finding
 * at or above `minSeverity`, and, whatever their severity, every RDS finding (DET-1:
 * an anomalous database login is rated low or medium but is exactly what the page
 * promises to catch; RDS finding types all contain `:RDS/`) and every finding whose
 * threat purpose (the part of the type before the colon, e.g.
 * `Stealth:IAMUser/CloudTrailLoggingDisabled`) is tampering, policy breach, escalation,
 * evasion, impact or credential theft (DET-7: `Stealth:IAMUser/CloudTrailLoggingDisabled`
 * and `Policy:IAMUser/RootCredentialUsage` are rated low, yet each is an attacker at work).
 */
export function guardDutyAlertPattern(minSeverity: number): events.EventPattern {
  const anySeverityPurposes = [
    'Stealth',
    'Policy',
    'PrivilegeEscalation',
    'DefenseEvasion',
    'Impact',
    'CredentialAccess',
  ];
  return {
    source: ['aws.guardduty'],
    detailType: ['GuardDuty Finding'],
    detail: {
      $or: [
        { severity: [{ numeric: ['>=', minSeverity] }] },
        { type: [{ wildcard: '*:RDS/*' }, ...anySeverityPurposes.map((purpose) => ({ prefix: `${purpose}:` }))] },
      ],
    },
  };
}

/**
 * The EventBridge pattern of Security Hub findings the team receives: new, active, HIGH or CRITICAL, from any product
 * but GuardDuty. Security Hub imports GuardDuty's findings (ASFF `ProductName` "GuardDuty"), and the home region's
 * rule sees every linked region's; each region's {@link guardDutyAlertPattern} rule (or the StackSet's forwarder)
 * already sends them, so routing them here too would alert twice.
 */
export function securityHubAlertPattern(): events.EventPattern {
  return {
    source: ['aws.securityhub'],
    detailType: ['Security Hub Findings - Imported'],
    detail: {
      findings: {
        ProductName: [{ 'anything-but': 'GuardDuty' }],
        Severity: { Label: [...SECURITY_HUB_ALERT_LABELS] },
        Workflow: { Status: ['NEW'] },
        RecordState: ['ACTIVE'],
      },
    },
  };
}

const field = (path: string) => events.EventField.fromPath(path);

/** The readable GuardDuty alert: what, how bad, which resource, where, and a console link to the finding. */
export function guardDutyMessage(): events.RuleTargetInput {
  const region = field('$.detail.region');
  return events.RuleTargetInput.fromMultilineText(
    [
      `GuardDuty finding (severity ${field('$.detail.severity')}): ${field('$.detail.title')}`,
      `Type: ${field('$.detail.type')}`,
      `Resource: ${field('$.detail.resource.resourceType')}`,
      `Account ${field('$.detail.accountId')}, region ${region}`,
      `Open: https://${region}.console.aws.amazon.com/guardduty/home?region=${region}` +
        `#/findings?macros=current&fId=${field('$.detail.id')}`,
    ].join('\n'),
  );
}

/** The readable Security Hub alert (first finding of the event; Security Hub sends one per event for imports). */
export function securityHubMessage(): events.RuleTargetInput {
  const region = field('$.detail.findings[0].Region');
  return events.RuleTargetInput.fromMultilineText(
    [
      `Security Hub finding (${field('$.detail.findings[0].Severity.Label')}): ${field('$.detail.findings[0].Title')}`,
      `Type: ${field('$.detail.findings[0].Types[0]')}`,
      `Resource: ${field('$.detail.findings[0].Resources[0].Id')}`,
      `Account ${field('$.detail.findings[0].AwsAccountId')}, region ${region}`,
      `Open: https://${region}.console.aws.amazon.com/securityhub/home?region=${region}#/findings`,
    ].join('\n'),
  );
}

/** Properties of {@link FindingRouting}. */
export interface FindingRoutingProps {
  /** The region's alert topic (KMS-encrypted). */
  readonly topic: sns.ITopic;
  /**
   * GuardDuty findings at or above this severity are sent (RDS findings always are).
   * @default DEFAULT_GUARDDUTY_MIN_SEVERITY (4)
   */
  readonly guardDutyMinSeverity?: number;
  /**
   * Route this region's Security Hub findings. False where the findings are aggregated into another region whose
   * routing already sends them (DET-6): routing them here too would alert twice.
   * @default true
   */
  readonly securityHubFindings?: boolean;
}

/**
 * EventBridge rules that send GuardDuty and Security Hub findings to the team's
 * topic as readable text (DET-3).
 *
 * The targets carry no role: EventBridge publishes to SNS under the topic's resource
 * policy (the `SnsTopic` target adds `events.amazonaws.com` to it), the documented
 * pattern. The EventBridge guide warns against a `RoleArn` on SNS targets: "event
 * delivery may fail, particularly for ... Amazon SNS targets with AWS KMS encryption
 * enabled. Use resource-based policies only for these targets." The topic's key must
 * then admit `events.amazonaws.com` with no `aws:SourceAccount`/`aws:SourceArn`
 * condition, which SNS does not support for EventBridge-to-encrypted topics
 * (lib/constructs/alert-topic.ts, PROOF-4).
 */
export class FindingRouting extends Construct {
  /** The GuardDuty rule. */
  readonly guardDutyRule: events.Rule;
  /** The Security Hub rule, absent where the findings are routed from the aggregation region (DET-6). */
  readonly securityHubRule?: events.Rule;

  constructor(scope: Construct, id: string, props: FindingRoutingProps) {
    super(scope, id);
    const minSeverity = props.guardDutyMinSeverity ?? DEFAULT_GUARDDUTY_MIN_SEVERITY;
    this.guardDutyRule = new events.Rule(this, 'GuardDutyFindings', {
      description: `GuardDuty findings of severity >= ${minSeverity}, and every RDS finding, to the team (DET-1, DET-3)`,
      eventPattern: guardDutyAlertPattern(minSeverity),
    });
    this.guardDutyRule.addTarget(new AlertTopicTarget(props.topic, { message: guardDutyMessage() }));
    if (props.securityHubFindings === false) return;

    this.securityHubRule = new events.Rule(this, 'SecurityHubFindings', {
      description: 'New HIGH and CRITICAL Security Hub findings to the team (DET-3)',
      eventPattern: securityHubAlertPattern(),
    });
    this.securityHubRule.addTarget(new AlertTopicTarget(props.topic, { message: securityHubMessage() }));
  }
}
