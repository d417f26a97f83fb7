// RegionalDetectionStack on a fresh app (not a stage): each role, and the refusals the example stages cannot show.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { APP_PROPS } from '../../lib/app/add-stage';
import type { StageInput } from '../../lib/config/schema';
import { WAF_METRICS } from '../../lib/constructs/edge/waf-metrics';
import { EDGE_REGION } from '../../lib/defaults/constants';
import { RegionalDetectionStack, type RegionalDetectionStackProps } from '../../lib/stacks/detection-stack';
import { cdkContext, testConfig } from '../helpers';

type Role = 'backup-region' | 'edge-monitoring';

/**
 * GIVEN the example stage (with `overrides`), a CloudFront distribution and its web ACL in an edge stack,
 * WHEN a RegionalDetectionStack with `role` is added in `region`.
 */
function regionalStack(role: Role, region?: string, overrides: Partial<StageInput> = {}): RegionalDetectionStack {
  const config = testConfig(overrides);
  const app = new App({ ...APP_PROPS, context: cdkContext() });
  const edgeStack = new Stack(app, 'Edge', { env: { account: config.account, region: EDGE_REGION } });
  const webAcl = new wafv2.CfnWebACL(edgeStack, 'WebAcl', {
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: {
      cloudWatchMetricsEnabled: true,
      metricName: WAF_METRICS.cloudFrontAcl,
      sampledRequestsEnabled: true,
    },
  });
  const distribution = new cloudfront.Distribution(edgeStack, 'Distribution', {
    defaultBehavior: { origin: new origins.HttpOrigin(`origin.${config.domains[0].name}`) },
    webAclId: webAcl.attrArn,
  });
  const isEdge = role.endsWith('edge-monitoring');
  const env = { account: config.account, region: region ?? (isEdge ? EDGE_REGION : config.backupRegion) };
  const props: Record<Role, RegionalDetectionStackProps> = {
    'backup-region': { env, config, role: 'backup-region' },
    'edge-monitoring': { env, config, role: 'edge-monitoring', distribution, webAcl },
  };
  return new RegionalDetectionStack(app, 'Regional', props[role]);
}

describe('DET-1 DET-3 role "backup-region"', () => {
  test('a detector as the stage configures it, and the routing of the region findings; no edge monitoring', () => {
    const stack = regionalStack('backup-region');
    const t = Template.fromStack(stack);
    expect(stack.role).toBe('backup-region');
    t.resourceCountIs('AWS::GuardDuty::Detector', 1);
    t.resourceCountIs('AWS::Events::Rule', 2);
    t.resourceCountIs('AWS::Route53::HealthCheck', 0);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  test('refused outside the backup region: a second detector in the primary region fails the deploy', () => {
    expect(() => regionalStack('backup-region', 'eu-west-3')).toThrow(
      /role 'backup-region' must deploy to backupRegion eu-central-1, not eu-west-3/,
    );
  });
});

describe('DET-2 DET-5 role "edge-monitoring"', () => {
  test('no detector of its own; the CloudFront SQL injection alarm, the health checks and the edge dashboard', () => {
    const stack = regionalStack('edge-monitoring');
    const t = Template.fromStack(stack);
    expect(stack.role).toBe('edge-monitoring');
    t.resourceCountIs('AWS::GuardDuty::Detector', 0);
    t.resourceCountIs('AWS::Events::Rule', 2);
    t.resourceCountIs('AWS::Route53::HealthCheck', 8);
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'prod-edge' });
    expect(stack.sqlInjectionAlarm).toBeDefined();
  });

  test('in the primary region, findings are not routed twice (the primary detection stack routes them)', () => {
    const stack = regionalStack('edge-monitoring', EDGE_REGION, {
      primaryRegion: EDGE_REGION,
      backupRegion: 'us-east-2',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
    });
    expect(stack.findingRouting).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::Events::Rule', 0);
  });
});
