import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';

/** Properties of {@link AppStack}. */
export interface AppStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /** VPC of the app tier (private subnets) and load balancer. */
  readonly vpc: ec2.IVpc;
  /** Security group the database admits; the tasks use it. */
  readonly appSecurityGroup: ec2.ISecurityGroup;
  /** Task role: may connect to the database as the application user only. */
  readonly appRole: iam.IRole;
  /** The database the app connects to. */
  readonly cluster: rds.IDatabaseCluster;
  /** Hosted zones by domain name (empty for stages without DNS). */
  readonly zones: Readonly<Record<string, route53.IHostedZone>>;
  /** The team's alert topic in the primary region. */
  readonly alertTopic: sns.ITopic;
}

/** Primary region: the load balancer, its regional WAF and the Fargate app tier (EDGE-1, EDGE-2, EDGE-5, EDGE-8, ORG-2). */
export class AppStack extends Stack {
  /** The internal, TLS-only load balancer. */
  readonly loadBalancer!: elbv2.ApplicationLoadBalancer;
  /** The REGIONAL web ACL on the load balancer. */
  readonly webAcl!: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
  }
}
