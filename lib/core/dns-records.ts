/**
 * Offline validators for every DNS value the mail stack writes (MAIL-1): DMARC
 * tags (RFC 7489), SPF syntax and its 10-DNS-lookup limit (RFC 7208), DKIM and
 * MAIL FROM record names. Each returns a list of problems (empty when valid), so
 * the constructs can refuse a typo at synth time and the tests can run the same
 * checks over the synthesized template.
 */

/** RFC 7208 section 4.6.4: at most 10 mechanisms or modifiers that cause DNS lookups. */
export const SPF_MAX_DNS_LOOKUPS = 10;

/** A TXT character-string holds at most 255 octets (RFC 1035); CDK splits longer values. */
export const TXT_STRING_MAX = 255;

/**
 * DNS lookups that the SPF record of a known `include:` domain costs in turn, as
 * published when this was written. `include:amazonses.com` resolves to a record of
 * `ip4:` ranges only (no further lookup); unknown includes count one lookup each
 * and are reported, so their cost is never assumed to be zero silently.
 */
export const KNOWN_SPF_INCLUDE_LOOKUPS: Readonly<Record<string, number>> = {
  'amazonses.com': 0,
};

const LABEL = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
// Service labels such as _dmarc and _domainkey start with an underscore (RFC 8552); no other underscore.
const UNDERSCORE_LABEL = '_?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
const RECORD_NAME_RE = new RegExp(`^(${UNDERSCORE_LABEL}\\.)*(${LABEL}\\.)+[a-z]{2,63}$`);
const EMAIL_RE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Strips one trailing dot (absolute names) and lowercases. */
function canonical(name: string): string {
  return (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase();
}

/** Problems of a DNS record name (letters, digits, hyphens; underscore labels such as `_dmarc`). */
export function recordNameProblems(name: string): string[] {
  const n = canonical(name);
  const problems: string[] = [];
  if (n.length > 253) problems.push(`"${name}" is longer than 253 characters`);
  if (n.split('.').some((l) => l.length > 63)) problems.push(`"${name}" has a label longer than 63 characters`);
  if (!RECORD_NAME_RE.test(n)) problems.push(`"${name}" is not a valid DNS record name`);
  return problems;
}

/** Reports a name that ends with the zone twice, the classic CDK record-name pitfall. */
function doubledSuffix(name: string, domain: string): string[] {
  const n = canonical(name);
  return n.endsWith(`.${domain}.${domain}`)
    ? [`"${name}" ends with the zone ${domain} twice (CDK appended the zone to a name that already had it)`]
    : [];
}

/** Problems of an Easy DKIM CNAME name: `<selector>._domainkey.<domain>`. */
export function dkimNameProblems(name: string, domain: string): string[] {
  const n = canonical(name);
  const doubled = doubledSuffix(name, domain);
  if (doubled.length) return doubled;
  const m = new RegExp(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)\\._domainkey\\.${escapeRegExp(domain)}$`).exec(n);
  return m ? [] : [`"${name}" is not <selector>._domainkey.${domain}`];
}

/** Problems of an Easy DKIM CNAME target: `<token>.dkim.amazonses.com`. */
export function dkimTargetProblems(value: string): string[] {
  return /^[a-z0-9]{16,64}\.dkim\.amazonses\.com$/.test(canonical(value))
    ? []
    : [`"${value}" is not <token>.dkim.amazonses.com`];
}

/** Problems of the MAIL FROM MX value: `10 feedback-smtp.<region>.amazonses.com`. */
export function mailFromMxProblems(value: string, region: string): string[] {
  const expected = `10 feedback-smtp.${region}.amazonses.com`;
  return canonical(value) === expected
    ? []
    : [`"${value}" is not "${expected}" (the SES feedback endpoint of the sending region)`];
}

/** Problems of the MAIL FROM domain: one label under the identity domain, never the domain itself. */
export function mailFromNameProblems(name: string, domain: string): string[] {
  const n = canonical(name);
  const doubled = doubledSuffix(name, domain);
  if (doubled.length) return doubled;
  return new RegExp(`^${LABEL}\\.${escapeRegExp(domain)}$`).test(n)
    ? []
    : [`"${name}" is not one subdomain label under ${domain}`];
}

/** Options of {@link spfProblems}. */
export interface SpfOptions {
  /**
   * Lookups each known included domain costs in turn.
   * @default KNOWN_SPF_INCLUDE_LOOKUPS
   */
  readonly includeLookups?: Readonly<Record<string, number>>;
}

/** Counted DNS lookups and the problems of one SPF record. */
export interface SpfReport {
  /** Problems; empty when the record is valid. */
  readonly problems: string[];
  /** DNS lookups the record costs, includes expanded where known. */
  readonly lookups: number;
}

/** What the terms of one SPF record have shown so far. */
interface SpfScan {
  readonly problems: string[];
  readonly modifiers: Set<string>;
  lookups: number;
  allSeen: boolean;
}

/** Parses an SPF record (RFC 7208) and counts its DNS lookups. */
export function spfReport(record: string, options: SpfOptions = {}): SpfReport {
  const known = options.includeLookups ?? KNOWN_SPF_INCLUDE_LOOKUPS;
  const scan: SpfScan = { problems: [], modifiers: new Set<string>(), lookups: 0, allSeen: false };
  const { problems } = scan;
  if (record !== record.trim() || /\s{2,}/.test(record))
    problems.push('terms must be separated by single spaces, without leading or trailing space');
  const [version, ...terms] = record.trim().split(/\s+/);
  if (version !== 'v=spf1') problems.push(`must start with "v=spf1" (got "${version}")`);
  for (const term of terms) {
    if (scan.allSeen) problems.push(`"${term}" follows "all" and is never evaluated`);
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(term);
    if (modifier) spfModifier(scan, term, modifier[1].toLowerCase(), modifier[2], terms);
    else spfMechanism(scan, term, known);
  }
  if (!scan.allSeen && !scan.modifiers.has('redirect'))
    problems.push('ends without "all" or "redirect=": receivers fall back to neutral (?all)');
  if (scan.lookups > SPF_MAX_DNS_LOOKUPS)
    problems.push(
      `needs ${scan.lookups} DNS lookups, over the limit of ${SPF_MAX_DNS_LOOKUPS} (RFC 7208 section 4.6.4): ` +
        'receivers return permerror',
    );
  return { problems, lookups: scan.lookups };
}

/** A `key=value` term: each at most once; `redirect=` costs a lookup and is void beside `all`. */
function spfModifier(scan: SpfScan, term: string, key: string, value: string, terms: readonly string[]): void {
  const { problems } = scan;
  if (scan.modifiers.has(key)) problems.push(`modifier "${key}" appears twice`);
  scan.modifiers.add(key);
  if (key === 'redirect') {
    scan.lookups += 1;
    if (terms.some((t) => /^[-+~?]?all$/i.test(t))) problems.push('"redirect=" is ignored when "all" is present');
  }
  if ((key === 'redirect' || key === 'exp') && !RECORD_NAME_RE.test(value))
    problems.push(`"${term}" does not name a domain`);
}

/** A mechanism (`[qualifier]name[:arg]`): its argument checked, its DNS lookups counted. */
function spfMechanism(scan: SpfScan, term: string, known: Readonly<Record<string, number>>): void {
  const { problems } = scan;
  const m = /^([-+~?]?)([a-z0-9]+)(?::(.*))?$/i.exec(term);
  if (!m) {
    problems.push(`"${term}" is not an SPF mechanism or modifier`);
    return;
  }
  const [, , rawName, arg] = m;
  const name = rawName.toLowerCase();
  switch (name) {
    case 'all':
      if (arg !== undefined) problems.push(`"${term}" takes no argument`);
      scan.allSeen = true;
      break;
    case 'include':
    case 'exists':
      if (!arg || !RECORD_NAME_RE.test(arg.toLowerCase())) problems.push(`"${term}" needs a domain`);
      scan.lookups += 1 + (name === 'include' && arg ? includedLookups(scan, arg, known) : 0);
      break;
    case 'a':
    case 'mx':
      if (arg !== undefined && !/^([a-z0-9.-]+)?(\/\d{1,3}){0,2}$/i.test(arg))
        problems.push(`"${term}" has a malformed argument`);
      scan.lookups += 1;
      break;
    case 'ptr':
      problems.push('"ptr" is deprecated (RFC 7208 section 5.5) and slow: do not use it');
      scan.lookups += 1;
      break;
    case 'ip4':
      if (!arg || !isIpv4Range(arg)) problems.push(`"${term}" is not an IPv4 address or range`);
      break;
    case 'ip6':
      if (!arg || !/^[0-9a-f:]+(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/i.test(arg) || !arg.includes(':'))
        problems.push(`"${term}" is not an IPv6 address or range`);
      break;
    default:
      problems.push(`"${term}" is not an SPF mechanism (a typo?)`);
  }
}

/** The nested lookups of a known include; an unknown one is a problem, counted as none. */
function includedLookups(scan: SpfScan, domain: string, known: Readonly<Record<string, number>>): number {
  const nested = known[domain.toLowerCase()];
  if (nested !== undefined) return nested;
  scan.problems.push(
    `include:${domain} is not a known SPF include: its nested lookups are unknown; add it to ` +
      'KNOWN_SPF_INCLUDE_LOOKUPS after reading its record',
  );
  return 0;
}

/** `a.b.c.d` or `a.b.c.d/n`, every octet at most 255. */
function isIpv4Range(arg: string): boolean {
  return (
    /^(\d{1,3})(\.\d{1,3}){3}(\/(3[0-2]|[12]?\d))?$/.test(arg) &&
    !arg
      .split('/')[0]
      .split('.')
      .some((o) => Number(o) > 255)
  );
}

/** Problems of an SPF record; see {@link spfReport}. */
export function spfProblems(record: string, options: SpfOptions = {}): string[] {
  return spfReport(record, options).problems;
}

const DMARC_POLICIES = ['none', 'quarantine', 'reject'];
const DMARC_TAGS = new Set(['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'pct', 'rua', 'ruf', 'fo', 'rf', 'ri']);

/** Parses the tags of a DMARC record, or returns the problems that prevent it. */
export function dmarcTags(record: string): { tags: Map<string, string>; problems: string[] } {
  const problems: string[] = [];
  const tags = new Map<string, string>();
  const parts = record.split(';').map((p) => p.trim());
  if (parts[parts.length - 1] === '') parts.pop(); // a trailing ";" is allowed
  parts.forEach((part, i) => {
    const m = /^([a-z][a-z0-9]*)\s*=\s*(.*)$/i.exec(part);
    if (!m) {
      problems.push(`"${part}" is not a tag=value pair`);
      return;
    }
    const key = m[1].toLowerCase();
    if (tags.has(key)) problems.push(`tag "${key}" appears twice`);
    if (!DMARC_TAGS.has(key)) problems.push(`"${key}" is not a DMARC tag (a typo?)`);
    if (i === 0 && key !== 'v') problems.push('must start with "v=DMARC1"');
    tags.set(key, m[2]);
  });
  return { tags, problems };
}

/** Problems of a `mailto:` URI list of rua/ruf (comma-separated, optional `!size`). */
function uriListProblems(tag: string, value: string): string[] {
  return value.split(',').flatMap((uri) => {
    const m = /^mailto:([^!]+)(![0-9]+[kmgt]?)?$/i.exec(uri.trim());
    return m && EMAIL_RE.test(m[1]) ? [] : [`${tag}: "${uri.trim()}" is not mailto:<address>`];
  });
}

/** Problems of a DMARC record (RFC 7489 section 6.3). */
export function dmarcProblems(record: string): string[] {
  const { tags, problems } = dmarcTags(record);
  if (tags.get('v') !== 'DMARC1') problems.push(`v must be "DMARC1" (got "${tags.get('v') ?? ''}")`);
  const keys = [...tags.keys()];
  if (keys[1] !== 'p') problems.push('"p" must directly follow "v" (RFC 7489 section 6.4)');
  for (const t of ['p', 'sp', 'np']) {
    const v = tags.get(t);
    if (v !== undefined && !DMARC_POLICIES.includes(v))
      problems.push(`${t} must be one of ${DMARC_POLICIES.join(', ')} (got "${v}")`);
  }
  if (!tags.has('p')) problems.push('the required tag "p" is missing');
  for (const t of ['adkim', 'aspf']) {
    const v = tags.get(t);
    if (v !== undefined && v !== 'r' && v !== 's') problems.push(`${t} must be "r" or "s" (got "${v}")`);
  }
  const pct = tags.get('pct');
  if (pct !== undefined && (!/^\d{1,3}$/.test(pct) || Number(pct) > 100))
    problems.push(`pct must be an integer from 0 to 100 (got "${pct}")`);
  const fo = tags.get('fo');
  if (fo !== undefined && !/^[01ds](:[01ds])*$/.test(fo))
    problems.push(`fo must be 0, 1, d or s, colon-separated (got "${fo}")`);
  const ri = tags.get('ri');
  if (ri !== undefined && !/^\d+$/.test(ri)) problems.push(`ri must be a number of seconds (got "${ri}")`);
  const rf = tags.get('rf');
  if (rf !== undefined && rf.toLowerCase() !== 'afrf') problems.push(`rf must be "afrf" (got "${rf}")`);
  for (const t of ['rua', 'ruf']) {
    const v = tags.get(t);
    if (v !== undefined) problems.push(...uriListProblems(t, v));
  }
  return problems;
}

/** Problems of the record a report destination publishes to accept another domain's reports (RFC 7489 section 7.1). */
export function dmarcAuthorizationProblems(
  name: string,
  value: string,
  sourceDomain: string,
  reportDomain: string,
): string[] {
  const expectedName = `${sourceDomain}._report._dmarc.${reportDomain}`;
  const problems = canonical(name) === expectedName ? [] : [`"${name}" is not ${expectedName}`];
  if (!/^v=DMARC1;?$/.test(value.trim())) problems.push(`"${value}" is not "v=DMARC1"`);
  return problems;
}

/** Problems of the character-strings of one TXT value as Route 53 stores it (quoted, at most 255 octets each). */
export function txtStringProblems(value: string): string[] {
  const strings = value.match(/"((?:[^"\\]|\\.)*)"/g);
  if (!strings || strings.join(' ') !== value.trim()) return [`${value} is not a list of quoted strings`];
  return strings
    .filter((s) => s.length - 2 > TXT_STRING_MAX)
    .map((s) => `a TXT string is longer than ${TXT_STRING_MAX} characters: ${s.slice(0, 40)}...`);
}

/** The text of a Route 53 TXT value: its quoted strings concatenated (RFC 7208 section 3.3). */
export function txtText(value: string): string {
  return (value.match(/"((?:[^"\\]|\\.)*)"/g) ?? []).map((s) => s.slice(1, -1).replace(/\\(.)/g, '$1')).join('');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One DNS record set as Route 53 stores it. */
export interface DnsRecord {
  /** Record type: CNAME, MX or TXT. */
  readonly type: string;
  /** Record name, absolute or not. */
  readonly name: string;
  /** Values as Route 53 stores them (TXT values quoted). */
  readonly values: readonly string[];
}

/** What {@link mailRecordProblems} checks a record against. */
export interface MailRecordContext {
  /** The sending domains. */
  readonly domains: readonly string[];
  /** The region SES sends from (the MAIL FROM MX points there). */
  readonly region: string;
}

/**
 * Problems of one mail authentication record: the record is recognised by its
 * name (DKIM CNAME, MAIL FROM MX or SPF TXT, `_dmarc` TXT, DMARC report
 * authorization TXT) and checked by the matching validator. A record of no known
 * kind is a problem too, so nothing the mail stack writes goes unchecked.
 */
export function mailRecordProblems(r: DnsRecord, ctx: MailRecordContext): string[] {
  const name = canonical(r.name);
  const at = (ps: string[]) => ps.map((p) => `${r.type} ${r.name}: ${p}`);
  const naming = at(recordNameProblems(name));
  const domain = [...ctx.domains].sort((a, b) => b.length - a.length).find((d) => name === d || name.endsWith(`.${d}`));
  if (!domain) return at([`is in none of the sending domains ${ctx.domains.join(', ')}`]);
  if (r.values.length === 0) return at(['has no value']);
  const txt = r.type === 'TXT' ? r.values.flatMap((v) => txtStringProblems(v)) : [];
  const text = r.type === 'TXT' ? r.values.map(txtText) : [...r.values];
  const one = r.values.length === 1 ? [] : [`has ${r.values.length} values where exactly one belongs`];

  if (name.includes('._domainkey.')) {
    if (r.type !== 'CNAME') return at([`a DKIM record of Easy DKIM must be a CNAME (got ${r.type})`]);
    return [...naming, ...at([...one, ...dkimNameProblems(name, domain), ...text.flatMap(dkimTargetProblems)])];
  }
  if (name.includes('._report._dmarc.')) {
    if (r.type !== 'TXT') return at([`a DMARC report authorization must be TXT (got ${r.type})`]);
    const source = name.slice(0, name.indexOf('._report._dmarc.'));
    return [...naming, ...at([...one, ...txt, ...dmarcAuthorizationProblems(name, text[0], source, domain)])];
  }
  if (name === `_dmarc.${domain}`) {
    if (r.type !== 'TXT') return at([`a DMARC record must be TXT (got ${r.type})`]);
    return [...naming, ...at([...one, ...txt, ...text.flatMap(dmarcProblems)])];
  }
  if (r.type === 'MX')
    return [
      ...naming,
      ...at([...one, ...mailFromNameProblems(name, domain), ...text.flatMap((v) => mailFromMxProblems(v, ctx.region))]),
    ];
  if (r.type === 'TXT' && text.every((v) => v.startsWith('v=spf1'))) {
    // RFC 7208 section 3.2: several SPF records at one name are a permerror.
    return [
      ...naming,
      ...at([...one, ...txt, ...mailFromNameProblems(name, domain), ...text.flatMap((v) => spfProblems(v))]),
    ];
  }
  return at([
    'is not a record the mail stack is meant to write (DKIM, MAIL FROM MX/SPF, DMARC or its report authorization)',
  ]);
}
