import { type IResolvable, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { AlertTopic } from '../constructs/alert-topic';
import { LoadBalancerAlarms, SqlInjectionAlarm } from '../constructs/detection/alarms';
import { AuditTrail } from '../constructs/detection/audit-trail';
import { PlatformDashboard } from '../constructs/detection/dashboard';
import { AccessLogBucket } from '../constructs/detection/secure-bucket';
import { HealthChecks, StatusCanary } from '../constructs/detection/status';
import { FindingRouting, SecurityHubBaseline, ThreatDetector } from '../constructs/detection/threat-detection';
import { WAF_METRICS } from '../constructs/edge/waf-metrics';

const HTTPS_PORT = 443;

/** Dashboard names: CloudWatch dashboards are global to the account, so each carries the stage name. */
export const dashboardNames = (stage: string) => ({ platform: `${stage}-platform`, edge: `${stage}-edge` });

const dashboardLink = (name: string) =>
  `[${name}](https://console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/${name})`;

/**
 * Refuses a web ACL whose metric name differs from the one the alarms read: the
 * alarm would watch a metric that never receives data and never fire (DET-2).
 */
function checkAclMetricName(webAcl: wafv2.CfnWebACL | undefined, expected: string): void {
  const visibility = webAcl?.visibilityConfig as wafv2.CfnWebACL.VisibilityConfigProperty | IResolvable | undefined;
  if (!visibility || Token.isUnresolved(visibility)) return;
  const name = (visibility as wafv2.CfnWebACL.VisibilityConfigProperty).metricName;
  if (!Token.isUnresolved(name) && name !== expected) {
    throw new Error(
      `web ACL metric name "${name}" differs from WAF_METRICS ("${expected}"): the SQL injection alarm would never see data`,
    );
  }
}

/** Properties of {@link DetectionStack}. */
export interface DetectionStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /** The VPC (flow logs are part of the audit trail). */
  readonly vpc: ec2.IVpc;
  /** The team's alert topic in the primary region. */
  readonly alertTopic: sns.ITopic;
  /** The database, for connection and CPU alarms. */
  readonly cluster: rds.IDatabaseCluster;
  /** The load balancer, for error and latency alarms. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The REGIONAL web ACL, for SQL injection alarms. */
  readonly webAcl: wafv2.CfnWebACL;
}

/** Primary region: GuardDuty, Security Hub, CloudTrail, alert routing, canary and dashboard (DET-1..DET-5). */
export class DetectionStack extends Stack {
  /** The audit trail (DET-4). */
  readonly auditTrail: AuditTrail;
  /** Receives the S3 access logs of the trail and canary buckets. */
  readonly accessLogs: AccessLogBucket;
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

  constructor(scope: Construct, id: string, props: DetectionStackProps) {
    super(scope, id, props);
    const c = props.config;
    const d = c.detection;
    const topic = props.alertTopic;

    this.accessLogs = new AccessLogBucket(this, 'AccessLogs', { retentionDays: d.trailRetentionDays });
    // DET-4
    this.auditTrail = new AuditTrail(this, 'AuditTrail', {
      trailName: `${c.name}-audit-trail`,
      retentionDays: d.trailRetentionDays,
      logGroupRetentionDays: d.trailLogGroupRetentionDays,
      accessLogBucket: this.accessLogs,
    });
    // DET-1, DET-3
    this.threatDetector = new ThreatDetector(this, 'GuardDuty', { mode: c.guardDuty });
    this.securityHub = new SecurityHubBaseline(this, 'SecurityHub', { mode: d.securityHub });
    this.findingRouting = new FindingRouting(this, 'FindingRouting', {
      topic,
      guardDutyMinSeverity: d.guardDutyMinSeverity,
    });

    // DET-2
    checkAclMetricName(props.webAcl, WAF_METRICS.regionalAcl);
    this.sqlInjectionAlarm = new SqlInjectionAlarm(this, 'SqlInjection', {
      aclMetricName: WAF_METRICS.regionalAcl,
      region: this.region,
      topic,
      threshold: d.sqlInjectionAlarmThreshold,
    });
    // DET-5
    this.loadBalancerAlarms = new LoadBalancerAlarms(this, 'LoadBalancer', {
      loadBalancer: props.loadBalancer,
      topic,
      fiveXxThreshold: d.loadBalancer5xxThreshold,
    });

    const first = c.domains[0]?.name;
    const paths = [...new Set(['/', c.edge.loginPath, ...d.statusPaths])];
    if (c.exposure === 'public' || first) {
      // Public stages: every domain as visitors reach it, from outside any VPC, so a
      // broken NAT or VPC route cannot hide or fake an outage. Internal stages: the
      // internal load balancer's name, reachable only from inside the VPC (ORG-2).
      const isPublic = c.exposure === 'public';
      const hosts = isPublic ? c.domains.map((domain) => domain.name) : [`${c.edge.originSubdomain}.${first}`];
      this.canary = new StatusCanary(this, 'StatusCanary', {
        urls: hosts.flatMap((host) => paths.map((path) => `https://${host}${path}`)),
        intervalMinutes: d.canaryIntervalMinutes,
        successPercentThreshold: d.canarySuccessPercent,
        artifactRetentionDays: d.canaryArtifactRetentionDays,
        accessLogBucket: this.accessLogs,
        topic,
        vpc: isPublic ? undefined : props.vpc,
      });
      if (!isPublic) {
        // Declared here, not with connections.allowFrom, which would place the rule in
        // the load balancer's stack and make it depend on this one (a cycle).
        const canarySg = this.canary.canary.connections.securityGroups[0];
        props.loadBalancer.connections.securityGroups.forEach((lbSg, i) => {
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
    }

    const names = dashboardNames(c.name);
    this.dashboard = new PlatformDashboard(this, 'Dashboard', {
      dashboardName: names.platform,
      header:
        `# ${c.name}: platform status\nAlarms go to the alert topic (DET-3).` +
        (c.exposure === 'public' ? ` Edge, edge WAF and health checks (us-east-1): ${dashboardLink(names.edge)}.` : ''),
      loadBalancer: props.loadBalancer,
      regionalWafRegion: this.region,
      cluster: props.cluster,
      backups: true,
      canary: this.canary?.canary,
    });
  }
}

/** Properties of {@link RegionalDetectionStack}. */
export interface RegionalDetectionStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /**
   * The CloudFront distribution (us-east-1 stack of a public stage only).
   * @default - none
   */
  readonly distribution?: cloudfront.IDistribution;
  /**
   * The CLOUDFRONT web ACL (us-east-1 stack of a public stage only).
   * @default - none
   */
  readonly webAcl?: wafv2.CfnWebACL;
}

/** Backup region and us-east-1: GuardDuty (where data lives) and alert routing to a local encrypted topic. */
export class RegionalDetectionStack extends Stack {
  /** The team's alert topic of this region (DET-3). */
  readonly alertTopic: AlertTopic;
  /** GuardDuty (a detector in the backup region only, DET-1). */
  readonly threatDetector: ThreatDetector;
  /** Findings of this region to the team, absent where another stack of the stage already routes them. */
  readonly findingRouting?: FindingRouting;
  /** Route 53 health checks (us-east-1 stack of a public stage, DET-5). */
  readonly healthChecks?: HealthChecks;
  /** SQL injection alarm on the CLOUDFRONT web ACL (DET-2). */
  readonly sqlInjectionAlarm?: SqlInjectionAlarm;
  /** Edge dashboard (us-east-1 stack of a public stage, DET-5). */
  readonly dashboard?: PlatformDashboard;

  constructor(scope: Construct, id: string, props: RegionalDetectionStackProps) {
    super(scope, id, props);
    const c = props.config;
    const d = c.detection;
    const isBackupRegion = this.region === c.backupRegion;
    const isEdge = props.distribution !== undefined || props.webAcl !== undefined;

    this.alertTopic = new AlertTopic(this, 'Alerts', { emails: c.alertEmails });
    const topic = this.alertTopic.topic;
    // DET-1: a detector where backup copies live; in us-east-1 an existing detector's findings are still routed.
    this.threatDetector = new ThreatDetector(this, 'GuardDuty', {
      mode: isBackupRegion && !isEdge ? c.guardDuty : 'existing',
    });
    // One routing per region: an edge stack in the backup or primary region would double every alert.
    const routedElsewhere = isEdge && (this.region === c.backupRegion || this.region === c.primaryRegion);
    if (!routedElsewhere) {
      this.findingRouting = new FindingRouting(this, 'FindingRouting', {
        topic,
        guardDutyMinSeverity: d.guardDutyMinSeverity,
      });
    }
    if (!isEdge) return;

    if (props.webAcl) {
      checkAclMetricName(props.webAcl, WAF_METRICS.cloudFrontAcl);
      // DET-2: CloudFront web ACL metrics exist in us-east-1 only, so this alarm lives here.
      this.sqlInjectionAlarm = new SqlInjectionAlarm(this, 'SqlInjection', {
        aclMetricName: WAF_METRICS.cloudFrontAcl,
        topic,
        threshold: d.sqlInjectionAlarmThreshold,
      });
    }
    // DET-5: every public hostname (HealthChecks adds the www alias of each apex) times every status path.
    this.healthChecks = new HealthChecks(this, 'HealthChecks', {
      targets: c.domains.flatMap((domain) => d.statusPaths.map((path) => ({ host: domain.name, path }))),
      searchString: d.statusSearchString,
      topic,
    });
    const names = dashboardNames(c.name);
    this.dashboard = new PlatformDashboard(this, 'Dashboard', {
      dashboardName: names.edge,
      header: `# ${c.name}: edge status\nCloudFront, its WAF and the Route 53 health checks. Load balancer, database, backups and canary: ${dashboardLink(names.platform)}.`,
      distribution: props.distribution,
      cloudFrontWaf: props.webAcl !== undefined,
      healthChecks: this.healthChecks,
    });
  }
}
