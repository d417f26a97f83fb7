// OPS-5: a config value that would break a claim is refused at synth with the claim, the reason and the fix, unless
// the stage waives that claim; waivers name known claims only, and an unused one is warned about.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLAIM_IDS } from '../../lib/compliance/claims';
import { KNOWN_CLAIM_IDS } from '../../lib/config/claim-ids';
import { nonPublicRange } from '../../lib/config/sections/promise-checks';
import { validateStage } from '../../lib/config/validate';
import { problemsOf, ROOT, rawConfig } from '../config-helpers';

const waive = (claim: string) => ({ claim, reason: 'a test stage that knowingly does not keep it' });

/** Warnings of a config that validates. */
function warningsOf(mutate: (c: Record<string, any>) => void): string[] {
  const raw = rawConfig();
  mutate(raw);
  const warnings: string[] = [];
  validateStage(raw, 'stage config', { warn: (w) => warnings.push(w) });
  return warnings;
}

describe('OPS-5 BKP-6 a daily retention other than 90 days is refused unless BKP-6 is waived', () => {
  test.each([30, 89])('%d days: refused, naming BKP-6, the fix and the waiver', (days) => {
    const problems = problemsOf((c) => (c.backup = { dailyRetentionDays: days }));
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^backup\\.dailyRetentionDays: breaks BKP-6 \\("kept 90 days, then destroyed"\\): the daily history would be destroyed after ${days} days \\(got ${days}\\)\\. Fix: set it to 90 \\(the default\\); or, if this stage knowingly does not keep BKP-6, add \\{ "claim": "BKP-6", "reason": "<why>" \\} to "waivers"`,
        ),
      ),
    ]);
  });
  test('90 days (the default) is accepted', () => {
    expect(problemsOf((c) => (c.backup = { dailyRetentionDays: 90 }))).toEqual([]);
  });
  test('30 days with BKP-6 waived is accepted, and the waiver is not reported as unused', () => {
    const mutate = (c: Record<string, any>) => {
      c.backup = { dailyRetentionDays: 30 };
      c.waivers = [waive('BKP-6')];
    };
    expect(problemsOf(mutate)).toEqual([]);
    expect(warningsOf(mutate)).toEqual([]);
  });
  test('a waiver of another claim does not let it through', () => {
    expect(
      problemsOf((c) => {
        c.backup = { dailyRetentionDays: 30 };
        c.waivers = [waive('DB-1')];
      }),
    ).toEqual([expect.stringMatching(/^backup\.dailyRetentionDays: breaks BKP-6/)]);
  });
});

describe('OPS-5 DB-1 an operator range that aws:SourceIp never sees is refused unless DB-1 is waived', () => {
  test.each([
    ['10.0.0.0/8', 'private range \\(RFC 1918\\)'],
    ['10.20.0.0/16', 'private range \\(RFC 1918\\)'],
    ['172.20.1.0/24', 'private range \\(RFC 1918\\)'],
    ['192.168.1.0/24', 'private range \\(RFC 1918\\)'],
    ['127.0.0.1/32', 'loopback range'],
    ['169.254.0.0/16', 'link-local range'],
    ['100.64.0.0/10', 'carrier-grade NAT range'],
    ['100.100.1.0/24', 'carrier-grade NAT range'],
    ['0.0.0.0/8', '"this network" range'],
    ['224.0.0.0/4', 'multicast range'],
    ['fd12:3456::/48', 'unique local range \\(RFC 4193'],
    ['fe80::/64', 'link-local range'],
    ['::1/128', 'loopback address'],
  ])('%s is refused as a %s, with the need for a public egress range', (cidr, kind) => {
    const problems = problemsOf((c) => (c.operatorCidrs = ['198.51.100.0/28', cidr]));
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^operatorCidrs\\[1\\]: lies in [^,]+, a ${kind}.*: the operator role's aws:SourceIp condition only ever sees the public address a request to AWS comes from, so operators would be locked out \\(DB-1, DB-3\\).*Fix: list your operators' public egress address range instead.*or, if this stage knowingly does not keep DB-1`,
        ),
      ),
    ]);
  });
  test.each([
    '198.51.100.0/28',
    '203.0.113.0/28',
    '8.8.8.0/24',
    '100.128.0.0/16',
    '172.32.0.0/16',
    '11.0.0.0/8',
    '2a01:cb00::/32',
    '2001:db8::/48',
  ])('%s (public, or a documentation placeholder) is accepted', (cidr) => {
    expect(problemsOf((c) => (c.operatorCidrs = [cidr]))).toEqual([]);
    expect(nonPublicRange(cidr)).toBeUndefined();
  });
  test('a private range with DB-1 waived is accepted', () => {
    expect(
      problemsOf((c) => {
        c.operatorCidrs = ['10.0.0.0/8'];
        c.waivers = [waive('DB-1')];
      }),
    ).toEqual([]);
  });
});

describe('OPS-5 ORG-7 values that break ORG-7 are refused unless ORG-7 is waived', () => {
  test('a writable root file system', () => {
    expect(problemsOf((c) => (c.app = { ...c.app, readonlyRootFilesystem: false }))).toEqual([
      expect.stringMatching(
        /^app\.readonlyRootFilesystem: breaks ORG-7 .*Fix: set it to true and list the directories the application writes in app\.writablePaths; or, if this stage knowingly does not keep ORG-7/,
      ),
    ]);
    expect(
      problemsOf((c) => {
        c.app = { ...c.app, readonlyRootFilesystem: false };
        c.waivers = [waive('ORG-7')];
      }),
    ).toEqual([]);
  });
  test('keeping a default-like master user name of a deployed cluster', () => {
    const keep = (c: Record<string, any>) =>
      (c.database = { ...c.database, masterUsername: 'postgres', keepDeployedMasterUsername: true });
    expect(problemsOf(keep)).toEqual([
      expect.stringMatching(
        /^database\.keepDeployedMasterUsername: keeps the default-like master user name "postgres"/,
      ),
    ]);
    expect(
      problemsOf((c) => {
        keep(c);
        c.waivers = [waive('ORG-7')];
      }),
    ).toEqual([]);
  });
});

describe('OPS-5 waivers', () => {
  test('an unknown claim ID is refused, with the known ones', () => {
    expect(problemsOf((c) => (c.waivers = [waive('BKP-99')]))).toEqual([
      expect.stringMatching(
        /^waivers\[0\]\.claim: is not a claim of this project \(got "BKP-99"\)\. Fix: use one of DB-1, DB-2, .*BKP-6, .*PROOF-6/,
      ),
    ]);
  });
  test('a claim waived twice is refused', () => {
    expect(problemsOf((c) => (c.waivers = [waive('DB-1'), waive('DB-1')]))).toEqual([
      expect.stringMatching(/^waivers\[1\]\.claim: is waived twice/),
    ]);
  });
  test('a waiver no config value needs is accepted with a warning', () => {
    expect(warningsOf((c) => (c.waivers = [waive('DET-2')]))).toEqual([
      expect.stringMatching(/^waivers\[0\]: no config value breaks DET-2; the waiver only matters if its check fails/),
    ]);
  });
  test('the example stages need no waiver and raise no warning', () => {
    expect(warningsOf(() => undefined)).toEqual([]);
    expect(problemsOf(() => undefined, 'example-internal.json')).toEqual([]);
  });
});

describe('OPS-5 the claim IDs a waiver may name', () => {
  test('are the claims of lib/compliance/claims (add a new claim to lib/config/claim-ids.ts too)', () => {
    expect([...KNOWN_CLAIM_IDS].sort()).toEqual([...CLAIM_IDS].sort());
  });
  test('lib/config stays light: it imports neither lib/compliance nor aws-cdk-lib', () => {
    const dir = path.join(ROOT, 'lib', 'config');
    const files = fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'));
    const heavy = files.filter((f) =>
      /from '(\.\.\/)+compliance|from 'aws-cdk-lib|from 'constructs'/.test(fs.readFileSync(path.join(dir, f), 'utf8')),
    );
    expect(heavy).toEqual([]);
  });
});

describe('OPS-5 BKP-7 recovery points outside the account are refused away unless BKP-7 is waived', () => {
  const noAirGap = (c: Record<string, any>) => (c.backup = { ...c.backup, airGappedCopy: false });

  test('no air-gapped copy and no second-account copy on a durable stage', () => {
    expect(problemsOf(noAirGap)).toEqual([
      expect.stringMatching(/^backup\.airGappedCopy: breaks BKP-7 .*Fix: remove it .*or set backup\.secondAccountCopy/),
    ]);
    expect(
      problemsOf((c) => {
        noAirGap(c);
        c.waivers = [waive('BKP-7')];
      }),
    ).toEqual([]);
  });

  test('a copy to a second account keeps BKP-7 without the air-gapped vault', () => {
    expect(
      problemsOf((c) => {
        noAirGap(c);
        c.backup.secondAccountCopy = {
          account: '999988887777',
          vaultArn: 'arn:aws:backup:eu-west-3:999988887777:backup-vault:prod-recovery',
        };
      }),
    ).toEqual([]);
  });

  test('a disposable stage keeps no air-gapped copy and needs no waiver', () => {
    expect(
      problemsOf((c) => {
        noAirGap(c);
        c.lifecycle = 'disposable';
      }, 'example-internal.json'),
    ).toEqual([]);
  });
});

describe('OPS-5 PROOF-6 log groups kept less than a year are refused unless PROOF-6 is waived', () => {
  test.each([
    ['flowLogRetentionDays', (c: Record<string, any>) => (c.flowLogRetentionDays = 30)],
    ['app.logRetentionDays', (c: Record<string, any>) => (c.app = { ...c.app, logRetentionDays: 1 })],
    ['database.logRetentionDays', (c: Record<string, any>) => (c.database = { logRetentionDays: 180 })],
    ['edge.wafLogRetentionDays', (c: Record<string, any>) => (c.edge = { wafLogRetentionDays: 90 })],
    [
      'detection.trailLogGroupRetentionDays',
      (c: Record<string, any>) => (c.detection = { trailLogGroupRetentionDays: 7 }),
    ],
  ])('%s', (field, set) => {
    expect(problemsOf(set)).toEqual([
      expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}: keeps a log group .*CT\\.CLOUDWATCH\\.PR\\.2`)),
    ]);
    expect(
      problemsOf((c) => {
        set(c);
        c.waivers = [waive('PROOF-6')];
      }),
    ).toEqual([]);
  });

  test('a year or more is accepted', () => {
    expect(problemsOf((c) => (c.flowLogRetentionDays = 400))).toEqual([]);
  });
});
