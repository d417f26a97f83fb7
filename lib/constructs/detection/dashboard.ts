import { Duration } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { EDGE_REGION } from '../../defaults/constants';
import { WAF_METRICS } from '../edge/waf-metrics';
import { loadBalancer5xx, sqlInjectionMatches, unhealthyHosts } from './alarms';
import type { HealthChecks } from './status';

/** Period of dashboard graphs. */
const GRAPH_PERIOD = Duration.minutes(5);
/** Period of the backup job counts: jobs run a few times a day. */
const BACKUP_PERIOD = Duration.hours(1);
/** AWS Backup job counts the dashboard graphs. */
const BACKUP_JOB_METRICS = [
  'NumberOfBackupJobsCompleted',
  'NumberOfBackupJobsFailed',
  'NumberOfCopyJobsFailed',
  'NumberOfRestoreJobsFailed',
] as const;
const WIDTH = 12;
const HEIGHT = 6;

/** Properties of {@link PlatformDashboard}. */
export interface PlatformDashboardProps {
  /** Dashboard name (CloudWatch dashboards are global to the account; named so the other dashboard can link here). */
  readonly dashboardName: string;
  /**
   * Load balancer: errors, latency, unhealthy targets.
   * @default - no load balancer widgets
   */
  readonly loadBalancer?: elbv2.IApplicationLoadBalancer;
  /**
   * REGIONAL web ACL's region: blocks by rule and SQL injection matches.
   * @default - no regional WAF widgets
   */
  readonly regionalWafRegion?: string;
  /**
   * Database: connections and CPU.
   * @default - no database widgets
   */
  readonly cluster?: rds.IDatabaseCluster;
  /**
   * Show AWS Backup job results of this region.
   * @default false
   */
  readonly backups?: boolean;
  /**
   * Status canary: success and duration.
   * @default - no canary widgets
   */
  readonly canary?: synthetics.Canary;
  /**
   * CloudFront distribution: requests, error rates, origin latency (us-east-1 metrics).
   * @default - no CloudFront widgets
   */
  readonly distribution?: cloudfront.IDistribution;
  /**
   * Show the CLOUDFRONT web ACL's blocks by rule (us-east-1 metrics).
   * @default false
   */
  readonly cloudFrontWaf?: boolean;
  /**
   * Route 53 health checks: status of each.
   * @default - no health check widgets
   */
  readonly healthChecks?: HealthChecks;
  /**
   * Markdown shown on top (links to the companion dashboard, runbook pointers).
   * @default - none
   */
  readonly header?: string;
}

/** Blocked requests of every rule of one web ACL, one line per rule (a SEARCH expression). */
function wafBlocksByRule(aclMetricName: string, region?: string): cloudwatch.MathExpression {
  const schema = region ? '{AWS/WAFV2,Region,Rule,WebACL}' : '{AWS/WAFV2,Rule,WebACL}';
  const regionFilter = region ? ` Region="${region}"` : '';
  return new cloudwatch.MathExpression({
    expression:
      `SEARCH('${schema} MetricName="BlockedRequests" WebACL="${aclMetricName}"${regionFilter}', 'Sum', ` +
      `${GRAPH_PERIOD.toSeconds()})`,
    label: '',
    period: GRAPH_PERIOD,
    // CloudFront WAF metrics exist in the edge region only.
    searchRegion: region ? undefined : EDGE_REGION,
  });
}

/** A graph of the dashboard's standard size. */
function graph(title: string, left: cloudwatch.IMetric[], right?: cloudwatch.IMetric[]): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, right, width: WIDTH, height: HEIGHT });
}

/** CloudFront error rates, requests and origin latency (published in the edge region, `Region: Global`). */
function edgeWidgets(distribution: cloudfront.IDistribution): cloudwatch.IWidget[] {
  const cf = (metricName: string, statistic: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/CloudFront',
      metricName,
      dimensionsMap: { DistributionId: distribution.distributionId, Region: 'Global' },
      statistic,
      period: GRAPH_PERIOD,
      region: EDGE_REGION,
    });
  return [
    graph(
      'Edge: error rates (%)',
      [cf('5xxErrorRate', cloudwatch.Stats.AVERAGE), cf('4xxErrorRate', cloudwatch.Stats.AVERAGE)],
      [cf('Requests', cloudwatch.Stats.SUM)],
    ),
    graph('Edge: origin latency (ms, p90)', [cf('OriginLatency', cloudwatch.Stats.p(90))]),
  ];
}

/** Blocks by rule and SQL injection matches of the CLOUDFRONT web ACL. */
function cloudFrontWafWidgets(): cloudwatch.IWidget[] {
  return [
    graph('Edge WAF: blocked requests by rule', [wafBlocksByRule(WAF_METRICS.cloudFrontAcl)]),
    graph('Edge WAF: SQL injection matches', [sqlInjectionMatches({ aclMetricName: WAF_METRICS.cloudFrontAcl })]),
  ];
}

/** One line per Route 53 health check (Route 53 publishes in the edge region only). */
function healthCheckWidgets(healthChecks: HealthChecks): cloudwatch.IWidget[] {
  const statuses = healthChecks.checks.map(
    ({ target, healthCheck }) =>
      new cloudwatch.Metric({
        namespace: 'AWS/Route53',
        metricName: 'HealthCheckStatus',
        dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
        statistic: cloudwatch.Stats.MINIMUM,
        period: Duration.minutes(1),
        region: EDGE_REGION,
        label: `${target.host}${target.path}`,
      }),
  );
  return statuses.length ? [graph('Health checks (1 = healthy)', statuses)] : [];
}

/** The load balancer's alarm metrics, requests and target latency. */
function loadBalancerWidgets(lb: elbv2.IApplicationLoadBalancer): cloudwatch.IWidget[] {
  return [
    graph('Load balancer: 5xx and unhealthy targets', [loadBalancer5xx(lb)], [unhealthyHosts(lb)]),
    graph(
      'Load balancer: requests and target latency (p90)',
      [lb.metrics.requestCount()],
      [lb.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(90) })],
    ),
  ];
}

/** Blocks by rule and SQL injection matches of the REGIONAL web ACL. */
function regionalWafWidgets(region: string): cloudwatch.IWidget[] {
  return [
    graph('Regional WAF: blocked requests by rule', [wafBlocksByRule(WAF_METRICS.regionalAcl, region)]),
    graph('Regional WAF: SQL injection matches', [
      sqlInjectionMatches({ aclMetricName: WAF_METRICS.regionalAcl, region }),
    ]),
  ];
}

/** Database connections and CPU. */
function databaseWidgets(db: rds.IDatabaseCluster): cloudwatch.IWidget[] {
  return [
    graph('Database: connections', [db.metricDatabaseConnections({ period: GRAPH_PERIOD })]),
    graph('Database: CPU (%)', [db.metricCPUUtilization({ period: GRAPH_PERIOD })]),
  ];
}

/** AWS Backup jobs of this region, completed and failed. */
function backupWidgets(): cloudwatch.IWidget[] {
  const names = BACKUP_JOB_METRICS.map((name) => `"${name}"`).join(' OR ');
  const jobs = new cloudwatch.MathExpression({
    expression: `SEARCH('{AWS/Backup} MetricName=(${names})', 'Sum', ${BACKUP_PERIOD.toSeconds()})`,
    label: '',
    period: BACKUP_PERIOD,
  });
  return [graph('Backups: jobs completed and failed', [jobs])];
}

/** The status canary's success rate and duration. */
function canaryWidgets(canary: synthetics.Canary): cloudwatch.IWidget[] {
  return [graph('Status canary: success (%) and duration', [canary.metricSuccessPercent()], [canary.metricDuration()])];
}

/**
 * DET-5: a CloudWatch dashboard of the platform, written with plain aws-cloudwatch
 * widgets: each graph names exactly the metric and dimension the alarms use, and
 * the edge-region metrics (CloudFront, its WAF, Route 53) are placed by region.
 */
export class PlatformDashboard extends Construct {
  /** The dashboard. */
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PlatformDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(24),
    });
    const widgets = [
      ...(props.header ? [new cloudwatch.TextWidget({ markdown: props.header, width: 2 * WIDTH, height: 2 })] : []),
      ...(props.distribution ? edgeWidgets(props.distribution) : []),
      ...(props.cloudFrontWaf ? cloudFrontWafWidgets() : []),
      ...(props.healthChecks ? healthCheckWidgets(props.healthChecks) : []),
      ...(props.loadBalancer ? loadBalancerWidgets(props.loadBalancer) : []),
      ...(props.regionalWafRegion ? regionalWafWidgets(props.regionalWafRegion) : []),
      ...(props.cluster ? databaseWidgets(props.cluster) : []),
      ...(props.backups ? backupWidgets() : []),
      ...(props.canary ? canaryWidgets(props.canary) : []),
    ];
    // Two widgets a row: each graph is half the dashboard's width.
    for (let i = 0; i < widgets.length; i += 2) this.dashboard.addWidgets(...widgets.slice(i, i + 2));
  }
}
