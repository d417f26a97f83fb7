import * as path from 'path';
import { Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { AccessLogBucket } from '../constructs/edge/access-log-bucket';
import { SecurityHeadersPolicy } from '../constructs/edge/security-headers';
import { EdgeWebAcl } from '../constructs/edge/web-acl';

/** Code of the viewer-response function that hardens cookies (EDGE-7), unit-tested on its own. */
export const COOKIE_FUNCTION_FILE = path.join(__dirname, '..', 'functions', 'cookie-hardening', 'index.js');

/** Beyond EDGE-2: TLS 1.2 and 1.3 with forward-secret AEAD suites only. */
export const VIEWER_TLS_POLICY = cloudfront.SecurityPolicyProtocol.TLS_V1_2_2025;

/** Properties of {@link EdgeStack}. */
export interface EdgeStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /** Hosted zones by domain name. */
  readonly zones: Readonly<Record<string, route53.IHostedZone>>;
  /** The internal load balancer CloudFront reaches through a VPC origin. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
}

/** Host names a domain is served under. */
export function hostNames(domain: string): string[] {
  return [domain, `www.${domain}`];
}

/** The origin's host name: the load balancer's certificate is issued for exactly this name. */
export function originDomainName(config: StageConfig): string {
  return `${config.edge.originSubdomain}.${config.domains[0].name}`;
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
  /** The cookie-hardening function on every behavior. */
  readonly cookieFunction: cloudfront.Function;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config, zones } = props;
    const edge = config.edge;
    if (!config.domains.length) throw new Error('EdgeStack needs at least one domain');
    const zoneOf = (domain: string): route53.IHostedZone => {
      const zone = zones[domain];
      if (!zone) throw new Error(`no hosted zone for ${domain}`);
      return zone;
    };

    // EDGE-3, EDGE-9: one certificate for the apex and www of every domain, DNS-validated in each zone;
    // ACM renews it automatically as long as the validation records stay.
    const names = config.domains.flatMap((d) => hostNames(d.name));
    const validationZones: Record<string, route53.IHostedZone> = {};
    for (const d of config.domains) for (const name of hostNames(d.name)) validationZones[name] = zoneOf(d.name);
    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: names[0],
      subjectAlternativeNames: names.slice(1),
      validation: acm.CertificateValidation.fromDnsMultiZone(validationZones),
      transparencyLoggingEnabled: true,
    });

    // EDGE-6, EDGE-8
    const acl = new EdgeWebAcl(this, 'Waf', { scope: 'CLOUDFRONT', config });
    this.webAcl = acl.webAcl;

    // EDGE-4
    this.headersPolicy = new SecurityHeadersPolicy(this, 'SecurityHeaders', { edge }).policy;

    // EDGE-7
    this.cookieFunction = new cloudfront.Function(this, 'CookieHardening', {
      comment: 'Adds Secure, HttpOnly and SameSite=Lax to every Set-Cookie (EDGE-7)',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromFile({ filePath: COOKIE_FUNCTION_FILE }),
    });

    // EDGE-5: the load balancer is internal, with no public address; CloudFront reaches it from inside
    // the VPC. EDGE-1, EDGE-2: HTTPS only, TLS 1.2 only, to a name the load balancer's certificate covers.
    const origin = origins.VpcOrigin.withApplicationLoadBalancer(props.loadBalancer, {
      domainName: originDomainName(config),
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      httpsPort: 443,
    });

    // Every behavior is built here, so none can miss the redirect, the headers or the function.
    const behavior = (cachePolicy: cloudfront.ICachePolicy, allowedMethods: cloudfront.AllowedMethods): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS, // EDGE-1
      responseHeadersPolicy: this.headersPolicy, // EDGE-4
      functionAssociations: [{ function: this.cookieFunction, eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE }], // EDGE-7
      cachePolicy,
      // The Host header stays out: CloudFront checks the origin certificate against the name it sends.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      allowedMethods,
      compress: true,
    });

    const logs = new AccessLogBucket(this, 'AccessLogs', { retentionDays: edge.accessLogRetentionDays });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${config.name}: ${config.domains.map((d) => d.name).join(', ')}`,
      domainNames: names,
      certificate: this.certificate,
      minimumProtocolVersion: VIEWER_TLS_POLICY, // EDGE-2
      sslSupportMethod: cloudfront.SSLMethod.SNI,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      webAclId: this.webAcl.attrArn,
      defaultBehavior: behavior(cloudfront.CachePolicy.CACHING_DISABLED, cloudfront.AllowedMethods.ALLOW_ALL),
      additionalBehaviors: Object.fromEntries(
        edge.cachedPathPatterns.map((pattern) => [pattern, behavior(cloudfront.CachePolicy.CACHING_OPTIMIZED, cloudfront.AllowedMethods.ALLOW_GET_HEAD)]),
      ),
      enableLogging: true,
      logBucket: logs.bucket,
      logFilePrefix: 'cloudfront/',
      // Cookies carry sessions: never written to the logs.
      logIncludesCookies: false,
    });
    Validations.of(this.distribution.node.defaultChild!).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Customers book from anywhere; blocking countries would lock out travelling users. Abuse is limited by the WAF rules instead (IP reputation, anonymous IPs, rate limits, ATP).',
    });

    // EDGE-9: apex and www of every domain point to the distribution, over IPv4 and IPv6.
    const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.distribution));
    for (const d of config.domains) {
      const zone = zoneOf(d.name);
      for (const [label, recordName] of [['Apex', d.name], ['Www', `www.${d.name}`]] as const) {
        const s = new Construct(this, `${d.name}-${label}`);
        new route53.ARecord(s, 'A', { zone, recordName, target });
        new route53.AaaaRecord(s, 'Aaaa', { zone, recordName, target });
      }
    }
  }
}
