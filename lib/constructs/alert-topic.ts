import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { encryptedTopicProps } from '../defaults/sns';
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
    this.admitPublishersToKey();
    this.topic = new sns.Topic(this, 'Topic', encryptedTopicProps(this.key.key, 'Security and operations alerts'));
    this.admitAlarmsToTopic();
    this.admitRulesToTopic();
    // Email delivery from an encrypted topic works: SNS decrypts before it delivers. Each
    // address must confirm its subscription before it receives anything (docs/operations.md, after the first deploy).
    for (const address of props.emails) this.topic.addSubscription(new subs.EmailSubscription(address));
  }

  /** PROOF-4: the publishers encrypt with the topic's key, so its policy must admit them. */
  private admitPublishersToKey(): void {
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
    // CloudWatch alarms: aws:SourceAccount is honoured in this key statement (AWS's guide to
    // alarms on encrypted topics shows source conditions here), unlike EventBridge's above.
    this.key.allowServiceToUse('AllowCloudWatchAlarmsPublish', 'cloudwatch.amazonaws.com');
  }

  /**
   * CloudWatch alarms publish as the service principal, with the alarm ARN as aws:SourceArn
   * (AWS's alarm-to-SNS troubleshooting guide scopes this statement with ArnLike on it): only
   * alarms of this account and region, which are the only ones that can target a topic here.
   */
  private admitAlarmsToTopic(): void {
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
  }

  /**
   * EventBridge rules of this account and region only (PROOF-5): the rules publish as the service principal with
   * the rule ARN as aws:SourceArn (EventBridge user guide, Amazon SNS permissions). CDK's `SnsTopic` target would
   * add an unconditioned statement, which lets any account's rule publish here; rules target this topic through
   * {@link AlertTopicTarget}, which adds none.
   */
  private admitRulesToTopic(): void {
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeRules',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'events', resource: 'rule', resourceName: '*' }) },
        },
      }),
    );
  }
}

/**
 * An EventBridge target for a team alert topic ({@link AlertTopic}), whose own policy admits this account's rules.
 * Unlike `targets.SnsTopic`, it grants nothing: no unconditioned `events.amazonaws.com` statement on the topic.
 */
export class AlertTopicTarget implements events.IRuleTarget {
  constructor(
    private readonly topic: sns.ITopic,
    private readonly props: { readonly message?: events.RuleTargetInput } = {},
  ) {}

  bind(): events.RuleTargetConfig {
    return { arn: this.topic.topicArn, input: this.props.message };
  }
}
