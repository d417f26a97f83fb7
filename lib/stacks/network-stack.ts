import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { AlertTopic } from '../constructs/alert-topic';
import { Network } from '../constructs/network';

/** Properties of {@link NetworkStack}. */
export interface NetworkStackProps extends StackProps {
  /** The parts of the validated stage this stack reads. */
  readonly config: Pick<
    StageConfig,
    'vpcCidr' | 'availabilityZones' | 'natGateways' | 'flowLogRetentionDays' | 'alertEmails'
  >;
}

/** Primary region: the VPC (with flow logs) and the team's alert topic. */
export class NetworkStack extends Stack {
  /** The VPC of every tier. */
  readonly vpc: ec2.Vpc;
  /** The team's alert topic in the primary region (DET-3). */
  readonly alertTopic: sns.ITopic;
  /** That topic with its key (BKP-7, DET-7: the key guard covers it). */
  readonly alerts: AlertTopic;

  private readonly zones: string[];

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    this.zones = [...props.config.availabilityZones];
    // NetworkProps are named as the stage's fields: the config is passed as it is.
    this.vpc = new Network(this, 'Network', props.config).vpc;
    this.alerts = new AlertTopic(this, 'Alerts', { emails: props.config.alertEmails });
    this.alertTopic = this.alerts.topic;
  }

  /** The configured zones: the base class would look them up in the account, which synth must never do. */
  override get availabilityZones(): string[] {
    return this.zones;
  }
}
