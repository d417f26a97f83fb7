import { cidrContains, cidrProblem, ipv4Contains } from '../../lib/core/cidr';

describe('DB-1 operator CIDR parsing', () => {
  test.each([
    '203.0.113.0/24',
    '10.0.0.0/8',
    '198.51.100.7/32',
    '2001:db8::/32',
    '2001:db8:1234::/48',
    '::1/128',
    'fe80::/10',
  ])('%s is accepted', (c) => {
    expect(cidrProblem(c)).toBeNull();
  });
  test.each([
    ['0.0.0.0/0', /whole internet/],
    ['::/0', /whole internet/],
    ['10.0.0.1/8', /host bits/],
    ['256.0.0.0/8', /malformed IPv4/],
    ['01.2.3.0/24', /malformed IPv4/],
    ['10.0.0.0/33', /longer than \/32/],
    ['2001:db8:::/48', /malformed IPv6/],
    ['2001:db8::g/64', /malformed IPv6/],
    ['1:2:3:4:5:6:7:8:9/64', /malformed IPv6/],
    ['10.0.0.0', /ADDRESS\/PREFIX/],
  ])('%s is refused', (c, why) => {
    expect(cidrProblem(c)).toMatch(why);
  });
});

describe('DB-1 VPC range checks', () => {
  test.each([
    ['10.0.0.0/8', '10.20.0.0/16', true],
    ['172.16.0.0/12', '172.31.0.0/16', true],
    ['172.16.0.0/12', '172.32.0.0/16', false],
    ['192.168.0.0/16', '192.168.0.0/16', true],
    ['10.0.0.0/16', '10.0.0.0/8', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(ipv4Contains(outer, inner)).toBe(expected);
  });
});

describe('cidrContains', () => {
  test('IPv4 and IPv6 blocks inside, outside, and across families', () => {
    expect(cidrContains('10.0.0.0/8', '10.1.2.0/24')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '11.0.0.0/24')).toBe(false);
    expect(cidrContains('fc00::/7', 'fd12:3456::/48')).toBe(true);
    expect(cidrContains('fe80::/10', '2001:db8::/32')).toBe(false);
    expect(cidrContains('::1/128', '::1/128')).toBe(true);
    expect(cidrContains('10.0.0.0/8', 'fd00::/8')).toBe(false);
  });
});
