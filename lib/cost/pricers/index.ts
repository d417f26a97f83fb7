// OPS-4: one pricer per priced resource type. A type that is in neither this table, lib/cost/free.ts nor its
// usage-only list is reported unpriced by the estimate.
import { asArray, field } from '../../compliance/model/json';
import { prop, type Res } from '../../compliance/model/query';
import type { StackModel, TemplateJson } from '../../compliance/model/types';
import { FREE_TYPES, USAGE_ONLY_TYPES } from '../free';
import { add, type Ctx, type Pricer, pricedRegion, unpriced, usd } from '../model';
import { type PriceId, priceOf } from '../prices';
import { backupFramework, backupPlan, restoreTestingPlan } from './backup';
import {
  bucket,
  dbCluster,
  dbInstance,
  ec2Instance,
  ecsService,
  eip,
  loadBalancer,
  natGateway,
  repository,
  secret,
  vpcEndpoint,
} from './compute';
import { distribution, healthCheck, webAcl } from './edge';
import {
  alarm,
  canary,
  configRecorder,
  configRule,
  detector,
  guardDutyIn,
  logGroup,
  metricFilter,
  securityHub,
  trail,
} from './monitoring';

export const flat =
  (driver: string, id: PriceId, switches: readonly string[] = []): Pricer =>
  (ctx, x) => {
    const p = priceOf(id, pricedRegion(ctx, x.stack.region));
    add(ctx, x, { driver, quantity: `1 × ${usd(p)}`, idle: p, perMillion: 0, prices: [id], switches });
  };

/** A StackSet: its template priced once per region of its instances (GuardDuty detectors in every region). */
export const stackSet: Pricer = (ctx, x) => {
  const body = prop(x, 'TemplateBody');
  let template: TemplateJson | undefined;
  try {
    template = typeof body === 'string' ? (JSON.parse(body) as TemplateJson) : (body as TemplateJson | undefined);
  } catch {
    template = undefined;
  }
  const regions = [
    ...new Set(
      asArray(prop(x, 'StackInstancesGroup')).flatMap((g) =>
        asArray(field(g, 'Regions')).filter((r): r is string => typeof r === 'string'),
      ),
    ),
  ];
  if (!template || !regions.length) {
    unpriced(ctx, x.r.Type, template ? 'no literal regions in StackInstancesGroup' : 'TemplateBody not readable JSON');
    return;
  }
  for (const region of regions) {
    const inner: StackModel = {
      name: `${x.stack.name}/${x.id}`,
      region,
      account: x.stack.account,
      template,
    };
    for (const [id, r] of Object.entries(template.Resources ?? {})) {
      const res: Res = { stack: inner, id, r };
      if (r.Type === 'AWS::GuardDuty::Detector') guardDutyIn(ctx, res, region, true);
      else if (classify(r.Type) === 'priced') priceResource(ctx, res);
      else if (classify(r.Type) === 'unpriced') unpriced(ctx, r.Type, `in StackSet ${x.id}: no price in lib/cost`);
    }
  }
};

export const PRICERS: Readonly<Record<string, Pricer>> = {
  'AWS::EC2::VPCEndpoint': vpcEndpoint,
  'AWS::Logs::MetricFilter': metricFilter,
  'AWS::KMS::ReplicaKey': flat('KMS keys', 'kmsKeyMonth', ['lifecycle']),
  'AWS::EC2::NatGateway': natGateway,
  'AWS::EC2::EIP': eip,
  'AWS::RDS::DBCluster': dbCluster,
  'AWS::RDS::DBInstance': dbInstance,
  'AWS::ECS::Service': ecsService,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': loadBalancer,
  'AWS::WAFv2::WebACL': webAcl,
  'AWS::CloudFront::Distribution': distribution,
  'AWS::Route53::HostedZone': flat('Route 53 hosted zones', 'route53ZoneMonth', ['domains']),
  'AWS::Route53::HealthCheck': healthCheck,
  'AWS::KMS::Key': flat('KMS keys', 'kmsKeyMonth', ['lifecycle']),
  'AWS::SecretsManager::Secret': secret,
  'AWS::CloudWatch::Alarm': alarm,
  'AWS::CloudWatch::Dashboard': flat('CloudWatch dashboards', 'dashboardMonth'),
  'AWS::Logs::LogGroup': logGroup,
  'AWS::Synthetics::Canary': canary,
  'AWS::GuardDuty::Detector': detector,
  'AWS::CloudFormation::StackSet': stackSet,
  'AWS::SecurityHub::Hub': securityHub,
  'AWS::Config::ConfigurationRecorder': configRecorder,
  'AWS::Config::ConfigRule': configRule,
  'AWS::Backup::BackupPlan': backupPlan,
  'AWS::Backup::Framework': backupFramework,
  'AWS::Backup::RestoreTestingPlan': restoreTestingPlan,
  'AWS::EC2::Instance': ec2Instance,
  'AWS::S3::Bucket': bucket,
  'AWS::ECR::Repository': repository,
  'AWS::CloudTrail::Trail': trail,
};

/** Types the estimate prices (for the tests and the documentation). */
export const PRICED_TYPES: readonly string[] = Object.keys(PRICERS);

export function priceResource(ctx: Ctx, x: Res): void {
  const pricer = PRICERS[x.r.Type];
  if (pricer) pricer(ctx, x);
}

/** How the estimate treats a resource type: priced here, free, charged only on use, a custom resource, or unpriced. */
export function classify(type: string): 'priced' | 'free' | 'usage' | 'custom' | 'unpriced' {
  if (PRICERS[type]) return 'priced';
  if (FREE_TYPES[type]) return 'free';
  if (USAGE_ONLY_TYPES[type]) return 'usage';
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return 'custom';
  return 'unpriced';
}
