import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SendingGuard, type SendingGuardProps } from '../../../lib/constructs/mail/sending-guard';
import { testStack } from '../../helpers';

/** GIVEN a fresh stack with a topic, WHEN a SendingGuard is added with `props`. */
function sendingGuard(props: Partial<SendingGuardProps> = {}) {
  const stack = testStack();
  const alertTopic = new sns.Topic(stack, 'Alerts');
  const guard = new SendingGuard(stack, 'Sending', { alertTopic, ...props });
  return {
    guard,
    topicId: stack.getLogicalId(alertTopic.node.defaultChild as sns.CfnTopic),
    t: Template.fromStack(stack),
  };
}

describe('MAIL-3 SendingGuard', () => {
  test('a configuration set with TLS required, its problem events to the topic through the default bus', () => {
    const { t, topicId } = sendingGuard();
    t.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    t.hasResourceProperties('AWS::SES::ConfigurationSet', { DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
    t.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        EventBridgeDestination: { EventBusArn: 'arn:aws:events:eu-west-3:111122223333:event-bus/default' },
      }),
    });
    t.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: { Ref: topicId } })] });
  });

  test('default thresholds: bounce rate 0.04, complaint rate 0.0008, 5000 emails an hour, each alarming the topic', () => {
    const { t, topicId, guard } = sendingGuard();
    expect(guard.alarms).toHaveLength(3);
    for (const [metric, threshold] of [
      ['Reputation.BounceRate', 0.04],
      ['Reputation.ComplaintRate', 0.0008],
      ['Send', 5000],
    ] as const) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Threshold: threshold,
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });

  test('thresholds come from props', () => {
    const { t } = sendingGuard({ bounceRateAlarm: 0.02, complaintRateAlarm: 0.0005, hourlySendAlarm: 100 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.BounceRate', Threshold: 0.02 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.ComplaintRate', Threshold: 0.0005 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Send', Threshold: 100 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Reputation.BounceRate',
      AlarmDescription: Match.stringLikeRegexp('^SES bounce rate above 2 %'),
    });
  });
});
