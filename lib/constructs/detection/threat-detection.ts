import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * GuardDuty protection plans enabled on a created detector (DET-1). RDS login
 * activity is the one the page promises ("abnormal database connections"); S3 data
 * events and EBS malware scans cover the trail, artifact and backup data paths.
 * Written as `Features`: the legacy `DataSources` must never be mixed in (the API
 * rejects a detector with both).
 */
export const GUARDDUTY_FEATURES = ['RDS_LOGIN_EVENTS', 'S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION'] as const;

/** How often GuardDuty re-publishes updates of an existing finding to EventBridge (new findings go out at once). */
const FINDING_PUBLISHING_FREQUENCY = 'FIFTEEN_MINUTES';

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
    // DET-1: RDS login activity monitoring, S3 data events and malware protection.
    this.detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: FINDING_PUBLISHING_FREQUENCY,
      features: GUARDDUTY_FEATURES.map((name) => ({ name, status: 'ENABLED' })),
    });
    // Deleting a detector deletes its findings, which may be evidence of a breach.
    this.detector.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}

/** Properties of {@link SecurityHubBaseline}. */
export interface SecurityHubBaselineProps {
  /** "create" enables Security Hub and FSBP here; "existing" leaves the account's setup alone. */
  readonly mode: 'create' | 'existing';
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

  constructor(scope: Construct, id: string, props: SecurityHubBaselineProps) {
    super(scope, id);
    if (props.mode !== 'create') return;
    const stack = Stack.of(this);
    this.hub = new securityhub.CfnHub(this, 'Hub', {
      // Only FSBP, chosen below: the default set also enables CIS, whose findings duplicate FSBP's.
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    this.standard = new securityhub.CfnStandard(this, 'FoundationalBestPractices', {
      standardsArn: `arn:${stack.partition}:securityhub:${stack.region}::standards/aws-foundational-security-best-practices/v/${FSBP_VERSION}`,
    });
    this.standard.addResourceDependency(this.hub);
  }
}

/**
 * The EventBridge pattern of GuardDuty findings the team receives: every finding
 * at or above `minSeverity`, and every RDS finding whatever its severity (DET-1:
 * an anomalous database login is rated low or medium but is exactly what the page
 * promises to catch). RDS finding types all contain `:RDS/`.
 */
export function guardDutyAlertPattern(minSeverity: number): events.EventPattern {
  return {
    source: ['aws.guardduty'],
    detailType: ['GuardDuty Finding'],
    detail: {
      $or: [{ severity: [{ numeric: ['>=', minSeverity] }] }, { type: [{ wildcard: '*:RDS/*' }] }],
    },
  };
}

/** The EventBridge pattern of Security Hub findings the team receives: new, active, HIGH or CRITICAL. */
export function securityHubAlertPattern(): events.EventPattern {
  return {
    source: ['aws.securityhub'],
    detailType: ['Security Hub Findings - Imported'],
    detail: {
      findings: {
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
      `Open: https://${region}.console.aws.amazon.com/guardduty/home?region=${region}#/findings?macros=current&fId=${field('$.detail.id')}`,
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
  /** GuardDuty findings at or above this severity are sent (RDS findings always are). */
  readonly guardDutyMinSeverity: number;
}

/**
 * EventBridge rules that send GuardDuty and Security Hub findings to the team's
 * topic as readable text (DET-3).
 *
 * The rules publish with a role of their own instead of adding `events.amazonaws.com`
 * to the topic's resource policy: the topic may live in another stack, whose
 * policy this stack must not rewrite. The role may publish to that one topic and
 * use its key for that, nothing else (PROOF-4: an encrypted topic refuses a
 * publisher that cannot generate a data key).
 */
export class FindingRouting extends Construct {
  /** The GuardDuty rule. */
  readonly guardDutyRule: events.Rule;
  /** The Security Hub rule. */
  readonly securityHubRule: events.Rule;
  /** The role both rules publish with. */
  readonly publishRole: iam.Role;

  constructor(scope: Construct, id: string, props: FindingRoutingProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    this.publishRole = new iam.Role(this, 'PublishRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
      description: 'EventBridge: publish security findings to the alert topic',
    });
    const statements = [new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.topic.topicArn] })];
    if (props.topic.masterKey) {
      statements.push(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.topic.masterKey.keyArn] }));
    }
    // A managed policy, not CDK's inline default policy (NIST/PCI/HIPAA IAMNoInlinePolicy).
    this.publishRole.addManagedPolicy(new iam.ManagedPolicy(this, 'PublishPolicy', { statements }));
    const role = this.publishRole.withoutPolicyUpdates();

    this.guardDutyRule = new events.Rule(this, 'GuardDutyFindings', {
      description: `GuardDuty findings of severity >= ${props.guardDutyMinSeverity}, and every RDS finding, to the team (DET-1, DET-3)`,
      eventPattern: guardDutyAlertPattern(props.guardDutyMinSeverity),
    });
    this.guardDutyRule.addTarget(new targets.SnsTopic(props.topic, { role, message: guardDutyMessage() }));

    this.securityHubRule = new events.Rule(this, 'SecurityHubFindings', {
      description: 'New HIGH and CRITICAL Security Hub findings to the team (DET-3)',
      eventPattern: securityHubAlertPattern(),
    });
    this.securityHubRule.addTarget(new targets.SnsTopic(props.topic, { role, message: securityHubMessage() }));
  }
}
