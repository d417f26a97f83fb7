import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EDGE_REGION } from '../../defaults/constants';
import { DEFAULT_CACHED_PATH_PATTERNS } from '../../defaults/edge';
import { invalidProps } from '../../defaults/errors';
import { acknowledge } from '../../defaults/nag';
import { CookieHardeningFunction } from './cookie-hardening';

/** Beyond EDGE-2: TLS 1.2 and 1.3 with forward-secret AEAD suites only. */
export const VIEWER_TLS_POLICY = cloudfront.SecurityPolicyProtocol.TLS_V1_2_2025;

/** Prefix of the distribution's access log objects in the log bucket. */
const LOG_FILE_PREFIX = 'cloudfront/';

/** The origin's HTTPS port, the one the load balancer's TLS listener uses. */
const ORIGIN_HTTPS_PORT = 443;

/** Host names a domain is served under. */
export function hostNames(domain: string): string[] {
  return [domain, `www.${domain}`];
}

/** A domain the distribution serves, with the public zone its records and certificate validation go into. */
export interface ServedDomain {
  /** The apex name, e.g. `example.com`; `www.` of it is served too. */
  readonly name: string;
  /** The domain's public hosted zone. */
  readonly zone: route53.IHostedZone;
}

/** Properties of {@link EdgeDistribution}. */
export interface EdgeDistributionProps {
  /** Domains served, apex and `www.` of each; the first one's apex is the certificate's main name. At least one. */
  readonly domains: readonly ServedDomain[];
  /** Comment of the distribution (shown in the console). */
  readonly comment: string;
  /** The internal load balancer CloudFront reaches through a VPC origin. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Name CloudFront sends to the origin and checks the origin's certificate against. */
  readonly originDomainName: string;
  /** ARN of the CLOUDFRONT-scope web ACL (EDGE-6, EDGE-8). */
  readonly webAclArn: string;
  /** The response headers policy attached to every behavior (EDGE-4). */
  readonly headersPolicy: cloudfront.IResponseHeadersPolicy;
  /** Bucket of the standard access logs. */
  readonly logBucket: s3.IBucket;
  /**
   * Path patterns served with caching (static assets); every other path is never cached.
   * @default DEFAULT_CACHED_PATH_PATTERNS (['/assets/*'])
   */
  readonly cachedPathPatterns?: readonly string[];
  /**
   * Keep `SameSite=None` cookies (with `Secure`) instead of rewriting them to `Lax` (EDGE-7).
   * @default DEFAULT_ALLOW_SAME_SITE_NONE (false)
   */
  readonly allowSameSiteNone?: boolean;
}

/**
 * The CloudFront distribution of every domain (EDGE-1, EDGE-2, EDGE-3, EDGE-4, EDGE-5, EDGE-7, EDGE-9):
 * its viewer certificate, the cookie-hardening Lambda@Edge function, the VPC origin to the internal load
 * balancer, its behaviors and the alias records of every served name. It must live in us-east-1
 * ({@link EDGE_REGION}), the only region whose certificates CloudFront reads.
 */
export class EdgeDistribution extends Construct {
  /** The distribution serving every domain. */
  readonly distribution: cloudfront.Distribution;
  /** The viewer certificate. */
  readonly certificate: acm.Certificate;
  /** The cookie-hardening Lambda@Edge function, on origin response of every behavior. */
  readonly cookieFunction: CookieHardeningFunction;

  constructor(scope: Construct, id: string, props: EdgeDistributionProps) {
    super(scope, id);
    if (!props.domains.length) invalidProps(this, 'a distribution needs at least one domain');
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== EDGE_REGION) {
      invalidProps(
        this,
        `CloudFront reads viewer certificates from ${EDGE_REGION} only, not ${region}: place it in the edge stack`,
      );
    }
    const names = props.domains.flatMap((d) => hostNames(d.name));
    this.certificate = this.createCertificate(props.domains, names);
    // EDGE-7
    this.cookieFunction = new CookieHardeningFunction(this, 'CookieHardening', {
      allowSameSiteNone: props.allowSameSiteNone,
    });
    this.distribution = this.createDistribution(props, names);
    this.addAliasRecords(props.domains);
  }

  /**
   * EDGE-3, EDGE-9: one certificate for the apex and www of every domain, DNS-validated in each zone;
   * ACM renews it automatically as long as the validation records stay.
   */
  private createCertificate(domains: readonly ServedDomain[], names: readonly string[]): acm.Certificate {
    const validationZones: Record<string, route53.IHostedZone> = {};
    for (const d of domains) for (const name of hostNames(d.name)) validationZones[name] = d.zone;
    return new acm.Certificate(this, 'Certificate', {
      domainName: names[0],
      subjectAlternativeNames: names.slice(1),
      validation: acm.CertificateValidation.fromDnsMultiZone(validationZones),
      transparencyLoggingEnabled: true,
    });
  }

  private createDistribution(props: EdgeDistributionProps, names: string[]): cloudfront.Distribution {
    const behavior = this.behaviorFactory(props);
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: props.comment,
      domainNames: names,
      certificate: this.certificate,
      minimumProtocolVersion: VIEWER_TLS_POLICY, // EDGE-2
      sslSupportMethod: cloudfront.SSLMethod.SNI,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      webAclId: props.webAclArn,
      defaultBehavior: behavior(cloudfront.CachePolicy.CACHING_DISABLED, cloudfront.AllowedMethods.ALLOW_ALL),
      additionalBehaviors: Object.fromEntries(
        (props.cachedPathPatterns ?? DEFAULT_CACHED_PATH_PATTERNS).map((pattern) => [
          pattern,
          behavior(cloudfront.CachePolicy.CACHING_OPTIMIZED, cloudfront.AllowedMethods.ALLOW_GET_HEAD),
        ]),
      ),
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: LOG_FILE_PREFIX,
      // Cookies carry sessions: never written to the logs.
      logIncludesCookies: false,
    });
    acknowledge(
      distribution.node.defaultChild as cloudfront.CfnDistribution,
      'Customers book from anywhere; blocking countries would lock out travelling users. Abuse is limited by the ' +
        'WAF rules instead (IP reputation, anonymous IPs, rate limits, ATP).',
      'AwsSolutions-CFR1',
    );
    return distribution;
  }

  /** Every behavior is built here, so none can miss the redirect, the headers or the function. */
  private behaviorFactory(
    props: EdgeDistributionProps,
  ): (cachePolicy: cloudfront.ICachePolicy, allowedMethods: cloudfront.AllowedMethods) => cloudfront.BehaviorOptions {
    // EDGE-5: the load balancer is internal, with no public address; CloudFront reaches it from inside
    // the VPC. EDGE-1, EDGE-2: HTTPS only, TLS 1.2 only, to a name the load balancer's certificate covers.
    const origin = origins.VpcOrigin.withApplicationLoadBalancer(props.loadBalancer, {
      domainName: props.originDomainName,
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      httpsPort: ORIGIN_HTTPS_PORT,
    });
    return (cachePolicy, allowedMethods) => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS, // EDGE-1
      responseHeadersPolicy: props.headersPolicy, // EDGE-4
      // EDGE-7: origin response runs on every status the origin returns (viewer response skips 400 and above),
      // and cached responses keep the headers it set, so no viewer-response function is needed besides.
      edgeLambdas: [
        { functionVersion: this.cookieFunction.version, eventType: cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE },
      ],
      cachePolicy,
      // The Host header stays out: CloudFront checks the origin certificate against the name it sends.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      allowedMethods,
      compress: true,
    });
  }

  /** EDGE-9: apex and www of every domain point to the distribution, over IPv4 and IPv6. */
  private addAliasRecords(domains: readonly ServedDomain[]): void {
    const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.distribution));
    for (const d of domains) {
      for (const [label, recordName] of [
        ['Apex', d.name],
        ['Www', `www.${d.name}`],
      ] as const) {
        const s = new Construct(this, `${d.name}-${label}`);
        new route53.ARecord(s, 'A', { zone: d.zone, recordName, target });
        new route53.AaaaRecord(s, 'Aaaa', { zone: d.zone, recordName, target });
      }
    }
  }
}
