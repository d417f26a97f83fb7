import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

/**
 * The only certificate authorities allowed to issue for the platform's domains:
 * Amazon's, under every name ACM uses (EDGE-3). Without an `issuewild` record,
 * the same list governs wildcard certificates.
 */
export const AMAZON_CAS = ['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com'] as const;

/** CAA changes are rare; an hour keeps a mistake short-lived without load on the zone. */
const CAA_TTL = Duration.hours(1);

/** Properties of {@link DomainZone}; named as a domain of the stage config, so one can be spread in. */
export interface DomainZoneProps {
  /** The domain, e.g. `example.com`. */
  readonly name: string;
  /**
   * An existing public hosted zone of the domain, imported by id and name (never looked up).
   * @default - a new zone is created, and retained if the stack is deleted
   */
  readonly hostedZoneId?: string;
  /**
   * Comment of a created zone.
   * @default - none
   */
  readonly comment?: string;
  /**
   * Address receiving CAA violation reports (iodef).
   * @default - none
   */
  readonly caaIodefEmail?: string;
}

/**
 * The public hosted zone of one domain (EDGE-9) and its CAA record, which lets only Amazon
 * issue certificates for the domain and its subdomains (EDGE-3).
 */
export class DomainZone extends Construct {
  /** The domain's hosted zone, created or imported. */
  readonly zone: route53.IHostedZone;

  constructor(scope: Construct, id: string, props: DomainZoneProps) {
    super(scope, id);
    this.zone = props.hostedZoneId
      ? route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'Zone', {
          hostedZoneId: props.hostedZoneId,
          zoneName: props.name,
        })
      : this.createZone(props);

    // EDGE-3
    const iodef = props.caaIodefEmail;
    new route53.CaaRecord(this, 'Caa', {
      zone: this.zone,
      ttl: CAA_TTL,
      values: [
        ...AMAZON_CAS.map((ca) => ({ flag: 0, tag: route53.CaaTag.ISSUE, value: ca })),
        ...(iodef ? [{ flag: 0, tag: route53.CaaTag.IODEF, value: `mailto:${iodef}` }] : []),
      ],
    });
  }

  /** A new zone, kept if the stack is deleted: its name servers are delegated at the registrar. */
  private createZone(props: DomainZoneProps): route53.PublicHostedZone {
    const zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: props.name, comment: props.comment });
    zone.applyRemovalPolicy(RemovalPolicy.RETAIN);
    return zone;
  }
}
