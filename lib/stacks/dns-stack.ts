import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { DomainZone } from '../constructs/edge/domain-zone';

/** Properties of {@link DnsStack}. */
export interface DnsStackProps extends StackProps {
  /** The validated stage: its name, `domains` and `edge.caaIodefEmail`. */
  readonly config: Pick<StageConfig, 'name' | 'domains' | 'edge'>;
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
    const { config } = props;
    const zones: Record<string, route53.IHostedZone> = {};
    for (const domain of config.domains) {
      // One construct scope per domain name: IDs stay stable when domains are added or reordered.
      zones[domain.name] = new DomainZone(this, domain.name, {
        ...domain,
        comment: `${config.name}: ${domain.name}`,
        caaIodefEmail: config.edge.caaIodefEmail,
      }).zone;
    }
    this.zones = zones;
  }
}
