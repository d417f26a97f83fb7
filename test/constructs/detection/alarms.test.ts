import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { SqlInjectionAlarm } from '../../../lib/constructs/detection/alarms';
import { WAF_METRICS } from '../../../lib/constructs/edge/waf-metrics';
import { testStack } from '../../helpers';

/** GIVEN a fresh stack with a REGIONAL web ACL publishing under `metricName` WHEN a SqlInjectionAlarm watches it. */
function alarmOn(metricName: string, threshold?: number) {
  const stack = testStack();
  const webAcl = new wafv2.CfnWebACL(stack, 'WebAcl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true },
  });
  new SqlInjectionAlarm(stack, 'SqlInjection', {
    aclMetricName: WAF_METRICS.regionalAcl,
    webAcl,
    region: stack.region,
    topic: new sns.Topic(stack, 'Topic'),
    sqlInjectionAlarmThreshold: threshold,
  });
  return Template.fromStack(stack);
}

describe('DET-2 SqlInjectionAlarm', () => {
  test('a web ACL whose metric name differs from WAF_METRICS is refused at synth', () => {
    expect(() => alarmOn('Renamed')).toThrow(/differs from WAF_METRICS/);
  });

  test('without a threshold, every matched attempt raises the alarm (DEFAULT_SQL_INJECTION_ALARM_THRESHOLD)', () => {
    alarmOn(WAF_METRICS.regionalAcl).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('the threshold is the configured one', () => {
    alarmOn(WAF_METRICS.regionalAcl, 5).hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 5 });
  });
});
