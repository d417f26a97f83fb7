import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { CONTAINER_NAME, type FargateApp } from './fargate-app';
import { InternalLoadBalancer, type ResponseHeaders } from './internal-load-balancer';

/** Seconds a deregistering task keeps serving in-flight requests. */
const DEREGISTRATION_DELAY_SECONDS = 30;

/** Status codes the target health check accepts (redirects count as alive). */
const HEALTHY_HTTP_CODES = '200-399';

/** Properties of {@link OriginEndpoint}. */
export interface OriginEndpointProps {
  /** VPC whose private subnets hold the load balancer, and the only VPC its private name resolves in. */
  readonly vpc: ec2.IVpc;
  /** The VPC's IPv4 range, written out: the only source the load balancer admits (see {@link InternalLoadBalancer}). */
  readonly vpcCidr: string;
  /** Name the certificate is issued for and the private zone serves, e.g. `origin.example.com`. */
  readonly domainName: string;
  /**
   * Public zone the certificate's DNS validation record goes into.
   * @default - none: the validation record is created by hand (the CNAME ACM shows)
   */
  readonly validationZone?: route53.IHostedZone;
  /** Comment of the private hosted zone. */
  readonly zoneComment: string;
  /** Bucket of the load balancer's access logs. */
  readonly accessLogsBucket: s3.IBucket;
  /** Security headers the load balancer adds to every response. */
  readonly responseHeaders: ResponseHeaders;
  /** The REGIONAL web ACL associated with the load balancer (EDGE-8). */
  readonly webAcl: wafv2.CfnWebACL;
}

/**
 * The origin CloudFront (or, on an internal stage, the client) connects to: the internal,
 * TLS-only load balancer with its ACM certificate (EDGE-3), its private DNS name (ORG-2) and
 * its regional web ACL association (EDGE-8); EDGE-1, EDGE-2 and EDGE-5 are kept by
 * {@link InternalLoadBalancer}.
 */
export class OriginEndpoint extends Construct {
  /** The certificate of {@link OriginEndpointProps.domainName}. */
  readonly certificate: acm.Certificate;
  /** The load balancer and its listeners. */
  readonly internalLoadBalancer: InternalLoadBalancer;
  /** The internal, TLS-only load balancer. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The private zone in which {@link OriginEndpointProps.domainName} resolves to the load balancer. */
  readonly privateZone: route53.PrivateHostedZone;

  constructor(scope: Construct, id: string, props: OriginEndpointProps) {
    super(scope, id);
    this.certificate = this.createCertificate(props.domainName, props.validationZone);

    // EDGE-1, EDGE-2, EDGE-5, ORG-2: internal, TLS 1.2+ only, headers set by the load balancer too.
    this.internalLoadBalancer = new InternalLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcCidr: props.vpcCidr,
      certificate: this.certificate,
      accessLogsBucket: props.accessLogsBucket,
      responseHeaders: props.responseHeaders,
    });
    this.loadBalancer = this.internalLoadBalancer.loadBalancer;
    this.privateZone = this.createPrivateName(props);

    // EDGE-8
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.loadBalancer.loadBalancerArn,
      webAclArn: props.webAcl.attrArn,
    });
  }

  /**
   * Forwards the HTTPS listener's traffic to the app's tasks over HTTP inside the VPC (on the app's
   * container port, health-checked on its path), and admits the load balancer in the tasks' security group.
   */
  forwardTo(app: FargateApp): void {
    const lb = this.internalLoadBalancer;
    const port = app.containerPort;
    lb.httpsListener.addTargets('App', {
      protocol: elbv2.ApplicationProtocol.HTTP,
      port,
      targets: [app.service.loadBalancerTarget({ containerName: CONTAINER_NAME, containerPort: port })],
      deregistrationDelay: Duration.seconds(DEREGISTRATION_DELAY_SECONDS),
      healthCheck: {
        path: app.healthCheckPath,
        healthyHttpCodes: HEALTHY_HTTP_CODES,
      },
    });

    // Registering the targets opened the load balancer's egress to the tasks; the tasks'
    // ingress from it is declared here, in this construct's stack (a remote rule): written into
    // the stack that owns the tasks' group, it would point back at this one, a dependency cycle.
    app.securityGroup.addIngressRule(lb.securityGroup, ec2.Port.tcp(port), 'from the internal load balancer', true);
  }

  /**
   * EDGE-3: ACM, DNS-validated in the domain's public zone, renewed by ACM for as long as the record stays.
   * Only the `_<hash>.` validation CNAME is public; it names no address (ORG-2).
   */
  private createCertificate(domainName: string, validationZone?: route53.IHostedZone): acm.Certificate {
    return new acm.Certificate(this, 'Certificate', {
      domainName,
      validation: validationZone
        ? acm.CertificateValidation.fromDns(validationZone)
        : acm.CertificateValidation.fromDns(),
      keyAlgorithm: acm.KeyAlgorithm.EC_PRIME256V1,
      transparencyLoggingEnabled: true,
    });
  }

  /**
   * ORG-2: the load balancer's name resolves only inside the VPC (CloudFront's VPC origin
   * interfaces and operators); no public zone ever holds a record pointing at it.
   */
  private createPrivateName(props: OriginEndpointProps): route53.PrivateHostedZone {
    const zone = new route53.PrivateHostedZone(this, 'Zone', {
      zoneName: props.domainName,
      vpc: props.vpc,
      comment: props.zoneComment,
    });
    new route53.ARecord(this, 'Record', {
      zone,
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.loadBalancer)),
    });
    return zone;
  }
}
