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
import { PlatformDashboard } from '../constructs/detection/dashboard';
import { SecretReadAlarm } from '../constructs/detection/secret-read-alarm';
import { ServerAccessLogBucket } from '../constructs/detection/secure-bucket';
import { HealthChecks, StatusCanary } from '../constructs/detection/status';
import { FindingRouting, SecurityHubBaseline, ThreatDetector } from '../constructs/detection/threat-detection';
import { WAF_METRICS } from '../constructs/edge/waf-metrics';
import { clusterIdentifier, originName } from '../core/naming';
import { EDGE_REGION } from '../defaults/constants';
import { invalidProps } from '../defaults/errors';

const HTTPS_PORT = 443;

/** Dashboard names: CloudWatch dashboards are global to the account, so each carries the stage name. */
export const dashboardNames = (stage: string) => ({ platform: `${stage}-platform`, edge: `${stage}-edge` });

const dashboardLink = (name: string) =>
  `[${name}](https://console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/${name})`;

/** Properties of {@link DetectionStack}. */
export interface DetectionStackProps extends StackProps {
  /** The validated stage (the sections this stack reads). */
  readonly config: Pick<StageConfig, 'name' | 'exposure' | 'domains' | 'guardDuty' | 'edge' | 'detection'>;
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
    this.securityHub = new SecurityHubBaseline(this, 'SecurityHub', { mode: detection.securityHub });
    this.findingRouting = new FindingRouting(this, 'FindingRouting', { ...detection, topic });
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
  'name' | 'alertEmails' | 'guardDuty' | 'primaryRegion' | 'backupRegion' | 'domains' | 'detection'
>;

interface RegionalDetectionCommonProps extends StackProps {
  /** The validated stage (the sections this stack reads). */
  readonly config: RegionalDetectionConfig;
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
  /** GuardDuty (a detector in the backup region only, DET-1). */
  readonly threatDetector: ThreatDetector;
  /** Findings of this region to the team, absent where another stack of the stage already routes them. */
  readonly findingRouting?: FindingRouting;
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
    // DET-1: a detector where backup copies live; in us-east-1 an existing detector's findings are still routed.
    this.threatDetector = new ThreatDetector(this, 'GuardDuty', { mode: isEdge ? 'existing' : c.guardDuty });
    // One routing per region: an edge stack in the backup or primary region would double every alert.
    const routedElsewhere = isEdge && (this.region === c.backupRegion || this.region === c.primaryRegion);
    if (!routedElsewhere) {
      this.findingRouting = new FindingRouting(this, 'FindingRouting', {
        ...c.detection,
        topic: this.alertTopic.topic,
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
