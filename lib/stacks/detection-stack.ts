import { Stack, type StackProps, Token } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { AlertTopic } from '../constructs/alert-topic';
import { LoadBalancerAlarms, SqlInjectionAlarm } from '../constructs/detection/alarms';
import { AuditTrail } from '../constructs/detection/audit-trail';
import { ConfigDeliveryBucket, ConfigRecorder } from '../constructs/detection/config-recorder';
import { PlatformDashboard } from '../constructs/detection/dashboard';
import { GuardDutyStackSet } from '../constructs/detection/guardduty-stackset';
import { SecretReadAlarm } from '../constructs/detection/secret-read-alarm';
import { ServerAccessLogBucket } from '../constructs/detection/secure-bucket';
import { HealthChecks, StatusCanary } from '../constructs/detection/status';
import { TamperAlerts } from '../constructs/detection/tamper-alerts';
import { FindingRouting, SecurityHubBaseline, ThreatDetector } from '../constructs/detection/threat-detection';
import { WAF_METRICS } from '../constructs/edge/waf-metrics';
import { clusterIdentifier, originName } from '../core/naming';
import { guardDutyStackSetRegions } from '../core/regions';
import { EDGE_REGION } from '../defaults/constants';
import { invalidProps } from '../defaults/errors';

const HTTPS_PORT = 443;

/** Dashboard names: CloudWatch dashboards are global to the account, so each carries the stage name. */
export const dashboardNames = (stage: string) => ({ platform: `${stage}-platform`, edge: `${stage}-edge` });

/**
 * Regions where a stack of the stage alerts on tampering itself (DET-7): the primary and backup regions and, on
 * public stages, us-east-1 (the edge-monitoring stack). The other regions forward the same events to the primary
 * region's bus (DET-6's StackSet, `forwardedEventPattern`).
 */
export function tamperAlertRegions(c: Pick<StageConfig, 'exposure' | 'primaryRegion' | 'backupRegion'>): string[] {
  return [...new Set([c.primaryRegion, c.backupRegion, ...(c.exposure === 'public' ? [EDGE_REGION] : [])])];
}

const dashboardLink = (name: string) =>
  `[${name}](https://console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/${name})`;

/** Properties of {@link DetectionStack}. */
export interface DetectionStackProps extends StackProps {
  /** The validated stage (the sections this stack reads). */
  readonly config: Pick<
    StageConfig,
    'name' | 'exposure' | 'domains' | 'guardDuty' | 'edge' | 'detection' | 'primaryRegion' | 'backupRegion' | 'keyGuard'
  >;
  /** The VPC (the internal canary runs in it). */
  readonly vpc: ec2.IVpc;
  /** The team's alert topic in the primary region. */
  readonly alertTopic: sns.ITopic;
  /** The database, for connection and CPU graphs. */
  readonly cluster: rds.IDatabaseCluster;
  /** The load balancer, for error and latency alarms. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The REGIONAL web ACL, for SQL injection alarms. */
  readonly webAcl: wafv2.CfnWebACL;
  /**
   * ARNs of the roles that read the master secret in normal operation (the restore validator): their reads do not
   * alert (DB-2).
   * @default - none: every read alerts
   */
  readonly masterSecretReaderArns?: readonly string[];
}

/** Primary region: GuardDuty, Security Hub, CloudTrail, alert routing, canary and dashboard (DET-1..DET-5). */
export class DetectionStack extends Stack {
  /** The audit trail (DET-4). */
  readonly auditTrail: AuditTrail;
  /** Receives the S3 access logs of the trail and canary buckets. */
  readonly accessLogs: ServerAccessLogBucket;
  /** GuardDuty of the primary region (DET-1). */
  readonly threatDetector: ThreatDetector;
  /** Security Hub with FSBP (DET-3). */
  readonly securityHub: SecurityHubBaseline;
  /** Findings to the team (DET-3). */
  readonly findingRouting: FindingRouting;
  /** GuardDuty in every other configured region (DET-6), absent when no region is left to cover. */
  readonly guardDutyStackSet?: GuardDutyStackSet;
  /** The bucket every region's Config recorder delivers to (DET-6), absent with `configRecorder: existing`. */
  readonly configDelivery?: ConfigDeliveryBucket;
  /** AWS Config recorder of this region, global resources included (DET-6), absent with `configRecorder: existing`. */
  readonly configRecorder?: ConfigRecorder;
  /** Tampering of this region, and forwarded from regions without stacks of the stage, to the team (DET-7). */
  readonly tamperAlerts: TamperAlerts;
  /** SQL injection alarm on the REGIONAL web ACL (DET-2). */
  readonly sqlInjectionAlarm: SqlInjectionAlarm;
  /** Load balancer alarms (DET-5). */
  readonly loadBalancerAlarms: LoadBalancerAlarms;
  /** The status canary, absent when the stage has no domain to check (DET-5). */
  readonly canary?: StatusCanary;
  /** The platform dashboard (DET-5). */
  readonly dashboard: PlatformDashboard;
  /** Any read of the RDS-managed master secret but by the expected roles alerts the team (DB-2). */
  readonly masterSecretReadAlarm?: SecretReadAlarm;

  constructor(scope: Construct, id: string, props: DetectionStackProps) {
    super(scope, id, props);
    const { name, detection } = props.config;
    const topic = props.alertTopic;

    this.accessLogs = new ServerAccessLogBucket(this, 'AccessLogs', { retentionDays: detection.trailRetentionDays });
    // DET-4
    this.auditTrail = new AuditTrail(this, 'AuditTrail', {
      ...detection,
      trailName: `${name}-audit-trail`,
      accessLogBucket: this.accessLogs,
    });
    // DET-1, DET-3
    this.threatDetector = new ThreatDetector(this, 'GuardDuty', { mode: props.config.guardDuty });
    // DET-6: the other regions' Security Hub findings are aggregated here, and routed by this stack's rule.
    this.securityHub = new SecurityHubBaseline(this, 'SecurityHub', {
      mode: detection.securityHub,
      linkedRegions: tamperAlertRegions(props.config),
    });
    this.findingRouting = new FindingRouting(this, 'FindingRouting', { ...detection, topic });
    ({
      guardDutyStackSet: this.guardDutyStackSet,
      configDelivery: this.configDelivery,
      configRecorder: this.configRecorder,
    } = this.createRegionalCoverage(props));
    // DET-7: this region's events and those forwarded here; the regions alerting themselves are left out (once each).
    this.tamperAlerts = new TamperAlerts(this, 'TamperAlerts', {
      topic,
      regionsAlertedElsewhere: tamperAlertRegions(props.config).filter((region) => region !== this.region),
      breakGlassRoleName: props.config.keyGuard.breakGlassRoleName,
    });
    // DET-2
    this.sqlInjectionAlarm = new SqlInjectionAlarm(this, 'SqlInjection', {
      ...detection,
      aclMetricName: WAF_METRICS.regionalAcl,
      webAcl: props.webAcl,
      region: this.region,
      topic,
    });
    // DET-5
    this.loadBalancerAlarms = new LoadBalancerAlarms(this, 'LoadBalancer', {
      ...detection,
      loadBalancer: props.loadBalancer,
      topic,
    });
    this.canary = this.createCanary(props);
    this.dashboard = this.createDashboard(props);
    this.masterSecretReadAlarm = this.createMasterSecretReadAlarm(props);
  }

  /**
   * DET-6: GuardDuty in every configured region no stack of the stage covers (StackSet), and the AWS Config recorder
   * of this region with the bucket every region's recorder delivers to.
   */
  private createRegionalCoverage(
    props: DetectionStackProps,
  ): Pick<DetectionStack, 'guardDutyStackSet' | 'configDelivery' | 'configRecorder'> {
    const c = props.config;
    const regions = guardDutyStackSetRegions({
      configured: c.detection.guardDutyRegions,
      owned: tamperAlertRegions(c),
      existing: c.detection.guardDutyExistingRegions,
    });
    const guardDutyStackSet = regions.length
      ? new GuardDutyStackSet(this, 'GuardDutyRegions', {
          ...c.detection,
          stackSetName: `${c.name}-guardduty`,
          regions,
        })
      : undefined;
    if (c.detection.configRecorder !== 'create') return { guardDutyStackSet };
    const configDelivery = new ConfigDeliveryBucket(this, 'ConfigDelivery', {
      retentionDays: c.detection.trailRetentionDays,
      accessLogBucket: this.accessLogs,
    });
    // Global resource types (IAM) are recorded here, and only here.
    const configRecorder = new ConfigRecorder(this, 'ConfigRecorder', {
      deliveryBucketName: configDelivery.bucket.bucketName,
      deliveryKeyArn: configDelivery.key.key.keyArn,
      recordGlobalResources: true,
    });
    return { guardDutyStackSet, configDelivery, configRecorder };
  }

  /** DB-2: the master password is break-glass only; a read by anyone but the expected roles alerts the team. */
  private createMasterSecretReadAlarm(props: DetectionStackProps): SecretReadAlarm | undefined {
    const cfn = props.cluster.node.defaultChild;
    if (!(cfn instanceof rds.CfnDBCluster) || !cfn.manageMasterUserPassword) return undefined;
    return new SecretReadAlarm(this, 'MasterSecretRead', {
      secretArn: cfn.attrMasterUserSecretSecretArn,
      allowedReaderRoleArns: props.masterSecretReaderArns ?? [],
      topic: props.alertTopic,
      secretDescription: `the master password of ${clusterIdentifier(props.config.name)}`,
    });
  }

  /**
   * DET-5: the status canary. Public stages: every domain as visitors reach it, from outside any
   * VPC, so a broken NAT or VPC route cannot hide or fake an outage. Internal stages: the internal
   * load balancer's name, reachable only from inside the VPC (ORG-2).
   */
  private createCanary(props: DetectionStackProps): StatusCanary | undefined {
    const c = props.config;
    const first = c.domains[0]?.name;
    const isPublic = c.exposure === 'public';
    if (!isPublic && !first) return undefined;
    const paths = [...new Set(['/', c.edge.loginPath, ...c.detection.statusPaths])];
    const hosts = isPublic ? c.domains.map((domain) => domain.name) : [originName(c.edge.originSubdomain, first)];
    const canary = new StatusCanary(this, 'StatusCanary', {
      ...c.detection,
      urls: hosts.flatMap((host) => paths.map((path) => `https://${host}${path}`)),
      accessLogBucket: this.accessLogs,
      topic: props.alertTopic,
      vpc: isPublic ? undefined : props.vpc,
    });
    if (!isPublic) this.admitCanary(canary, props.loadBalancer);
    return canary;
  }

  /**
   * Lets the in-VPC canary reach the internal load balancer on 443. Declared here, not with
   * connections.allowFrom, which would place the rule in the load balancer's stack and make it
   * depend on this one (a cycle).
   */
  private admitCanary(canary: StatusCanary, loadBalancer: elbv2.IApplicationLoadBalancer): void {
    const canarySg = canary.canary.connections.securityGroups[0];
    loadBalancer.connections.securityGroups.forEach((lbSg, i) => {
      new ec2.CfnSecurityGroupIngress(this, `CanaryToLoadBalancer${i}`, {
        groupId: lbSg.securityGroupId,
        sourceSecurityGroupId: canarySg.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: HTTPS_PORT,
        toPort: HTTPS_PORT,
        description: 'Status canary (DET-5)',
      });
    });
  }

  /** DET-5: the platform dashboard, linking to the edge dashboard on public stages. */
  private createDashboard(props: DetectionStackProps): PlatformDashboard {
    const c = props.config;
    const names = dashboardNames(c.name);
    return new PlatformDashboard(this, 'Dashboard', {
      dashboardName: names.platform,
      header:
        `# ${c.name}: platform status\nAlarms go to the alert topic (DET-3).` +
        (c.exposure === 'public'
          ? ` Edge, edge WAF and health checks (${EDGE_REGION}): ${dashboardLink(names.edge)}.`
          : ''),
      loadBalancer: props.loadBalancer,
      regionalWafRegion: this.region,
      cluster: props.cluster,
      backups: true,
      canary: this.canary?.canary,
    });
  }
}

/**
 * What a {@link RegionalDetectionStack} watches:
 * - `backup-region`: GuardDuty where the backup copies live, and routing of that region's findings;
 * - `edge-monitoring` (us-east-1, public stages): the CloudFront web ACL's SQL injection alarm, the Route 53
 *   health checks, the edge dashboard, and routing of that region's findings unless another stack of the stage
 *   already routes them.
 */
export type RegionalDetectionRole = 'backup-region' | 'edge-monitoring';

/** The stage sections a {@link RegionalDetectionStack} reads. */
export type RegionalDetectionConfig = Pick<
  StageConfig,
  | 'name'
  | 'alertEmails'
  | 'guardDuty'
  | 'primaryRegion'
  | 'backupRegion'
  | 'domains'
  | 'detection'
  | 'exposure'
  | 'keyGuard'
>;

interface RegionalDetectionCommonProps extends StackProps {
  /** The validated stage (the sections this stack reads). */
  readonly config: RegionalDetectionConfig;
  /**
   * The bucket (and its key) this region's AWS Config recorder delivers to: the primary region's (DET-6).
   * @default - no recorder here (`configRecorder: existing`)
   */
  readonly configDelivery?: { readonly bucketName: string; readonly keyArn: string };
}

/** Properties of a {@link RegionalDetectionStack} in the backup region. */
export interface BackupRegionDetectionProps extends RegionalDetectionCommonProps {
  /** GuardDuty and finding routing of the backup region. */
  readonly role: 'backup-region';
}

/** Properties of the {@link RegionalDetectionStack} that monitors the edge (us-east-1, public stages). */
export interface EdgeMonitoringDetectionProps extends RegionalDetectionCommonProps {
  /** Alarms, health checks and dashboard of the edge. */
  readonly role: 'edge-monitoring';
  /** The CloudFront distribution. */
  readonly distribution: cloudfront.IDistribution;
  /** The CLOUDFRONT web ACL. */
  readonly webAcl: wafv2.CfnWebACL;
}

/** Properties of {@link RegionalDetectionStack}: one shape per role. */
export type RegionalDetectionStackProps = BackupRegionDetectionProps | EdgeMonitoringDetectionProps;

/** The edge-monitoring props, undefined for `backup-region`. */
function edgeOf(props: RegionalDetectionStackProps): EdgeMonitoringDetectionProps | undefined {
  return props.role === 'edge-monitoring' ? props : undefined;
}

/** Backup region and us-east-1: GuardDuty (where data lives) and alert routing to a local encrypted topic. */
export class RegionalDetectionStack extends Stack {
  /** What this stack watches. */
  readonly role: RegionalDetectionRole;
  /** The team's alert topic of this region (DET-3). */
  readonly alertTopic: AlertTopic;
  /** GuardDuty: a detector here unless another stack of the stage holds this region's (DET-1, DET-6). */
  readonly threatDetector: ThreatDetector;
  /** Findings of this region to the team, absent where another stack of the stage already routes them. */
  readonly findingRouting?: FindingRouting;
  /** Security Hub of this region, aggregated into the primary region (DET-6); absent where another stack has it. */
  readonly securityHub?: SecurityHubBaseline;
  /** AWS Config recorder of this region (DET-6), without global resources; absent where another stack has one. */
  readonly configRecorder?: ConfigRecorder;
  /** Tampering of this region to the team (DET-7), absent where another stack of the stage already alerts on it. */
  readonly tamperAlerts?: TamperAlerts;
  /** Route 53 health checks (edge monitoring, DET-5). */
  readonly healthChecks?: HealthChecks;
  /** SQL injection alarm on the CLOUDFRONT web ACL (edge monitoring, DET-2). */
  readonly sqlInjectionAlarm?: SqlInjectionAlarm;
  /** Edge dashboard (edge monitoring, DET-5). */
  readonly dashboard?: PlatformDashboard;

  constructor(scope: Construct, id: string, props: RegionalDetectionStackProps) {
    super(scope, id, props);
    const c = props.config;
    const edge = edgeOf(props);
    const isEdge = edge !== undefined;
    this.role = props.role;
    if (!isEdge && !Token.isUnresolved(this.region) && this.region !== c.backupRegion) {
      invalidProps(this, `role 'backup-region' must deploy to backupRegion ${c.backupRegion}, not ${this.region}`);
    }

    this.alertTopic = new AlertTopic(this, 'Alerts', { emails: c.alertEmails });
    // One routing per region: an edge stack in the backup or primary region would double every alert.
    const routedElsewhere = isEdge && (this.region === c.backupRegion || this.region === c.primaryRegion);
    // DET-1: a detector where backup copies live; DET-6: and in us-east-1, where the edge stacks live (one detector
    // per region: none where another stack of the stage holds it).
    this.threatDetector = new ThreatDetector(this, 'GuardDuty', { mode: routedElsewhere ? 'existing' : c.guardDuty });
    if (!routedElsewhere) {
      this.findingRouting = new FindingRouting(this, 'FindingRouting', {
        ...c.detection,
        topic: this.alertTopic.topic,
        // DET-6: a created hub's findings are aggregated into the primary region, whose routing sends them.
        securityHubFindings: c.detection.securityHub !== 'create',
      });
      ({ securityHub: this.securityHub, configRecorder: this.configRecorder } = this.createRegionalBaseline(props));
    }
    // DET-7: this region's tampering (us-east-1: IAM and sign-in too), once: not where another stack alerts on it.
    if (!routedElsewhere) {
      this.tamperAlerts = new TamperAlerts(this, 'TamperAlerts', {
        topic: this.alertTopic.topic,
        regionsAlertedElsewhere: tamperAlertRegions(c).filter((region) => region !== this.region),
        breakGlassRoleName: c.keyGuard.breakGlassRoleName,
      });
    }
    if (!edge) return;

    // DET-2: CloudFront web ACL metrics exist in us-east-1 only, so this alarm lives here.
    this.sqlInjectionAlarm = new SqlInjectionAlarm(this, 'SqlInjection', {
      ...c.detection,
      aclMetricName: WAF_METRICS.cloudFrontAcl,
      webAcl: edge.webAcl,
      topic: this.alertTopic.topic,
    });
    // DET-5: every public hostname (HealthChecks adds the www alias of each apex) times every status path.
    this.healthChecks = new HealthChecks(this, 'HealthChecks', {
      ...c.detection,
      targets: c.domains.flatMap((domain) => c.detection.statusPaths.map((path) => ({ host: domain.name, path }))),
      topic: this.alertTopic.topic,
    });
    this.dashboard = this.createEdgeDashboard(c, edge);
  }

  /**
   * DET-6: Security Hub and the AWS Config recorder of this region (its controls evaluate through it), delivering to
   * the primary region's bucket; global resource types are recorded in the primary region only.
   */
  private createRegionalBaseline(
    props: RegionalDetectionStackProps,
  ): Pick<RegionalDetectionStack, 'securityHub' | 'configRecorder'> {
    const securityHub = new SecurityHubBaseline(this, 'SecurityHub', { mode: props.config.detection.securityHub });
    const delivery = props.configDelivery;
    if (!delivery) return { securityHub };
    const configRecorder = new ConfigRecorder(this, 'ConfigRecorder', {
      deliveryBucketName: delivery.bucketName,
      deliveryKeyArn: delivery.keyArn,
      recordGlobalResources: false,
    });
    return { securityHub, configRecorder };
  }

  /** DET-5: the edge dashboard, linking back to the platform dashboard. */
  private createEdgeDashboard(c: RegionalDetectionConfig, edge: EdgeMonitoringDetectionProps): PlatformDashboard {
    const names = dashboardNames(c.name);
    return new PlatformDashboard(this, 'Dashboard', {
      dashboardName: names.edge,
      header:
        `# ${c.name}: edge status\nCloudFront, its WAF and the Route 53 health checks. Load balancer, database, ` +
        `backups and canary: ${dashboardLink(names.platform)}.`,
      distribution: edge.distribution,
      cloudFrontWaf: true,
      healthChecks: this.healthChecks,
    });
  }
}
