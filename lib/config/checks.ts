import { Problems } from './problems';
import { REGION_JURISDICTION, sameJurisdiction } from './regions';
import type { StageConfig } from './schema';
import { checkBackup } from './sections/backup-checks';
import { checkDatabase } from './sections/database-checks';
import { checkEdge } from './sections/edge-checks';
import { checkMail } from './sections/mail-checks';

/** Rules that relate several fields; each runs only when its fields are valid on their own. */
export function crossFieldChecks(c: Partial<StageConfig>, p: Problems): void {
  checkRegions(c, p);
  checkDomains(c, p);
  checkNetwork(c, p);
  checkDatabase(c, p);
  checkBackup(c, p);
  checkEdge(c, p);
  checkMail(c, p);
}

function checkRegions(c: Partial<StageConfig>, p: Problems): void {
  if (c.primaryRegion && c.backupRegion) {
    if (c.primaryRegion === c.backupRegion) {
      p.add('backupRegion', c.backupRegion, 'must differ from primaryRegion, or a regional disaster takes the backups with the data', `choose one of ${sameJurisdiction(c.primaryRegion).join(', ') || '(none: this jurisdiction has a single region)'}`);
    } else if (REGION_JURISDICTION[c.primaryRegion] !== REGION_JURISDICTION[c.backupRegion]) {
      p.add('backupRegion', c.backupRegion, `is outside the jurisdiction of primaryRegion ${c.primaryRegion} (${REGION_JURISDICTION[c.primaryRegion]}); backups must stay there (GDPR for the EU)`, `choose one of ${sameJurisdiction(c.primaryRegion).join(', ') || '(none: this jurisdiction has a single region)'}`);
    }
  }
  if (c.primaryRegion && c.availabilityZones) {
    const seen = new Set<string>();
    c.availabilityZones.forEach((az, i) => {
      if (!new RegExp(`^${c.primaryRegion}[a-z]$`).test(az)) {
        p.add(`availabilityZones[${i}]`, az, `is not an availability zone of primaryRegion ${c.primaryRegion}`, `use zones such as ${c.primaryRegion}a, ${c.primaryRegion}b`);
      }
      if (seen.has(az)) p.add(`availabilityZones[${i}]`, az, 'is listed twice', 'list each zone once');
      seen.add(az);
    });
  }
}

function checkDomains(c: Partial<StageConfig>, p: Problems): void {
  if (c.domains && c.domains.length === 0) {
    const why = c.exposure === 'public'
      ? 'a public stage needs at least one domain to serve'
      : 'every stage needs a domain: the internal load balancer\'s TLS certificate is DNS-validated in its zone (only the validation record is public)';
    p.add('domains', c.domains, why, 'add { "name": "example.com" } (with "hostedZoneId" to use an existing zone)');
  }
  const seen = new Set<string>();
  c.domains?.forEach((d, i) => {
    if (seen.has(d.name)) p.add(`domains[${i}].name`, d.name, 'is listed twice', 'list each domain once');
    seen.add(d.name);
  });
}

function checkNetwork(c: Partial<StageConfig>, p: Problems): void {
  const seen = new Set<string>();
  c.operatorCidrs?.forEach((cidr, i) => {
    if (seen.has(cidr)) p.add(`operatorCidrs[${i}]`, cidr, 'is listed twice', 'list each range once');
    seen.add(cidr);
  });
  if (c.natGateways !== undefined && c.availabilityZones && c.natGateways > c.availabilityZones.length) {
    p.add('natGateways', c.natGateways, `exceeds the ${c.availabilityZones.length} availability zones`, `use at most ${c.availabilityZones.length}`);
  }
}
