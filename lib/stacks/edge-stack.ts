import { Stack, StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';

/** Properties of {@link EdgeStack}. */
export interface EdgeStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /** Hosted zones by domain name. */
  readonly zones: Readonly<Record<string, route53.IHostedZone>>;
  /** The internal load balancer CloudFront reaches through a VPC origin. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
}

/** us-east-1, public stages only: certificate, WAF and CloudFront (EDGE-1..EDGE-9). */
export class EdgeStack extends Stack {
  /** The distribution serving every domain. */
  readonly distribution!: cloudfront.Distribution;
  /** The CLOUDFRONT-scope web ACL. */
  readonly webAcl!: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
  }
}
