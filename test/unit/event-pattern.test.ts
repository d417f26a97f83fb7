import { matchesPattern } from '../../lib/core/event-pattern';

describe('DET-3 EventBridge pattern matcher', () => {
  test('exact strings: any entry of the array matches (OR), every key must match (AND)', () => {
    const p = { source: ['aws.guardduty', 'aws.securityhub'], 'detail-type': ['GuardDuty Finding'] };
    expect(matchesPattern(p, { source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding' })).toBe(true);
    expect(matchesPattern(p, { source: 'aws.securityhub', 'detail-type': 'GuardDuty Finding' })).toBe(true);
    expect(matchesPattern(p, { source: 'aws.guardduty', 'detail-type': 'Other' })).toBe(false);
    expect(matchesPattern(p, { source: 'aws.ec2', 'detail-type': 'GuardDuty Finding' })).toBe(false);
    expect(matchesPattern(p, { 'detail-type': 'GuardDuty Finding' })).toBe(false);
  });

  test('exact numbers, booleans and null are compared by value and type', () => {
    expect(matchesPattern({ n: [5] }, { n: 5 })).toBe(true);
    expect(matchesPattern({ n: [5] }, { n: '5' })).toBe(false);
    expect(matchesPattern({ b: [true] }, { b: true })).toBe(true);
    expect(matchesPattern({ b: [true] }, { b: false })).toBe(false);
    expect(matchesPattern({ z: [null] }, { z: null })).toBe(true);
    expect(matchesPattern({ z: [null] }, {})).toBe(false);
  });

  test('nested objects match level by level', () => {
    const p = { detail: { resource: { resourceType: ['RDSDBInstance'] } } };
    expect(matchesPattern(p, { detail: { resource: { resourceType: 'RDSDBInstance' } } })).toBe(true);
    expect(matchesPattern(p, { detail: { resource: { resourceType: 'Instance' } } })).toBe(false);
    expect(matchesPattern(p, { detail: { resource: 'RDSDBInstance' } })).toBe(false);
    expect(matchesPattern(p, { detail: {} })).toBe(false);
  });

  test('prefix, suffix and wildcard', () => {
    expect(matchesPattern({ t: [{ prefix: 'CredentialAccess:' }] }, { t: 'CredentialAccess:RDS/X' })).toBe(true);
    expect(matchesPattern({ t: [{ prefix: 'CredentialAccess:' }] }, { t: 'Discovery:RDS/X' })).toBe(false);
    expect(
      matchesPattern({ t: [{ suffix: '.SuccessfulLogin' }] }, { t: 'CredentialAccess:RDS/A.SuccessfulLogin' }),
    ).toBe(true);
    expect(matchesPattern({ t: [{ suffix: '.SuccessfulLogin' }] }, { t: 'CredentialAccess:RDS/A.FailedLogin' })).toBe(
      false,
    );
    expect(matchesPattern({ t: [{ wildcard: '*:RDS/*' }] }, { t: 'Discovery:RDS/TorIPCaller' })).toBe(true);
    expect(matchesPattern({ t: [{ wildcard: '*:RDS/*' }] }, { t: 'Recon:EC2/PortProbe' })).toBe(false);
    expect(matchesPattern({ t: [{ wildcard: 'a.b*' }] }, { t: 'axb' })).toBe(false);
    expect(matchesPattern({ t: [{ prefix: 'x' }] }, { t: 1 })).toBe(false);
  });

  test('anything-but with a value, a list and a prefix', () => {
    expect(matchesPattern({ s: [{ 'anything-but': 'ARCHIVED' }] }, { s: 'ACTIVE' })).toBe(true);
    expect(matchesPattern({ s: [{ 'anything-but': 'ARCHIVED' }] }, { s: 'ARCHIVED' })).toBe(false);
    expect(matchesPattern({ s: [{ 'anything-but': ['A', 'B'] }] }, { s: 'B' })).toBe(false);
    expect(matchesPattern({ s: [{ 'anything-but': ['A', 'B'] }] }, { s: 'C' })).toBe(true);
    expect(matchesPattern({ s: [{ 'anything-but': { prefix: 'test-' } }] }, { s: 'test-1' })).toBe(false);
    expect(matchesPattern({ s: [{ 'anything-but': { prefix: 'test-' } }] }, { s: 'prod-1' })).toBe(true);
    expect(matchesPattern({ s: [{ 'anything-but': 'A' }] }, {})).toBe(false);
  });

  test('numeric ranges, inclusive and exclusive bounds', () => {
    const p = { severity: [{ numeric: ['>=', 4] }] };
    expect(matchesPattern(p, { severity: 4 })).toBe(true);
    expect(matchesPattern(p, { severity: 3.9 })).toBe(false);
    expect(matchesPattern(p, { severity: '8' })).toBe(false);
    const range = { severity: [{ numeric: ['>', 1, '<=', 5] }] };
    expect(matchesPattern(range, { severity: 1 })).toBe(false);
    expect(matchesPattern(range, { severity: 5 })).toBe(true);
    expect(matchesPattern(range, { severity: 5.1 })).toBe(false);
    expect(matchesPattern({ n: [{ numeric: ['=', 2] }] }, { n: 2 })).toBe(true);
    expect(matchesPattern({ n: [{ numeric: ['<', 2] }] }, { n: 2 })).toBe(false);
  });

  test('exists true and false', () => {
    expect(matchesPattern({ a: [{ exists: true }] }, { a: 'x' })).toBe(true);
    expect(matchesPattern({ a: [{ exists: true }] }, {})).toBe(false);
    expect(matchesPattern({ a: [{ exists: false }] }, {})).toBe(true);
    expect(matchesPattern({ a: [{ exists: false }] }, { a: 0 })).toBe(false);
  });

  test('an array in the event matches when any element matches, objects included', () => {
    expect(matchesPattern({ tags: ['b'] }, { tags: ['a', 'b'] })).toBe(true);
    expect(matchesPattern({ tags: ['c'] }, { tags: ['a', 'b'] })).toBe(false);
    const p = { findings: { Severity: { Label: ['HIGH'] } } };
    expect(matchesPattern(p, { findings: [{ Severity: { Label: 'LOW' } }, { Severity: { Label: 'HIGH' } }] })).toBe(
      true,
    );
    expect(matchesPattern(p, { findings: [{ Severity: { Label: 'LOW' } }] })).toBe(false);
  });

  test('$or matches when any alternative matches', () => {
    const p = { detail: { $or: [{ severity: [{ numeric: ['>=', 7] }] }, { type: [{ prefix: 'X:' }] }] } };
    expect(matchesPattern(p, { detail: { severity: 8, type: 'Y:1' } })).toBe(true);
    expect(matchesPattern(p, { detail: { severity: 1, type: 'X:1' } })).toBe(true);
    expect(matchesPattern(p, { detail: { severity: 1, type: 'Y:1' } })).toBe(false);
  });

  test('unsupported or malformed patterns throw instead of matching silently', () => {
    expect(() => matchesPattern({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '10.0.0.1' })).toThrow(
      /unsupported pattern operator "cidr"/,
    );
    expect(() => matchesPattern({ a: 'x' }, { a: 'x' })).toThrow(/must be arrays/);
    expect(() => matchesPattern({ a: [{ numeric: ['>>', 1] }] }, { a: 2 })).toThrow(/bad numeric/);
    expect(() => matchesPattern({ $or: [{ a: ['x'] }] }, { a: 'x' })).toThrow(/at least two/);
    expect(() => matchesPattern({ a: [{ prefix: 'x', suffix: 'y' }] }, { a: 'xy' })).toThrow(/exactly one operator/);
  });
});
