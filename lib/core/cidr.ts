/** Result of parsing a CIDR block: null when valid, otherwise why not. */
export function cidrProblem(cidr: string): string | null {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!m) return 'is not in ADDRESS/PREFIX form';
  const [, addr, prefixText] = m;
  const prefix = Number(prefixText);
  const bits = addr.includes(':') ? ipv6Bits(addr) : ipv4Bits(addr);
  if (bits === null) return `has a malformed ${addr.includes(':') ? 'IPv6' : 'IPv4'} address`;
  if (prefix > bits.length) return `has a prefix longer than /${bits.length}`;
  if (prefix === 0) return 'is open to the whole internet';
  if (bits.slice(prefix).includes('1')) return `has host bits set after /${prefix}`;
  return null;
}

function ipv4Bits(addr: string): string | null {
  const parts = addr.split('.');
  if (parts.length !== 4) return null;
  let out = '';
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith('0'))) return null;
    out += Number(p).toString(2).padStart(8, '0');
  }
  return out;
}

function ipv6Bits(addr: string): string | null {
  if (!/^[0-9a-fA-F:]+$/.test(addr)) return null;
  const halves = addr.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
}

/**
 * Prefix length of each subnet tier, per zone. Shared by the VPC construct and the
 * config check so the size refused at validation is the size CDK would fail to carve.
 */
export const VPC_SUBNET_MASKS = { public: 24, private: 22, isolated: 24 } as const;

/**
 * Smallest VPC prefix that holds the subnets of `zones` zones. CDK allocates tier by
 * tier (all public subnets, then private, then isolated), each subnet aligned on its
 * own size, so alignment gaps count: 2 zones need a /20, 3 or 4 a /19, 5 or 6 a /18.
 */
export function vpcPrefixNeeded(zones: number): number {
  let next = 0;
  for (const mask of [VPC_SUBNET_MASKS.public, VPC_SUBNET_MASKS.private, VPC_SUBNET_MASKS.isolated]) {
    const size = 2 ** (32 - mask);
    for (let i = 0; i < zones; i++) next = Math.ceil(next / size) * size + size;
  }
  return 32 - Math.ceil(Math.log2(next));
}

/** RFC 1918 private IPv4 ranges: the only ones a VPC should use (others shadow real internet addresses). */
export const PRIVATE_IPV4_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

/** True when block `inner` lies entirely inside `outer`, both valid CIDRs of the same family (IPv4 or IPv6). */
export function cidrContains(outer: string, inner: string): boolean {
  const [oa, op] = outer.split('/');
  const [ia, ip] = inner.split('/');
  const bitsOf = (addr: string) => (addr.includes(':') ? ipv6Bits(addr) : ipv4Bits(addr));
  const ob = bitsOf(oa);
  const ib = bitsOf(ia);
  if (!ob || !ib || ob.length !== ib.length) return false;
  return Number(ip) >= Number(op) && ob.slice(0, Number(op)) === ib.slice(0, Number(op));
}

/** True when IPv4 block `inner` lies entirely inside `outer` (both valid IPv4 CIDRs). */
export function ipv4Contains(outer: string, inner: string): boolean {
  return !outer.includes(':') && !inner.includes(':') && cidrContains(outer, inner);
}
