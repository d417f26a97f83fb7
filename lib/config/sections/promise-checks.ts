// OPS-5: a config value that would break a claim of the security page is refused at synth, with the claim, the reason
// and the fix, unless the stage waives that claim (`waivers`); the report and the page then show it as not kept.
// Which values: every config value that a claim's check (lib/compliance/claims/*.ts) turns into "not kept" or
// "partly kept". Most such values are already type errors (backup.frequentIntervalHours above 4, a CSP with
// 'unsafe-inline', a mutable image tag, a root container user...); the ones below are valid for AWS but break a
// promise, so only a waiver lets them through.
import { cidrContains, cidrProblem } from '../../core/cidr';
import { DEFAULT_LIKE_MASTER_USERNAMES } from '../../defaults/database';
import { KNOWN_CLAIM_IDS } from '../claim-ids';
import type { Problems } from '../problems';
import type { StageConfig } from '../schema';

/** One config value that breaks a claim. */
interface Breach {
  readonly claim: string;
  readonly path: string;
  readonly got: unknown;
  readonly problem: string;
  readonly fix: string;
}

/** BKP-6 promises "kept 90 days, then destroyed": the history rule keeps exactly this many days. */
const HISTORY_DAYS = 90;

/**
 * Ranges that never appear as `aws:SourceIp` of a call to a public AWS endpoint: that key holds the public address the
 * request came from ("Only public IP addresses or public IP ranges are supported", and it is absent for requests
 * through a VPC endpoint: https://repost.aws/knowledge-center/iam-restrict-access-policy). An operator range inside one
 * of them matches no request, so the operator role (DB-1's aws:SourceIp on ssm:StartSession) admits nobody.
 * The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are left out on purpose:
 * the example stages use them as placeholders.
 */
const NON_PUBLIC_IPV4: ReadonlyArray<readonly [string, string]> = [
  ['0.0.0.0/8', '"this network" range (RFC 1122)'],
  ['10.0.0.0/8', 'private range (RFC 1918)'],
  ['100.64.0.0/10', 'carrier-grade NAT range (RFC 6598)'],
  ['127.0.0.0/8', 'loopback range'],
  ['169.254.0.0/16', 'link-local range'],
  ['172.16.0.0/12', 'private range (RFC 1918)'],
  ['192.0.0.0/24', 'range of IETF protocol assignments (RFC 6890)'],
  ['192.168.0.0/16', 'private range (RFC 1918)'],
  ['198.18.0.0/15', 'benchmarking range (RFC 2544)'],
  ['224.0.0.0/4', 'multicast range'],
  ['240.0.0.0/4', 'reserved range (RFC 1112)'],
];
const NON_PUBLIC_IPV6: ReadonlyArray<readonly [string, string]> = [
  ['::/128', 'unspecified address'],
  ['::1/128', 'loopback address'],
  ['::ffff:0:0/96', 'IPv4-mapped range'],
  ['64:ff9b::/96', 'NAT64 range (RFC 6052)'],
  ['fc00::/7', 'unique local range (RFC 4193, the private range of IPv6)'],
  ['fe80::/10', 'link-local range'],
  ['fec0::/10', 'site-local range (deprecated)'],
  ['ff00::/8', 'multicast range'],
];

/** The kind of non-public range a valid CIDR lies in, with that range, or undefined for a public range. */
export function nonPublicRange(cidr: string): { range: string; kind: string } | undefined {
  if (cidrProblem(cidr)) return undefined;
  const table = cidr.includes(':') ? NON_PUBLIC_IPV6 : NON_PUBLIC_IPV4;
  const hit = table.find(([range]) => cidrContains(range, cidr));
  return hit && { range: hit[0], kind: hit[1] };
}

/** Every config value that breaks a claim, whether waived or not. */
export function promiseBreaches(c: Partial<StageConfig>): Breach[] {
  const out: Breach[] = [];
  const daily = c.backup?.dailyRetentionDays;
  if (daily !== undefined && daily !== HISTORY_DAYS)
    out.push({
      claim: 'BKP-6',
      path: 'backup.dailyRetentionDays',
      got: daily,
      problem:
        `breaks BKP-6 ("kept ${HISTORY_DAYS} days, then destroyed"): the daily history would be ` +
        `${daily < HISTORY_DAYS ? 'destroyed' : 'kept'} after ${daily} days`,
      fix: `set it to ${HISTORY_DAYS} (the default)`,
    });
  c.operatorCidrs?.forEach((cidr, i) => {
    const hit = nonPublicRange(cidr);
    if (hit)
      out.push({
        claim: 'DB-1',
        path: `operatorCidrs[${i}]`,
        got: cidr,
        problem:
          `lies in ${hit.range}, a ${hit.kind}: the operator role's aws:SourceIp condition only ever sees ` +
          'the public address a request to AWS comes from, so operators would be locked out (DB-1, DB-3)',
        fix:
          "list your operators' public egress address range instead (what https://checkip.amazonaws.com shows from " +
          'their network, e.g. 198.51.100.7/32 or 2001:db8:1234::/48)',
      });
  });
  if (c.app && c.app.readonlyRootFilesystem === false)
    out.push({
      claim: 'ORG-7',
      path: 'app.readonlyRootFilesystem',
      got: false,
      problem:
        'breaks ORG-7 ("the app runs exactly the code we reviewed"): a writable root file system lets the running ' +
        'container change its own code',
      fix: 'set it to true and list the directories the application writes in app.writablePaths',
    });
  if (c.lifecycle !== 'disposable' && c.backup?.airGappedCopy === false && !c.backup.secondAccountCopy)
    out.push({
      claim: 'BKP-7',
      path: 'backup.airGappedCopy',
      got: false,
      problem:
        'breaks BKP-7 ("backups survive a compromised account"): with neither the air-gapped vault nor a copy to a ' +
        'second account, every recovery point sits in the account an intruder controls',
      fix: 'remove it (the default true), or set backup.secondAccountCopy to a vault of another account',
    });
  logRetentionBreaches(c, out);
  const db = c.database;
  if (db?.keepDeployedMasterUsername && DEFAULT_LIKE_MASTER_USERNAMES.includes(db.masterUsername))
    out.push({
      claim: 'ORG-7',
      path: 'database.keepDeployedMasterUsername',
      got: true,
      problem:
        `keeps the default-like master user name "${db.masterUsername}" of an existing cluster: ORG-7 (no default ` +
        'master user name) is then only partly kept',
      fix: 'keep it only for a cluster deployed before this rule (RDS cannot rename the master user)',
    });
  return out;
}

/** AWS Control Tower's CT.CLOUDWATCH.PR.2: every CloudWatch Logs group is kept at least a year. */
const MIN_LOG_RETENTION_DAYS = 365;

/**
 * PROOF-6 promises the stage deploys where an organisation enforces AWS's own controls: a log group kept less than a
 * year fails CT.CLOUDWATCH.PR.2 (and an enforced organisation refuses the deploy).
 */
function logRetentionBreaches(c: Partial<StageConfig>, out: Breach[]): void {
  const fields: Array<[string, number | undefined]> = [
    ['flowLogRetentionDays', c.flowLogRetentionDays],
    ['app.logRetentionDays', c.app?.logRetentionDays],
    ['database.logRetentionDays', c.database?.logRetentionDays],
    ['edge.wafLogRetentionDays', c.edge?.wafLogRetentionDays],
    ['detection.trailLogGroupRetentionDays', c.detection?.trailLogGroupRetentionDays],
  ];
  for (const [path, days] of fields) {
    if (days === undefined || days >= MIN_LOG_RETENTION_DAYS) continue;
    out.push({
      claim: 'PROOF-6',
      path,
      got: days,
      problem:
        `keeps a log group ${days} days: AWS Control Tower's control CT.CLOUDWATCH.PR.2 requires at least ` +
        `${MIN_LOG_RETENTION_DAYS}, so PROOF-6 (it deploys where an organisation enforces AWS's controls) breaks`,
      fix: `keep it at least ${MIN_LOG_RETENTION_DAYS} days (the default)`,
    });
  }
}

/** OPS-5: breaches refused unless waived; waivers name known claims, once each; unused waivers are warned about. */
export function checkPromises(c: Partial<StageConfig>, p: Problems): void {
  const waivers = c.waivers ?? [];
  const seen = new Set<string>();
  waivers.forEach((w, i) => {
    if (!KNOWN_CLAIM_IDS.includes(w.claim))
      p.add(
        `waivers[${i}].claim`,
        w.claim,
        'is not a claim of this project',
        `use one of ${KNOWN_CLAIM_IDS.join(', ')} (docs/compliance/ lists them with their promises)`,
      );
    if (seen.has(w.claim)) p.add(`waivers[${i}].claim`, w.claim, 'is waived twice', 'list each claim once');
    seen.add(w.claim);
  });
  const breaches = promiseBreaches(c);
  for (const b of breaches) {
    if (seen.has(b.claim)) continue;
    p.add(
      b.path,
      b.got,
      b.problem,
      `${b.fix}; or, if this stage knowingly does not keep ${b.claim}, add { "claim": "${b.claim}", "reason": ` +
        '"<why>" } to "waivers": the report and the security page then show it as not kept, with that reason',
    );
  }
  const broken = new Set(breaches.map((b) => b.claim));
  waivers.forEach((w, i) => {
    if (KNOWN_CLAIM_IDS.includes(w.claim) && !broken.has(w.claim))
      p.warn(
        `waivers[${i}]`,
        w.claim,
        `no config value breaks ${w.claim}; the waiver only matters if its check fails (the report then shows it ` +
          'as not kept, waived), otherwise the claim is reported as kept',
      );
  });
}
