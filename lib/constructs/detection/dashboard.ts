import { Duration } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { WAF_METRICS } from '../edge/waf-metrics';
import { loadBalancer5xx, sqlInjectionMatches, unhealthyHosts } from './alarms';
import type { HealthChecks } from './status';

/** Region of CloudFront, CloudFront WAF and Route 53 health check metrics. */
const GLOBAL_METRICS_REGION = 'us-east-1';
/** Period of dashboard graphs. */
const GRAPH_PERIOD = Duration.minutes(5);
/** Period of the backup job counts: jobs run a few times a day. */
const BACKUP_PERIOD = Duration.hours(1);
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
    expression: `SEARCH('${schema} MetricName="BlockedRequests" WebACL="${aclMetricName}"${regionFilter}', 'Sum', ${GRAPH_PERIOD.toSeconds()})`,
    label: '',
    period: GRAPH_PERIOD,
    searchRegion: region ? undefined : GLOBAL_METRICS_REGION,
  });
}

/**
 * DET-5: a CloudWatch dashboard of the platform, written with plain aws-cloudwatch
 * widgets: each graph names exactly the metric and dimension the alarms use, and
 * the us-east-1 metrics (CloudFront, its WAF, Route 53) are placed by region.
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
    const graph = (title: string, left: cloudwatch.IMetric[], right?: cloudwatch.IMetric[]) =>
      new cloudwatch.GraphWidget({ title, left, right, width: WIDTH, height: HEIGHT });
    const widgets: cloudwatch.IWidget[] = [];
    if (props.header) widgets.push(new cloudwatch.TextWidget({ markdown: props.header, width: 2 * WIDTH, height: 2 }));

    const d = props.distribution;
    if (d) {
      const cf = (metricName: string, statistic: string) =>
        new cloudwatch.Metric({
          namespace: 'AWS/CloudFront',
          metricName,
          dimensionsMap: { DistributionId: d.distributionId, Region: 'Global' },
          statistic,
          period: GRAPH_PERIOD,
          region: GLOBAL_METRICS_REGION,
        });
      widgets.push(
        graph(
          'Edge: error rates (%)',
          [cf('5xxErrorRate', cloudwatch.Stats.AVERAGE), cf('4xxErrorRate', cloudwatch.Stats.AVERAGE)],
          [cf('Requests', cloudwatch.Stats.SUM)],
        ),
        graph('Edge: origin latency (ms, p90)', [cf('OriginLatency', cloudwatch.Stats.p(90))]),
      );
    }
    if (props.cloudFrontWaf) {
      widgets.push(
        graph('Edge WAF: blocked requests by rule', [wafBlocksByRule(WAF_METRICS.cloudFrontAcl)]),
        graph('Edge WAF: SQL injection matches', [sqlInjectionMatches({ aclMetricName: WAF_METRICS.cloudFrontAcl })]),
      );
    }
    if (props.healthChecks) {
      const statuses = props.healthChecks.checks.map(
        ({ target, healthCheck }) =>
          new cloudwatch.Metric({
            namespace: 'AWS/Route53',
            metricName: 'HealthCheckStatus',
            dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
            statistic: cloudwatch.Stats.MINIMUM,
            period: Duration.minutes(1),
            region: GLOBAL_METRICS_REGION,
            label: `${target.host}${target.path}`,
          }),
      );
      if (statuses.length) widgets.push(graph('Health checks (1 = healthy)', statuses));
    }
    const lb = props.loadBalancer;
    if (lb) {
      widgets.push(
        graph('Load balancer: 5xx and unhealthy targets', [loadBalancer5xx(lb)], [unhealthyHosts(lb)]),
        graph(
          'Load balancer: requests and target latency (p90)',
          [lb.metrics.requestCount()],
          [lb.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(90) })],
        ),
      );
    }
    if (props.regionalWafRegion) {
      widgets.push(
        graph('Regional WAF: blocked requests by rule', [
          wafBlocksByRule(WAF_METRICS.regionalAcl, props.regionalWafRegion),
        ]),
        graph('Regional WAF: SQL injection matches', [
          sqlInjectionMatches({ aclMetricName: WAF_METRICS.regionalAcl, region: props.regionalWafRegion }),
        ]),
      );
    }
    const db = props.cluster;
    if (db) {
      widgets.push(
        graph('Database: connections', [db.metricDatabaseConnections({ period: GRAPH_PERIOD })]),
        graph('Database: CPU (%)', [db.metricCPUUtilization({ period: GRAPH_PERIOD })]),
      );
    }
    if (props.backups) {
      const jobs = new cloudwatch.MathExpression({
        expression: `SEARCH('{AWS/Backup} MetricName=("NumberOfBackupJobsCompleted" OR "NumberOfBackupJobsFailed" OR "NumberOfCopyJobsFailed" OR "NumberOfRestoreJobsFailed")', 'Sum', ${BACKUP_PERIOD.toSeconds()})`,
        label: '',
        period: BACKUP_PERIOD,
      });
      widgets.push(graph('Backups: jobs completed and failed', [jobs]));
    }
    if (props.canary) {
      widgets.push(
        graph(
          'Status canary: success (%) and duration',
          [props.canary.metricSuccessPercent()],
          [props.canary.metricDuration()],
        ),
      );
    }
    for (let i = 0; i < widgets.length; i += 2) this.dashboard.addWidgets(...widgets.slice(i, i + 2));
  }
}
