import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { APP_PROPS } from '../../../lib/app/add-stage';
import type { StageInput } from '../../../lib/config/schema';
import { WAF_METRICS } from '../../../lib/constructs/edge/waf-metrics';
import { EDGE_REGION } from '../../../lib/defaults/constants';
import { DetectionStack, RegionalDetectionStack } from '../../../lib/stacks/detection-stack';
import { NetworkStack } from '../../../lib/stacks/network-stack';
import { cdkContext, testConfig } from '../../helpers';

/** The detection stacks of one stage, built against stand-ins for the upstream stacks. */
export interface DetectionFixture {
  readonly app: App;
  readonly detection: DetectionStack;
  readonly detectionBackupRegion: RegionalDetectionStack;
  readonly detectionGlobal?: RegionalDetectionStack;
}

function acl(scope: Stack, scopeName: 'REGIONAL' | 'CLOUDFRONT', metricName: string): wafv2.CfnWebACL {
  return new wafv2.CfnWebACL(scope, 'WebAcl', {
    scope: scopeName,
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true },
  });
}

/**
 * Wires the detection stacks exactly as lib/stage.ts does, but with minimal
 * stand-ins for the load balancer, cluster, web ACLs and distribution, so the
 * detection tests do not depend on other stacks' work in progress.
 */
export function buildDetectionFixture(
  overrides: Partial<StageInput> = {},
  file = 'example.json',
  options: { readonly regionalAclMetricName?: string } = {},
): DetectionFixture {
  const c = testConfig(overrides, file);
  const app = new App({ ...APP_PROPS, context: cdkContext() });
  const env = (region: string) => ({ account: c.account, region });
  const network = new NetworkStack(app, `${c.name}-Network`, { env: env(c.primaryRegion), config: c });
  const upstream = new Stack(app, `${c.name}-Upstream`, { env: env(c.primaryRegion) });
  const cluster = new rds.DatabaseCluster(upstream, 'Cluster', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.serverlessV2('Writer'),
    vpc: network.vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(upstream, 'LoadBalancer', {
    vpc: network.vpc,
    internetFacing: false,
  });
  const webAcl = acl(upstream, 'REGIONAL', options.regionalAclMetricName ?? WAF_METRICS.regionalAcl);

  const detection = new DetectionStack(app, `${c.name}-Detection`, {
    env: env(c.primaryRegion),
    config: c,
    terminationProtection: true,
    vpc: network.vpc,
    alertTopic: network.alertTopic,
    cluster,
    loadBalancer,
    webAcl,
  });
  const detectionBackupRegion = new RegionalDetectionStack(app, `${c.name}-DetectionBackupRegion`, {
    env: env(c.backupRegion),
    config: c,
  });
  let detectionGlobal: RegionalDetectionStack | undefined;
  if (c.exposure === 'public') {
    const edge = new Stack(app, `${c.name}-UpstreamEdge`, { env: env(EDGE_REGION) });
    const edgeAcl = acl(edge, 'CLOUDFRONT', WAF_METRICS.cloudFrontAcl);
    const distribution = new cloudfront.Distribution(edge, 'Distribution', {
      defaultBehavior: { origin: new origins.HttpOrigin(`${c.edge.originSubdomain}.${c.domains[0].name}`) },
      webAclId: edgeAcl.attrArn,
    });
    detectionGlobal = new RegionalDetectionStack(app, `${c.name}-DetectionGlobal`, {
      env: env(EDGE_REGION),
      config: c,
      distribution,
      webAcl: edgeAcl,
    });
  }
  return { app, detection, detectionBackupRegion, detectionGlobal };
}
