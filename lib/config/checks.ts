import { ipv4Contains, PRIVATE_IPV4_RANGES, vpcPrefixNeeded } from '../core/cidr';
import { REGION_JURISDICTION, sameJurisdiction } from '../core/regions';
import type { Problems } from './problems';
import type { StageConfig } from './schema';
import { checkBackup } from './sections/backup-checks';
import { checkDatabase } from './sections/database-checks';
import { checkDetection } from './sections/detection-checks';
import { checkEdge } from './sections/edge-checks';
import { checkLifecycle } from './sections/lifecycle-checks';
import { checkMail } from './sections/mail-checks';
import { checkPromises } from './sections/promise-checks';
import { checkRegionServices } from './sections/region-checks';

/**
 * Rules that relate several fields; each runs only when its fields are valid on their own. `raw`, the config as
 * written, tells a value set on purpose from a default where a rule needs it (lifecycle).
 */
export function crossFieldChecks(c: Partial<StageConfig>, p: Problems, raw?: unknown): void {
  checkRegions(c, p);
  checkRegionServices(c, p);
  checkDomains(c, p);
  checkAlertEmails(c, p);
  checkNetwork(c, p);
  checkDatabase(c, p);
  checkBackup(c, p);
  checkEdge(c, p);
  checkMail(c, p);
  checkDetection(c, p);
  checkLifecycle(c, p, raw);
  checkPromises(c, p);
}

function checkRegions(c: Partial<StageConfig>, p: Problems): void {
  if (c.primaryRegion && c.backupRegion) {
    if (c.primaryRegion === c.backupRegion) {
      p.add(
        'backupRegion',
        c.backupRegion,
        'must differ from primaryRegion, or a regional disaster takes the backups with the data',
        `choose one of ${sameJurisdiction(c.primaryRegion).join(', ') || '(none: this jurisdiction has a single region)'}`,
      );
    } else if (REGION_JURISDICTION[c.primaryRegion] !== REGION_JURISDICTION[c.backupRegion]) {
      p.add(
        'backupRegion',
        c.backupRegion,
        `is outside the jurisdiction of primaryRegion ${c.primaryRegion} (${REGION_JURISDICTION[c.primaryRegion]}); backups must stay there (GDPR for the EU)`,
        `choose one of ${sameJurisdiction(c.primaryRegion).join(', ') || '(none: this jurisdiction has a single region)'}`,
      );
    }
  }
  // Zone names are checked for their region and form only: which letters exist differs per
  // region and per account (zone names are mapped per account, and some zones are closed to
  // new accounts), so a static table would both go stale and still pass zones the account
  // cannot use. A wrong zone fails the first stack of a deploy (the network), before any data.
  if (c.primaryRegion && c.availabilityZones) {
    const seen = new Set<string>();
    c.availabilityZones.forEach((az, i) => {
      if (!new RegExp(`^${c.primaryRegion}[a-z]$`).test(az)) {
        p.add(
          `availabilityZones[${i}]`,
          az,
          `is not an availability zone of primaryRegion ${c.primaryRegion}`,
          `use zones such as ${c.primaryRegion}a, ${c.primaryRegion}b`,
        );
      }
      if (seen.has(az)) p.add(`availabilityZones[${i}]`, az, 'is listed twice', 'list each zone once');
      seen.add(az);
    });
  }
}

function checkDomains(c: Partial<StageConfig>, p: Problems): void {
  if (c.domains && c.domains.length === 0) {
    const why =
      c.exposure === 'public'
        ? 'a public stage needs at least one domain to serve'
        : "every stage needs a domain: the internal load balancer's TLS certificate is DNS-validated in its zone (only the validation record is public)";
    p.add('domains', c.domains, why, 'add { "name": "example.com" } (with "hostedZoneId" to use an existing zone)');
  }
  const seen = new Set<string>();
  c.domains?.forEach((d, i) => {
    if (seen.has(d.name)) p.add(`domains[${i}].name`, d.name, 'is listed twice', 'list each domain once');
    seen.add(d.name);
  });
  // A new zone for a subdomain of another configured domain is never delegated from the
  // parent's zone (the DNS stack writes no NS records): its certificate would wait for DNS
  // validation that never resolves, and its mail identity would never verify. An existing,
  // already delegated zone (hostedZoneId) is the operator's to manage and is accepted.
  const domains = c.domains ?? [];
  domains.forEach((d, i) => {
    const parent = domains.findIndex((o) => d.name.endsWith(`.${o.name}`));
    if (parent < 0) return;
    const parentName = domains[parent].name;
    if (c.exposure === 'public' && d.name === `www.${parentName}`) {
      // The edge already serves www.<domain> (alias and record): a second entry would repeat
      // that alias, which CloudFront refuses at deploy.
      p.add(
        `domains[${i}].name`,
        d.name,
        `is already served as the www alias of domains[${parent}].name ${parentName}`,
        'remove it',
      );
    } else if (!d.hostedZoneId) {
      p.add(
        `domains[${i}].name`,
        d.name,
        `is a subdomain of domains[${parent}].name ${parentName}; the new hosted zone made for it would not be delegated from the parent's zone, so its certificate and mail identity never validate`,
        `give its existing, delegated zone as domains[${i}].hostedZoneId, or remove it`,
      );
    }
  });
}

function checkAlertEmails(c: Partial<StageConfig>, p: Problems): void {
  // CDK refuses an exact repeat at synth with a construct-id clash that names no config
  // field; a repeat differing only in the domain's case is the same mailbox (domains are
  // case-insensitive), which would get every alert twice.
  const seen = new Map<string, number>();
  c.alertEmails?.forEach((address, i) => {
    const at = address.lastIndexOf('@');
    const key = `${address.slice(0, at)}@${address.slice(at + 1).toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined)
      p.add(
        `alertEmails[${i}]`,
        address,
        `is listed twice (same address as alertEmails[${first}])`,
        'list each address once',
      );
    else seen.set(key, i);
  });
}

function checkNetwork(c: Partial<StageConfig>, p: Problems): void {
  const seen = new Set<string>();
  c.operatorCidrs?.forEach((cidr, i) => {
    if (seen.has(cidr)) p.add(`operatorCidrs[${i}]`, cidr, 'is listed twice', 'list each range once');
    seen.add(cidr);
  });
  const vpcCidr = c.vpcCidr;
  if (vpcCidr) {
    // A public range would shadow the real internet addresses it covers for every workload.
    if (!PRIVATE_IPV4_RANGES.some((r) => ipv4Contains(r, vpcCidr))) {
      p.add(
        'vpcCidr',
        c.vpcCidr,
        `is not inside a private (RFC 1918) range ${PRIVATE_IPV4_RANGES.join(', ')}; the VPC would hide the internet hosts that own it`,
        'use a private range such as 10.0.0.0/16',
      );
    }
    const zones = c.availabilityZones?.length;
    const needed = zones ? vpcPrefixNeeded(zones) : undefined;
    if (needed !== undefined && Number(vpcCidr.split('/')[1]) > needed) {
      p.add(
        'vpcCidr',
        c.vpcCidr,
        `is too small for the public, private and isolated subnets of ${zones} availability zones (they need a /${needed} or larger)`,
        `use a /${needed} or larger, e.g. 10.0.0.0/${needed}, or span fewer zones`,
      );
    }
  }
  if (c.natGateways !== undefined && c.availabilityZones && c.natGateways > c.availabilityZones.length) {
    p.add(
      'natGateways',
      c.natGateways,
      `exceeds the ${c.availabilityZones.length} availability zones`,
      `use at most ${c.availabilityZones.length}`,
    );
  }
}
