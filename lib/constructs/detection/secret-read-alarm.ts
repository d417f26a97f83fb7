import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlertTopicTarget } from '../alert-topic';

/**
 * The rule state that lets EventBridge deliver read-only CloudTrail management events: `GetSecretValue` is one, and a
 * rule in state `ENABLED` never sees it (EventBridge user guide, "Receiving read-only management events from AWS
 * services").
 */
export const READ_EVENTS_RULE_STATE = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** Prefix of the name RDS gives every secret it manages for a cluster's master user (`rds!cluster-<uuid>`). */
export const RDS_CLUSTER_SECRET_PREFIX = 'rds!cluster-';

/** Properties of {@link SecretReadAlarm}. */
export interface SecretReadAlarmProps {
  /** ARN of the watched secret (DB-2: the RDS-managed master secret of the cluster). */
  readonly secretArn: string;
  /**
   * Roles whose reads are expected and do not alert (the restore validator), by ARN (`arn:aws:iam::<account>:role/...`,
   * as CloudTrail writes it in `userIdentity.sessionContext.sessionIssuer.arn`).
   */
  readonly allowedReaderRoleArns: readonly string[];
  /** The team's alert topic (KMS-encrypted; EventBridge publishes under its resource policy). */
  readonly topic: sns.ITopic;
  /** What the secret is, named in the alert, e.g. `the master password of prod-aurora`. */
  readonly secretDescription: string;
}

/** The ARN of the RDS service-linked role of the stack's account: the identity RDS's managed rotation acts as. */
export function rdsServiceLinkedRoleArn(scope: Construct): string {
  const s = Stack.of(scope);
  return `arn:${s.partition}:iam::${s.account}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS`;
}

/**
 * The pattern of a read of the watched secret by anyone but the allowed roles. The secret is named by its ARN, or by
 * any id of an RDS-managed cluster secret of this account and region (name, partial or full ARN: callers may pass any
 * of them as `secretId`). The caller is an IAM user, root or federated user (no session issuer), or a role session
 * whose issuer is not an allowed role; AWS services acting on their own (`AWSService`) do not alert.
 */
export function secretReadPattern(scope: Construct, secretArn: string, allowedRoleArns: readonly string[]) {
  const s = Stack.of(scope);
  const arnPrefix = `arn:${s.partition}:secretsmanager:${s.region}:${s.account}:secret:${RDS_CLUSTER_SECRET_PREFIX}`;
  return {
    source: ['aws.secretsmanager'],
    detailType: ['AWS API Call via CloudTrail'],
    detail: {
      eventSource: ['secretsmanager.amazonaws.com'],
      eventName: ['GetSecretValue'],
      requestParameters: {
        secretId: [secretArn, { prefix: RDS_CLUSTER_SECRET_PREFIX }, { prefix: arnPrefix }],
      },
      $or: [
        { userIdentity: { type: [{ 'anything-but': ['AssumedRole', 'AWSService'] }] } },
        {
          userIdentity: {
            type: ['AssumedRole'],
            sessionContext: { sessionIssuer: { arn: [{ 'anything-but': [...allowedRoleArns] }] } },
          },
        },
      ],
    },
  } as events.EventPattern;
}

const field = (path: string) => events.EventField.fromPath(path);

/**
 * DB-2: the master password is break-glass only, so any read of it by anyone but the allowed roles alerts the team at
 * once, with who read it, from where and when. A CloudTrail-based EventBridge rule in the primary region (the secret's
 * region), in the state that delivers read-only management events.
 */
export class SecretReadAlarm extends Construct {
  /** The EventBridge rule. */
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: SecretReadAlarmProps) {
    super(scope, id);
    const allowed = [...props.allowedReaderRoleArns, rdsServiceLinkedRoleArn(this)];
    this.rule = new events.Rule(this, 'Rule', {
      description: `Any read of ${props.secretDescription} but by its expected readers (DB-2)`,
      eventPattern: secretReadPattern(this, props.secretArn, allowed),
    });
    // GetSecretValue is a read-only management event: a rule in state ENABLED never receives it.
    (this.rule.node.defaultChild as events.CfnRule).state = READ_EVENTS_RULE_STATE;
    this.rule.addTarget(
      new AlertTopicTarget(props.topic, {
        message: events.RuleTargetInput.fromMultilineText(
          [
            `Break-glass: ${props.secretDescription} was read (GetSecretValue).`,
            `By: ${field('$.detail.userIdentity.arn')} (${field('$.detail.userIdentity.type')})`,
            `From: ${field('$.detail.sourceIPAddress')} at ${field('$.detail.eventTime')}`,
            `Secret: ${field('$.detail.requestParameters.secretId')}, region ${field('$.region')}`,
            'If nobody on the team declared a break-glass use, treat it as an incident and rotate the secret.',
          ].join('\n'),
        ),
      }),
    );
  }
}
