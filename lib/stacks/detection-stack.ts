import { Stack, StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';

/** Properties of {@link DetectionStack}. */
export interface DetectionStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /** The VPC (flow logs are part of the audit trail). */
  readonly vpc: ec2.IVpc;
  /** The team's alert topic in the primary region. */
  readonly alertTopic: sns.ITopic;
  /** The database, for connection and CPU alarms. */
  readonly cluster: rds.IDatabaseCluster;
  /** The load balancer, for error and latency alarms. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The REGIONAL web ACL, for SQL injection alarms. */
  readonly webAcl: wafv2.CfnWebACL;
}

/** Primary region: GuardDuty, Security Hub, CloudTrail, alert routing, canary and dashboard (DET-1..DET-5). */
export class DetectionStack extends Stack {
  constructor(scope: Construct, id: string, props: DetectionStackProps) {
    super(scope, id, props);
  }
}

/** Properties of {@link RegionalDetectionStack}. */
export interface RegionalDetectionStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /**
   * The CloudFront distribution (us-east-1 stack of a public stage only).
   * @default - none
   */
  readonly distribution?: cloudfront.IDistribution;
  /**
   * The CLOUDFRONT web ACL (us-east-1 stack of a public stage only).
   * @default - none
   */
  readonly webAcl?: wafv2.CfnWebACL;
}

/** Backup region and us-east-1: GuardDuty (where data lives) and alert routing to a local encrypted topic. */
export class RegionalDetectionStack extends Stack {
  constructor(scope: Construct, id: string, props: RegionalDetectionStackProps) {
    super(scope, id, props);
  }
}
