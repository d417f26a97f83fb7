import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonErrorOffset, loadStageConfig, validateStage } from '../../lib/config/validate';
import { problemsOf, rawConfig } from '../config-helpers';

describe('PROOF-3 example configs are valid', () => {
  test.each(['example.json', 'example-internal.json'])('%s validates', (file) => {
    expect(() => validateStage(rawConfig(file))).not.toThrow();
  });

  test('defaults are applied', () => {
    const c = validateStage(rawConfig());
    expect(c.vpcCidr).toBe('10.0.0.0/16');
    expect(c.backup.dailyRetentionDays).toBe(90);
    expect(c.database.maintenanceWindow).toMatch(/^sun:/);
  });
});

// [case, mutation, field path the message must name, words the message must contain]
const BAD: Array<[string, (c: Record<string, any>) => void, string, RegExp]> = [
  ['missing required field', (c) => delete c.account, 'account', /required field is missing/],
  [
    'account as a number',
    (c) => (c.account = 111122223333),
    'account',
    /^account: must be the 12-digit account id as a string, in quotes \(got 111122223333\)\. Fix: write it in quotes: "111122223333"$/,
  ],
  [
    'number in quotes',
    (c) => (c.natGateways = '2'),
    'natGateways',
    /must be a number, without quotes \(got "2"\)\. Fix: write it without quotes: 2$/,
  ],
  [
    'allowed number in quotes',
    (c) => (c.backup = { frequentIntervalHours: '4' }),
    'backup.frequentIntervalHours',
    /must be a number, without quotes \(got "4"\)\. Fix: write 4$/,
  ],
  [
    'boolean in quotes',
    (c) => (c.backup = { auditFramework: 'false' }),
    'backup.auditFramework',
    /must be a boolean: true or false, without quotes.*Fix: write false, without quotes$/,
  ],
  [
    'one value for a list',
    (c) => (c.operatorCidrs = '198.51.100.0/28'),
    'operatorCidrs',
    /must be a list \(an array\) in square brackets \[ \].*Fix: put it in a list: \["198\.51\.100\.0\/28"\]$/,
  ],
  [
    'a number for a section',
    (c) => (c.backup = 5),
    'backup',
    /must be an object in braces \{ \}.*Fix: write an object such as \{ "continuousRetentionDays": \.\.\. \} \(its keys: continuousRetentionDays, /,
  ],
  [
    'null',
    (c) => (c.natGateways = null),
    'natGateways',
    /must not be null.*Fix: give a number, without quotes, or remove/,
  ],
  [
    'unknown key',
    (c) => (c.primaryRegon = 'eu-west-3'),
    'primaryRegon',
    /unknown key.*rename it to "primaryRegion" if that is what you meant/,
  ],
  [
    'unknown nested key',
    (c) => (c.backup = { dailyRetention: 90 }),
    'backup.dailyRetention',
    /unknown key.*rename it to "dailyRetentionDays".*allowed here: continuousRetentionDays/,
  ],
  ['account not 12 digits', (c) => (c.account = '12345'), 'account', /12-digit/],
  ['unknown region', (c) => (c.primaryRegion = 'eu-west-9'), 'primaryRegion', /not a known AWS commercial region/],
  [
    'AZ outside the primary region',
    (c) => (c.availabilityZones = ['eu-west-3a', 'eu-west-1b']),
    'availabilityZones[1]',
    /not an availability zone of primaryRegion eu-west-3/,
  ],
  ['too few AZs', (c) => (c.availabilityZones = ['eu-west-3a']), 'availabilityZones', /at least two zones/],
  [
    'backup region equal to primary',
    (c) => (c.backupRegion = 'eu-west-3'),
    'backupRegion',
    /must differ from primaryRegion.*eu-central-1/,
  ],
  [
    'backup region outside the jurisdiction',
    (c) => (c.backupRegion = 'us-east-1'),
    'backupRegion',
    /outside the jurisdiction.*GDPR/,
  ],
  [
    'backup region in the UK for an EU primary',
    (c) => (c.backupRegion = 'eu-west-2'),
    'backupRegion',
    /outside the jurisdiction/,
  ],
  [
    '0.0.0.0/0 operator CIDR',
    (c) => (c.operatorCidrs = ['0.0.0.0/0']),
    'operatorCidrs[0]',
    /open to the whole internet.*Fix: list your operators' own public ranges/,
  ],
  ['::/0 operator CIDR', (c) => (c.operatorCidrs = ['::/0']), 'operatorCidrs[0]', /open to the whole internet/],
  ['malformed CIDR', (c) => (c.operatorCidrs = ['203.0.113.300/32']), 'operatorCidrs[0]', /malformed IPv4/],
  ['CIDR without prefix', (c) => (c.operatorCidrs = ['203.0.113.4']), 'operatorCidrs[0]', /ADDRESS\/PREFIX/],
  ['host bits set', (c) => (c.operatorCidrs = ['203.0.113.5/28']), 'operatorCidrs[0]', /host bits set/],
  ['IPv6 host bits set', (c) => (c.operatorCidrs = ['2001:db8::1/64']), 'operatorCidrs[0]', /host bits set/],
  [
    'duplicate CIDR',
    (c) => (c.operatorCidrs = ['203.0.113.0/28', '203.0.113.0/28']),
    'operatorCidrs[1]',
    /listed twice/,
  ],
  [
    'malformed domain',
    (c) => (c.domains = [{ name: 'Example..com' }]),
    'domains[0].name',
    /not a lowercase DNS domain/,
  ],
  [
    'duplicate domain',
    (c) => (c.domains = [{ name: 'example.com' }, { name: 'example.com' }]),
    'domains[1].name',
    /listed twice/,
  ],
  [
    'bad hosted zone id',
    (c) => (c.domains = [{ name: 'example.com', hostedZoneId: 'abc' }]),
    'domains[0].hostedZoneId',
    /hosted zone id/,
  ],
  ['public stage without domains', (c) => (c.domains = []), 'domains', /public stage needs at least one domain/],
  [
    'internal stage without domains',
    (c) => {
      c.exposure = 'internal';
      c.domains = [];
    },
    'domains',
    /TLS certificate is DNS-validated/,
  ],
  [
    'malformed alert email',
    (c) => (c.alertEmails = ['security-at-example.com']),
    'alertEmails[0]',
    /not an email address/,
  ],
  ['missing alert emails', (c) => (c.alertEmails = []), 'alertEmails', /alerts reach nobody/],
  ['bad guardDuty value', (c) => (c.guardDuty = 'yes'), 'guardDuty', /"create", "existing"/],
  ['bad exposure', (c) => (c.exposure = 'private'), 'exposure', /"public", "internal"/],
  ['too many NAT gateways', (c) => (c.natGateways = 4), 'natGateways', /exceeds the 3 availability zones/],
  [
    'min capacity above max',
    (c) => (c.database = { minCapacity: 8, maxCapacity: 4 }),
    'database.minCapacity',
    /above database.maxCapacity/,
  ],
  [
    'overlapping DB windows',
    (c) => (c.database = { backupWindow: '02:00-02:30', maintenanceWindow: 'sun:02:15-sun:03:00' }),
    'database.maintenanceWindow',
    /overlaps/,
  ],
  [
    'bad log retention',
    (c) => (c.flowLogRetentionDays = 100),
    'flowLogRetentionDays',
    /CloudWatch Logs retention values/,
  ],
  [
    'public vpcCidr',
    (c) => (c.vpcCidr = '8.8.0.0/16'),
    'vpcCidr',
    /not inside a private \(RFC 1918\) range.*\(got "8\.8\.0\.0\/16"\)\. Fix: use a private range such as 10\.0\.0\.0\/16/,
  ],
  [
    'vpcCidr too small for three zones',
    (c) => (c.vpcCidr = '10.0.0.0/20'),
    'vpcCidr',
    /too small for the public, private and isolated subnets of 3 availability zones.*\(got "10\.0\.0\.0\/20"\)\. Fix: use a \/19 or larger/,
  ],
  [
    'vpcCidr too small for two zones',
    (c) => {
      c.availabilityZones = ['eu-west-3a', 'eu-west-3b'];
      c.vpcCidr = '192.168.0.0/24';
    },
    'vpcCidr',
    /2 availability zones \(they need a \/20 or larger\)/,
  ],
  [
    'duplicate alert email',
    (c) => (c.alertEmails = ['security@example.com', 'security@EXAMPLE.com']),
    'alertEmails[1]',
    /listed twice \(same address as alertEmails\[0\]\).*\(got "security@EXAMPLE\.com"\)\. Fix: list each address once/,
  ],
  [
    'domain under another without its zone',
    (c) => (c.domains = [{ name: 'example.com' }, { name: 'app.example.com' }]),
    'domains[1].name',
    /subdomain of domains\[0\]\.name example\.com.*not be delegated.*\(got "app\.example\.com"\)\. Fix: give its existing, delegated zone as domains\[1\]\.hostedZoneId/,
  ],
  [
    'www of a served domain',
    (c) => (c.domains = [{ name: 'example.com' }, { name: 'www.example.com', hostedZoneId: 'Z0123456789ABC' }]),
    'domains[1].name',
    /already served as the www alias of domains\[0\]\.name example\.com.*Fix: remove it/,
  ],
  [
    'snapshot quota exceeded',
    (c) => (c.backup = { frequentIntervalHours: 1, frequentRetentionDays: 7 }),
    'backup',
    /quota.*L-9B510759/,
  ],
];

describe('PROOF-3 bad config is refused with the field named', () => {
  test.each(BAD)('%s', (_name, mutate, field, words) => {
    const problems = problemsOf(mutate);
    const line = problems.find((p) => p.startsWith(`${field}: `));
    expect(line ?? problems).toEqual(expect.stringMatching(words));
    expect(line).toMatch(/Fix: /);
  });

  test('every problem is reported at once', () => {
    const problems = problemsOf((c) => {
      c.account = 'x';
      c.backupRegion = 'us-east-1';
      c.operatorCidrs = ['0.0.0.0/0'];
      c.unknown = 1;
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'account',
      'backupRegion',
      'operatorCidrs[0]',
      'unknown',
    ]);
  });

  test('a type error elsewhere does not hide a cross-field error', () => {
    const problems = problemsOf((c) => {
      c.alertEmails = 'not-a-list';
      c.backupRegion = 'eu-west-3';
    });
    expect(problems.some((p) => p.startsWith('backupRegion:'))).toBe(true);
  });

  test('a subdomain with its own existing (delegated) zone is accepted', () => {
    expect(
      problemsOf(
        (c) => (c.domains = [{ name: 'example.com' }, { name: 'app.example.com', hostedZoneId: 'Z0123456789ABC' }]),
      ),
    ).toEqual([]);
  });

  test('an internal stage may use any private range big enough for its zones', () => {
    expect(problemsOf((c) => (c.vpcCidr = '172.20.0.0/19'), 'example-internal.json')).toEqual([]);
  });

  test('the message quotes the bad value', () => {
    expect(problemsOf((c) => (c.account = '12345'))[0]).toContain('(got "12345")');
  });
});

describe('PROOF-3 config files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-'));

  test('invalid JSON names the file', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{ "name": "prod", }');
    expect(() => loadStageConfig(file)).toThrow(new RegExp(`${file.replace(/[/.]/g, '\\$&')} is not valid JSON`));
  });

  test('PROOF-3 invalid JSON gives the line and column, and the line', () => {
    const file = path.join(dir, 'trailing-comma.json');
    fs.writeFileSync(file, '{\n  "name": "prod",\n  "domains": [{ "name": "example.com" },]\n}\n');
    expect(() => loadStageConfig(file)).toThrow(
      /is not valid JSON: line 3, column 41: Unexpected token '\]' \(the line reads: "domains": \[\{ "name": "example\.com" \},\]\)\. Fix: correct the JSON there \(usual causes: a comma after the last item/,
    );
  });

  test.each<[string, string, number | undefined]>([
    ['valid', '{"a": "b\\u00e9", "c": [true, null, -1.5e3, {}], "d": []}', undefined],
    ['a trailing comma in an object', '{\n  "a": 1,\n}', 12],
    ['an unquoted value', '{"a": x}', 6],
    ['single quotes', "{'a': 1}", 1],
    ['text after the end', '{"a": 1}}', 8],
    ['an empty file', '', 0],
    ['a control character in a string', '{"a": "b\nc"}', 8],
  ])('the JSON scanner finds where %s breaks', (_name, text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
    if (offset === undefined) expect(() => JSON.parse(text)).not.toThrow();
    else expect(() => JSON.parse(text)).toThrow();
  });

  test('a missing file is refused', () => {
    expect(() => loadStageConfig(path.join(dir, 'none.json'))).toThrow(/cannot be read/);
  });
});
