import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { CloudFrontLogBucket } from '../constructs/edge/cloudfront-log-bucket';
import type { CookieHardeningFunction } from '../constructs/edge/cookie-hardening';
import { EdgeDistribution, type ServedDomain } from '../constructs/edge/edge-distribution';
import { SecurityHeadersPolicy } from '../constructs/edge/security-headers';
import { EdgeWebAcl } from '../constructs/edge/web-acl';
import { originName } from '../core/naming';
import { invalidProps } from '../defaults/errors';

/** The parts of the stage the edge stack reads. */
export type EdgeStackConfig = Pick<StageConfig, 'name' | 'domains' | 'edge'>;

/** Properties of {@link EdgeStack}. */
export interface EdgeStackProps extends StackProps {
  /** The validated stage: its name, domains and `edge` section. */
  readonly config: EdgeStackConfig;
  /** Hosted zones by domain name. */
  readonly zones: Readonly<Record<string, route53.IHostedZone>>;
  /** The internal load balancer CloudFront reaches through a VPC origin. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
}

/** The origin's host name: the load balancer's certificate is issued for exactly this name. */
export function originDomainName(config: Pick<StageConfig, 'domains' | 'edge'>): string {
  return originName(config.edge.originSubdomain, config.domains[0].name);
}

/** us-east-1, public stages only: certificate, WAF and CloudFront (EDGE-1..EDGE-9). */
export class EdgeStack extends Stack {
  /** The distribution serving every domain. */
  readonly distribution: cloudfront.Distribution;
  /** The CLOUDFRONT-scope web ACL. */
  readonly webAcl: wafv2.CfnWebACL;
  /** The viewer certificate. */
  readonly certificate: acm.Certificate;
  /** The response headers policy attached to every behavior. */
  readonly headersPolicy: cloudfront.ResponseHeadersPolicy;
  /** The cookie-hardening Lambda@Edge function, on origin response of every behavior (EDGE-7). */
  readonly cookieFunction: CookieHardeningFunction;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const domains = this.servedDomains(config, props.zones);

    // EDGE-6, EDGE-8
    this.webAcl = new EdgeWebAcl(this, 'Waf', { scope: 'CLOUDFRONT', stageName: config.name, ...config.edge }).webAcl;
    // EDGE-4
    this.headersPolicy = new SecurityHeadersPolicy(this, 'SecurityHeaders', config.edge).policy;
    const logs = new CloudFrontLogBucket(this, 'AccessLogs', { retentionDays: config.edge.accessLogRetentionDays });

    // EDGE-1, EDGE-2, EDGE-3, EDGE-5, EDGE-7, EDGE-9
    const site = new EdgeDistribution(this, 'Site', {
      domains,
      comment: `${config.name}: ${config.domains.map((d) => d.name).join(', ')}`,
      loadBalancer: props.loadBalancer,
      originDomainName: originDomainName(config),
      webAclArn: this.webAcl.attrArn,
      headersPolicy: this.headersPolicy,
      logBucket: logs.bucket,
      cachedPathPatterns: config.edge.cachedPathPatterns,
      allowSameSiteNone: config.edge.allowSameSiteNone,
    });
    this.distribution = site.distribution;
    this.certificate = site.certificate;
    this.cookieFunction = site.cookieFunction;
  }

  /** Every configured domain with its hosted zone. */
  private servedDomains(config: EdgeStackConfig, zones: Readonly<Record<string, route53.IHostedZone>>): ServedDomain[] {
    if (!config.domains.length) invalidProps(this, 'the edge stack needs at least one domain in "domains"');
    return config.domains.map((d) => ({
      name: d.name,
      zone: zones[d.name] ?? invalidProps(this, `no hosted zone for ${d.name}: pass the zones of the DNS stack`),
    }));
  }
}
