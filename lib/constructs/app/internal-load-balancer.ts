import { Duration } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HSTS_HEADER_VALUE } from '../../defaults/constants';
import { closedSecurityGroupProps } from '../../defaults/ec2';
import { acknowledge } from '../../defaults/nag';

/**
 * EDGE-2: TLS 1.3 and TLS 1.2 only, TLS 1.2 restricted to ECDHE key exchange with
 * AES-GCM (forward-secret AEAD, no CBC, no SHA-1), plus the hybrid post-quantum
 * key exchange for clients that offer it. The newest restricted policy in this CDK;
 * the CloudFormation default is still ELBSecurityPolicy-2016-08, which allows TLS 1.0.
 */
export const ALB_SSL_POLICY = elbv2.SslPolicy.TLS13_12_RES_PQ;

/** Where browsers may frame the app: nowhere, consistent with `frame-ancestors 'none'` in the CSP. */
export const X_FRAME_OPTIONS = 'DENY';

const HTTPS_PORT = 443;
const HTTP_PORT = 80;

/** Security headers the load balancer adds to every response (defense in depth behind CloudFront). */
export interface ResponseHeaders {
  /** Content-Security-Policy value. */
  readonly contentSecurityPolicy: string;
  /**
   * Strict-Transport-Security value.
   * @default HSTS_HEADER_VALUE (two years, includeSubDomains, preload: the value CloudFront sends, EDGE-4)
   */
  readonly strictTransportSecurity?: string;
  /**
   * X-Frame-Options value.
   * @default X_FRAME_OPTIONS (DENY)
   */
  readonly xFrameOptions?: string;
}

/** Properties of {@link InternalLoadBalancer}. */
export interface InternalLoadBalancerProps {
  /** VPC whose private subnets hold the load balancer. */
  readonly vpc: ec2.IVpc;
  /**
   * The VPC's IPv4 range, written out: the only source the security group admits.
   * A literal rather than the VPC's token, so that the rule is readable in the template
   * and checkable at synth (cdk-nag cannot resolve a cross-stack token and would see "any").
   */
  readonly vpcCidr: string;
  /** Certificate served by the HTTPS listener (ACM, same region). */
  readonly certificate: acm.ICertificate;
  /** Bucket receiving the access logs: SSE-S3 only (see {@link LogBucket}). */
  readonly accessLogsBucket: s3.IBucket;
  /** Headers added to every response. */
  readonly responseHeaders: ResponseHeaders;
  /**
   * Key prefix of the access logs.
   * @default ACCESS_LOGS_PREFIX (alb)
   */
  readonly accessLogsPrefix?: string;
}

/** Prefix of the load balancer's objects in its access log bucket. */
export const ACCESS_LOGS_PREFIX = 'alb';

/**
 * An internal Application Load Balancer that speaks only TLS 1.2+ (EDGE-1, EDGE-2).
 *
 * EDGE-5 / ORG-2: it is never internet-facing and has no public address. CloudFront
 * reaches it through a VPC origin, whose elastic network interfaces live in this VPC,
 * so its security group admits only the VPC's own range. The managed prefix list
 * `com.amazonaws.global.cloudfront.origin-facing` would be narrower, but its id
 * differs per region and needs a lookup, which synth must never do; and it lists the
 * public edge addresses, which a VPC origin does not use.
 */
export class InternalLoadBalancer extends Construct {
  /** The load balancer. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** Its security group. */
  readonly securityGroup: ec2.SecurityGroup;
  /** The HTTPS listener: targets are added to it. */
  readonly httpsListener: elbv2.ApplicationListener;
  /** The port-80 listener, which only redirects. */
  readonly redirectListener: elbv2.ApplicationListener;

  constructor(scope: Construct, id: string, props: InternalLoadBalancerProps) {
    super(scope, id);
    this.securityGroup = this.createSecurityGroup(props.vpc, props.vpcCidr);
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: false, // EDGE-5, ORG-2
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: this.securityGroup,
      ipAddressType: elbv2.IpAddressType.IPV4,
      deletionProtection: true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      // EDGE-8: if WAF cannot be reached, refuse requests rather than let them through uninspected.
      wafFailOpen: false,
      http2Enabled: true,
      idleTimeout: Duration.seconds(60),
    });
    this.loadBalancer.logAccessLogs(props.accessLogsBucket, props.accessLogsPrefix ?? ACCESS_LOGS_PREFIX);
    this.httpsListener = this.addHttpsListener(props.certificate, props.responseHeaders);
    this.redirectListener = this.addRedirectListener();
  }

  /** EDGE-5: CloudFront VPC origin interfaces and in-VPC clients only; never 0.0.0.0/0. */
  private createSecurityGroup(vpc: ec2.IVpc, vpcCidr: string): ec2.SecurityGroup {
    // Egress is opened only towards the targets, by the listener.
    const group = new ec2.SecurityGroup(
      this,
      'SecurityGroup',
      closedSecurityGroupProps(vpc, 'Internal load balancer: HTTPS (and the HTTP redirect) from inside the VPC only'),
    );
    const vpcRange = ec2.Peer.ipv4(vpcCidr);
    group.addIngressRule(
      vpcRange,
      ec2.Port.tcp(HTTPS_PORT),
      'HTTPS from inside the VPC (CloudFront VPC origin, operators)',
    );
    // EDGE-1: port 80 carries nothing but a redirect, so an in-VPC client that types http:// lands on HTTPS.
    group.addIngressRule(
      vpcRange,
      ec2.Port.tcp(HTTP_PORT),
      'HTTP from inside the VPC, answered with a redirect to HTTPS',
    );
    return group;
  }

  /** EDGE-2: TLS 1.2+ with forward-secret AEAD suites only. */
  private addHttpsListener(certificate: acm.ICertificate, headers: ResponseHeaders): elbv2.ApplicationListener {
    const listener = this.loadBalancer.addListener('Https', {
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: HTTPS_PORT,
      certificates: [certificate],
      sslPolicy: ALB_SSL_POLICY,
      // The ingress rules of the security group are the only ones; `open` would add 0.0.0.0/0.
      // No default action here: the first target group added becomes it.
      open: false,
    });
    this.setResponseHeaders(listener, headers);
    return listener;
  }

  /** EDGE-1: port 80 only ever answers 301 to the same URL over HTTPS. */
  private addRedirectListener(): elbv2.ApplicationListener {
    const listener = this.loadBalancer.addListener('HttpRedirect', {
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: HTTP_PORT,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: String(HTTPS_PORT), permanent: true }),
    });
    acknowledge(
      listener,
      'This plain-HTTP listener has a single action, a 301 redirect to HTTPS on 443, and forwards nothing to any ' +
        'target (EDGE-1); a certificate cannot apply to plain HTTP. All content is served by the HTTPS listener, ' +
        'which has an ACM certificate.',
      { compliance: 'ELBv2ACMCertificateRequired' },
    );
    return listener;
  }

  /**
   * EDGE-4 (defense in depth): the load balancer sets the security headers itself,
   * so a response that bypasses CloudFront's headers policy (internal stages have no
   * CloudFront at all) still carries them, and drops its own `Server` header.
   */
  private setResponseHeaders(listener: elbv2.ApplicationListener, headers: ResponseHeaders): void {
    const attributes: Record<string, string> = {
      'routing.http.response.strict_transport_security.header_value':
        headers.strictTransportSecurity ?? HSTS_HEADER_VALUE,
      'routing.http.response.content_security_policy.header_value': headers.contentSecurityPolicy,
      'routing.http.response.x_content_type_options.header_value': 'nosniff',
      'routing.http.response.x_frame_options.header_value': headers.xFrameOptions ?? X_FRAME_OPTIONS,
      'routing.http.response.server.enabled': 'false',
    };
    for (const [key, value] of Object.entries(attributes)) listener.setAttribute(key, value);
  }
}
