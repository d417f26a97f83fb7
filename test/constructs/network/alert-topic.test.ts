import { Match, Template } from 'aws-cdk-lib/assertions';
import { AlertTopic } from '../../../lib/constructs/alert-topic';
import { testStack } from '../../helpers';

/** GIVEN a fresh stack, WHEN an AlertTopic is added for `emails`. */
function alertTopic(emails: readonly string[] = ['ops@example.com']) {
  const stack = testStack();
  const alerts = new AlertTopic(stack, 'Alerts', { emails });
  return { stack, alerts, t: Template.fromStack(stack) };
}

describe('DET-3 AlertTopic', () => {
  test('encrypted with its own customer key, TLS-only, named for the team', () => {
    const { t } = alertTopic();
    t.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Security and operations alerts',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertsKey'), 'Arn'] },
    });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('one email subscription per address', () => {
    const { t } = alertTopic(['ops@example.com', 'security@example.com']);
    t.resourceCountIs('AWS::SNS::Subscription', 2);
    for (const address of ['ops@example.com', 'security@example.com'])
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: address });
  });

  test('PROOF-4 the key admits EventBridge (no source condition) and CloudWatch alarms of this account', () => {
    alertTopic().t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowEventBridgePublish',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: Match.absent(),
          }),
          Match.objectLike({
            Sid: 'AllowCloudWatchAlarmsPublish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          }),
        ]),
      },
    });
  });

  test('only alarms of this account and region may publish as CloudWatch', () => {
    alertTopic().t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchAlarms',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111122223333' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-3:111122223333:alarm:*' },
            },
          }),
        ]),
      },
    });
  });

  test('the key it exposes is the one that encrypts the topic', () => {
    const { stack, alerts } = alertTopic();
    expect(stack.resolve(alerts.topic.masterKey?.keyArn)).toEqual(stack.resolve(alerts.key.key.keyArn));
  });
});
