import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';

/**
 * The only certificate authorities allowed to issue for the platform's domains:
 * Amazon's, under every name ACM uses (EDGE-3). Without an `issuewild` record,
 * the same list governs wildcard certificates.
 */
export const AMAZON_CAS = ['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com'] as const;

/** CAA changes are rare; an hour keeps a mistake short-lived without load on the zone. */
const CAA_TTL = Duration.hours(1);

/** Properties of {@link DnsStack}. */
export interface DnsStackProps extends StackProps {
  /** The validated stage: `domains` (and `edge.caaIodefEmail`). */
  readonly config: StageConfig;
}

/**
 * Global (us-east-1), stateful: one public hosted zone per domain and its CAA
 * records (EDGE-3, EDGE-9). A domain with a `hostedZoneId` is imported by id and
 * name, never looked up; the others get a new zone, kept if the stack is deleted
 * (its name servers are delegated at the registrar).
 */
export class DnsStack extends Stack {
  /** Hosted zone of each configured domain, by domain name. */
  readonly zones: Readonly<Record<string, route53.IHostedZone>>;

  constructor(scope: Construct, id: string, props: DnsStackProps) {
    super(scope, id, props);
    const zones: Record<string, route53.IHostedZone> = {};
    const iodef = props.config.edge.caaIodefEmail;

    for (const domain of props.config.domains) {
      // One construct scope per domain name: IDs stay stable when domains are added or reordered.
      const scopeOf = new Construct(this, domain.name);
      let zone: route53.IHostedZone;
      if (domain.hostedZoneId) {
        zone = route53.PublicHostedZone.fromPublicHostedZoneAttributes(scopeOf, 'Zone', {
          hostedZoneId: domain.hostedZoneId,
          zoneName: domain.name,
        });
      } else {
        const created = new route53.PublicHostedZone(scopeOf, 'Zone', {
          zoneName: domain.name,
          comment: `${props.config.name}: ${domain.name}`,
        });
        created.applyRemovalPolicy(RemovalPolicy.RETAIN);
        zone = created;
      }

      // EDGE-3: only Amazon may issue certificates for this domain and its subdomains.
      new route53.CaaRecord(scopeOf, 'Caa', {
        zone,
        ttl: CAA_TTL,
        values: [
          ...AMAZON_CAS.map((ca) => ({ flag: 0, tag: route53.CaaTag.ISSUE, value: ca })),
          ...(iodef ? [{ flag: 0, tag: route53.CaaTag.IODEF, value: `mailto:${iodef}` }] : []),
        ],
      });
      zones[domain.name] = zone;
    }
    this.zones = zones;
  }
}
