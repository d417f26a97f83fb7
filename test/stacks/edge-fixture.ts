import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { APP_PROPS } from '../../lib/app/add-stage';
import type { StageConfig, StageInput } from '../../lib/config/schema';
import { DnsStack } from '../../lib/stacks/dns-stack';
import { EdgeStack } from '../../lib/stacks/edge-stack';
import { cdkContext, testConfig } from '../helpers';

/**
 * The us-east-1 half of a public stage, wired as lib/stage.ts wires it, with a
 * stand-in internal load balancer: the edge tests then depend on no other
 * engineer's stack being complete.
 */
export function buildEdgeFixture(overrides: Partial<StageInput> = {}): {
  app: App;
  config: StageConfig;
  dns: DnsStack;
  edge: EdgeStack;
  lbStack: Stack;
} {
  const config = testConfig(overrides);
  const app = new App({ ...APP_PROPS, context: cdkContext() });
  const env = (region: string) => ({ account: config.account, region });
  const dns = new DnsStack(app, `${config.name}-Dns`, { env: env('us-east-1'), config });
  const lbStack = new Stack(app, 'Fixture-App', { env: env(config.primaryRegion) });
  const vpc = new ec2.Vpc(lbStack, 'Vpc', { availabilityZones: config.availabilityZones, natGateways: 0 });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(lbStack, 'Alb', { vpc, internetFacing: false });
  const edge = new EdgeStack(app, `${config.name}-Edge`, {
    env: env('us-east-1'),
    config,
    zones: dns.zones,
    loadBalancer,
  });
  return { app, config, dns, edge, lbStack };
}
