import { Duration, type IResolvable, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { EDGE_REGION } from '../../defaults/constants';
import { DEFAULT_LOAD_BALANCER_5XX_THRESHOLD, DEFAULT_SQL_INJECTION_ALARM_THRESHOLD } from '../../defaults/detection';
import { invalidProps } from '../../defaults/errors';
import { WAF_METRICS } from '../edge/waf-metrics';

/** Period of the security and availability alarms: short, so "immediately" holds (DET-3). */
export const ALARM_PERIOD = Duration.minutes(5);

/**
 * Sends an alarm (and its return to OK) to the region's alert topic (DET-3). The
 * topic's key must admit `cloudwatch.amazonaws.com`: {@link AlertTopic} does so,
 * `SnsAction` does not (PROOF-4).
 */
export function notify(alarm: cloudwatch.Alarm, topic: sns.ITopic): cloudwatch.Alarm {
  const action = new actions.SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}

/** Which web ACL a SQL injection metric reads. */
export interface WafAclRef {
  /** VisibilityConfig.MetricName of the web ACL ({@link WAF_METRICS}). */
  readonly aclMetricName: string;
  /**
   * Region dimension of a REGIONAL web ACL. CloudFront web ACL metrics are
   * published in us-east-1 with no Region dimension (AWS WAF developer guide,
   * "metrics and dimensions": Region is required for every resource type except
   * CloudFront distributions).
   * @default - none: a CLOUDFRONT web ACL
   */
  readonly region?: string;
}

/**
 * Requests the SQL injection rule group matched, blocked or counted (a rule group
 * switched to count mode during tuning still raises the alarm), in one series.
 */
export function sqlInjectionMatches(ref: WafAclRef): cloudwatch.MathExpression {
  const dimensionsMap: Record<string, string> = { WebACL: ref.aclMetricName, Rule: WAF_METRICS.sqliRule };
  if (ref.region) dimensionsMap.Region = ref.region;
  // The metrics carry their region, so a dashboard elsewhere reads them where WAF publishes them
  // (CloudFront web ACLs publish in the edge region only).
  const region = ref.region ?? EDGE_REGION;
  const metric = (metricName: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      dimensionsMap,
      statistic: cloudwatch.Stats.SUM,
      period: ALARM_PERIOD,
      region,
    });
  return new cloudwatch.MathExpression({
    expression: 'FILL(blocked, 0) + FILL(counted, 0)',
    usingMetrics: { blocked: metric('BlockedRequests'), counted: metric('CountedRequests') },
    label: `SQL injection requests matched (${ref.aclMetricName})`,
    period: ALARM_PERIOD,
  });
}

/** Properties of {@link SqlInjectionAlarm}. */
export interface SqlInjectionAlarmProps extends WafAclRef {
  /** The region's alert topic. */
  readonly topic: sns.ITopic;
  /**
   * Matched requests in {@link ALARM_PERIOD} that raise the alarm.
   * @default DEFAULT_SQL_INJECTION_ALARM_THRESHOLD (1: every attempt)
   */
  readonly sqlInjectionAlarmThreshold?: number;
  /**
   * The web ACL itself, to refuse one whose metric name differs from `aclMetricName`: the
   * alarm would watch a metric that never receives data and never fire.
   * @default - the metric name is not checked
   */
  readonly webAcl?: wafv2.CfnWebACL;
}

/** The metric name a web ACL publishes under, when it is known at synth time. */
function aclMetricNameOf(webAcl: wafv2.CfnWebACL): string | undefined {
  const visibility = webAcl.visibilityConfig as wafv2.CfnWebACL.VisibilityConfigProperty | IResolvable;
  if (Token.isUnresolved(visibility)) return undefined;
  const name = (visibility as wafv2.CfnWebACL.VisibilityConfigProperty).metricName;
  return Token.isUnresolved(name) ? undefined : name;
}

/** DET-2: an alarm on the SQL injection managed rule group's matches in one web ACL. */
export class SqlInjectionAlarm extends Construct {
  /** The alarm. */
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SqlInjectionAlarmProps) {
    super(scope, id);
    const published = props.webAcl && aclMetricNameOf(props.webAcl);
    if (published !== undefined && published !== props.aclMetricName) {
      invalidProps(
        this,
        `web ACL metric name "${published}" differs from WAF_METRICS ("${props.aclMetricName}"): the SQL ` +
          'injection alarm would never see data; name both from WAF_METRICS',
      );
    }
    this.alarm = notify(
      new cloudwatch.Alarm(this, 'Alarm', {
        alarmDescription:
          `DET-2: WAF web ACL ${props.aclMetricName} matched SQL injection attempts. Review the WAF logs ` +
          '(sampled requests) for the source IPs and targeted paths.',
        metric: sqlInjectionMatches(props),
        threshold: props.sqlInjectionAlarmThreshold ?? DEFAULT_SQL_INJECTION_ALARM_THRESHOLD,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      props.topic,
    );
  }
}

/** Properties of {@link LoadBalancerAlarms}. */
export interface LoadBalancerAlarmsProps {
  /** The application load balancer. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The region's alert topic. */
  readonly topic: sns.ITopic;
  /**
   * 5xx responses (load balancer and targets together) in {@link ALARM_PERIOD} that raise the alarm.
   * @default DEFAULT_LOAD_BALANCER_5XX_THRESHOLD (10)
   */
  readonly loadBalancer5xxThreshold?: number;
}

/** The `LoadBalancer` dimension value (`app/<name>/<id>`) of a load balancer's metrics. */
export function loadBalancerDimension(loadBalancer: elbv2.IApplicationLoadBalancer): string {
  return loadBalancer.metrics.custom('RequestCount').dimensions?.LoadBalancer as string;
}

/** Unhealthy targets of every target group behind the load balancer (CloudWatch Metrics Insights). */
export function unhealthyHosts(loadBalancer: elbv2.IApplicationLoadBalancer): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    // UnHealthyHostCount exists only per target group; the query covers every group of this load balancer.
    expression:
      'SELECT MAX(UnHealthyHostCount) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup) WHERE ' +
      `LoadBalancer = '${loadBalancerDimension(loadBalancer)}'`,
    label: 'Unhealthy targets',
    period: Duration.minutes(1),
  });
}

/** 5xx responses of the load balancer itself and of its targets, in one series. */
export function loadBalancer5xx(loadBalancer: elbv2.IApplicationLoadBalancer): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: 'FILL(elb, 0) + FILL(target, 0)',
    usingMetrics: {
      elb: loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: ALARM_PERIOD }),
      target: loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: ALARM_PERIOD }),
    },
    label: '5xx responses (load balancer + targets)',
    period: ALARM_PERIOD,
  });
}

/** DET-5: alarms on server errors and unhealthy targets of the load balancer. */
export class LoadBalancerAlarms extends Construct {
  /** 5xx responses over the threshold. */
  readonly serverErrors: cloudwatch.Alarm;
  /** Any target unhealthy for three minutes. */
  readonly unhealthyTargets: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id);
    this.serverErrors = notify(
      new cloudwatch.Alarm(this, 'ServerErrors', {
        alarmDescription:
          'DET-5: the load balancer or the app returned many 5xx responses. Check the app tasks and the database.',
        metric: loadBalancer5xx(props.loadBalancer),
        threshold: props.loadBalancer5xxThreshold ?? DEFAULT_LOAD_BALANCER_5XX_THRESHOLD,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      props.topic,
    );
    this.unhealthyTargets = notify(
      new cloudwatch.Alarm(this, 'UnhealthyTargets', {
        alarmDescription: 'DET-5: targets behind the load balancer fail their health checks.',
        metric: unhealthyHosts(props.loadBalancer),
        threshold: 1,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      props.topic,
    );
  }
}
