import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { DomainZone } from '../constructs/edge/domain-zone';
import { domainOutputSuffix } from '../core/cli-command';
import { invalidProps } from '../defaults/errors';

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
    this.addDelegationOutputs(zones);
  }

  /**
   * OPS-1: what the registrar needs, read with `aws cloudformation describe-stacks` right after this stack alone is
   * deployed (README, "Deploying"): the name servers of every zone this stack creates. Certificates of the App and
   * Edge stacks validate in these zones only once the registrar delegates to them. An imported zone
   * (`hostedZoneId`) is already delegated, and its name servers are not known here: it gets its id only.
   */
  private addDelegationOutputs(zones: Readonly<Record<string, route53.IHostedZone>>): void {
    const seen = new Map<string, string>();
    for (const [domain, zone] of Object.entries(zones)) {
      const suffix = domainOutputSuffix(domain);
      const other = seen.get(suffix);
      if (other) invalidProps(this, `domains ${other} and ${domain} give the same output name ${suffix}`);
      seen.set(suffix, domain);
      new CfnOutput(this, `HostedZoneId${suffix}`, {
        description: `Hosted zone of ${domain}`,
        value: zone.hostedZoneId,
      });
      if (!(zone instanceof route53.PublicHostedZone) || !zone.hostedZoneNameServers) continue;
      new CfnOutput(this, `NameServers${suffix}`, {
        description: `Name servers of ${domain}: set them as its NS records at the registrar`,
        value: Fn.join(',', zone.hostedZoneNameServers),
      });
    }
  }
}
