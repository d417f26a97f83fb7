import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { SecureKey } from './secure-key';

/** Properties of {@link AlertTopic}. */
export interface AlertTopicProps {
  /** Addresses that receive every alert by email. */
  readonly emails: readonly string[];
}

/**
 * The team's alert topic of one region (DET-3): SNS encrypted with a customer key
 * whose policy admits EventBridge and CloudWatch alarms. Without those two
 * statements, rules and alarms publish into a topic they cannot encrypt for, and
 * the alerts are dropped silently at deploy time.
 */
export class AlertTopic extends Construct {
  /** The topic every alarm and alert rule of the region publishes to. */
  readonly topic: sns.Topic;
  /** The key that encrypts the topic. */
  readonly key: SecureKey;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.key = new SecureKey(this, 'Key', { description: 'Encrypts the team alert topic' });
    // No aws:SourceAccount/SourceArn here: SNS does not support them in the key policy for
    // EventBridge-to-encrypted-topic delivery (delivery fails); the topic policy bounds publishers.
    this.key.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgePublish',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.key.allowServiceToUse('AllowCloudWatchAlarmsPublish', 'cloudwatch.amazonaws.com');

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Security and operations alerts',
      masterKey: this.key.key,
      enforceSSL: true,
    });
    // CloudWatch alarms publish as the service principal; the EventBridge target adds its own statement.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    for (const address of props.emails) this.topic.addSubscription(new subs.EmailSubscription(address));
  }
}
