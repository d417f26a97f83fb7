import { validateStage } from '../../lib/config/validate';
import { problemsOf, rawConfig } from '../config-helpers';

describe('DET-1..DET-5 detection defaults', () => {
  test('an empty detection section gets safe defaults', () => {
    const d = validateStage(rawConfig()).detection;
    expect(d).toEqual({
      guardDutyMinSeverity: 4,
      securityHub: 'create',
      configRecorder: 'create',
      guardDutyExistingRegions: [],
      stackSetRoles: 'create',
      trailRetentionDays: 365,
      trailObjectLockMode: 'GOVERNANCE',
      trailObjectLockDays: 365,
      trailLogGroupRetentionDays: 365,
      statusPaths: ['/', '/login'],
      canaryIntervalMinutes: 5,
      statusSearchString: '<html',
      canarySuccessPercent: 90,
      canaryArtifactRetentionDays: 30,
      sqlInjectionAlarmThreshold: 1,
      loadBalancer5xxThreshold: 10,
    });
  });
});

// [case, detection section, field path the message must name, words the message must contain]
const BAD: Array<[string, Record<string, unknown>, string, RegExp]> = [
  ['severity above the GuardDuty scale', { guardDutyMinSeverity: 9 }, 'detection.guardDutyMinSeverity', /8\.9/],
  ['severity below the GuardDuty scale', { guardDutyMinSeverity: 0 }, 'detection.guardDutyMinSeverity', /1/],
  ['unknown securityHub mode', { securityHub: 'on' }, 'detection.securityHub', /"create", "existing"/],
  ['trail kept less than 90 days', { trailRetentionDays: 30 }, 'detection.trailRetentionDays', /90/],
  // DET-7, Control Tower CT.S3.PR.9: the lock fits the lifecycle.
  [
    'CT.S3.PR.9 trail kept less than its Object Lock',
    { trailRetentionDays: 180 },
    'detection.trailRetentionDays',
    /shorter than detection.trailObjectLockDays 365: log files would expire while still locked/,
  ],
  [
    'CT.S3.PR.9 unknown Object Lock mode',
    { trailObjectLockMode: 'LEGAL_HOLD' },
    'detection.trailObjectLockMode',
    /"GOVERNANCE", "COMPLIANCE"/,
  ],
  ['CT.S3.PR.9 Object Lock of 0 days', { trailObjectLockDays: 0 }, 'detection.trailObjectLockDays', /1/],
  [
    'trail log group retention CloudWatch refuses',
    { trailLogGroupRetentionDays: 100 },
    'detection.trailLogGroupRetentionDays',
    /CloudWatch Logs retention values/,
  ],
  ['relative status path', { statusPaths: ['login'] }, 'detection.statusPaths[0]', /absolute URL path/],
  ['status path with a query string', { statusPaths: ['/?a=1'] }, 'detection.statusPaths[0]', /no query string/],
  ['no status path', { statusPaths: [] }, 'detection.statusPaths', /at least 1/],
  ['duplicate status path', { statusPaths: ['/', '/'] }, 'detection.statusPaths', /twice/],
  ['canary interval over an hour', { canaryIntervalMinutes: 61 }, 'detection.canaryIntervalMinutes', /60/],
  ['empty search string', { statusSearchString: '' }, 'detection.statusSearchString', /any error page healthy/],
  [
    'search string over the Route 53 limit',
    { statusSearchString: 'x'.repeat(256) },
    'detection.statusSearchString',
    /255/,
  ],
  ['canary success above 100%', { canarySuccessPercent: 101 }, 'detection.canarySuccessPercent', /100/],
  ['artifacts kept 0 days', { canaryArtifactRetentionDays: 0 }, 'detection.canaryArtifactRetentionDays', /1/],
  ['SQL injection threshold 0', { sqlInjectionAlarmThreshold: 0 }, 'detection.sqlInjectionAlarmThreshold', /1/],
  ['fractional 5xx threshold', { loadBalancer5xxThreshold: 2.5 }, 'detection.loadBalancer5xxThreshold', /int/],
  ['unknown detection key', { trailRetention: 365 }, 'detection.trailRetention', /unknown key/],
];

describe('DET-7 CT.S3.PR.9 trail Object Lock config', () => {
  test('a lock as long as the retention, in COMPLIANCE mode, is accepted', () => {
    const detection = { trailRetentionDays: 90, trailObjectLockDays: 90, trailObjectLockMode: 'COMPLIANCE' };
    expect(problemsOf((c) => (c.detection = detection))).toEqual([]);
  });
});

describe('DET-6 a region cannot both have a detector already and get one from the stage', () => {
  test('guardDuty "create" with its own region listed as existing is refused', () => {
    expect(
      problemsOf((c) => (c.detection = { guardDutyExistingRegions: ['eu-north-1', 'eu-central-1', 'us-east-1'] })),
    ).toEqual([
      expect.stringMatching(
        /^detection\.guardDutyExistingRegions\[1\]: has a detector already, .*Fix: set "guardDuty": "existing"/,
      ),
      expect.stringMatching(/^detection\.guardDutyExistingRegions\[2\]: /),
    ]);
  });

  test('any region listed is accepted with guardDuty "existing", and us-east-1 on an internal stage', () => {
    expect(
      problemsOf((c) => {
        c.guardDuty = 'existing';
        c.detection = { guardDutyExistingRegions: ['eu-west-3', 'us-east-1'] };
      }),
    ).toEqual([]);
    expect(
      problemsOf((c) => {
        c.guardDuty = 'create';
        c.detection = { guardDutyExistingRegions: ['us-east-1'] };
      }, 'example-internal.json'),
    ).toEqual([]);
  });
});

describe('PROOF-3 bad detection config is refused with the field named', () => {
  test.each(BAD)('%s', (_name, detection, field, words) => {
    const problems = problemsOf((c) => (c.detection = detection));
    const line = problems.find((p) => p.startsWith(`${field}: `));
    expect(line ?? problems).toEqual(expect.stringMatching(words));
    expect(line).toMatch(/Fix: /);
  });
});
