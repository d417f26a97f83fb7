// The typed template model the claims read through (lib/compliance/model).
import { runsPerDay, snapshotsHeld } from '../../lib/compliance/model/backup-plan';
import { asArray, field, getPath, num, obj, str } from '../../lib/compliance/model/json';
import { attributeOf, resolve, resources, text } from '../../lib/compliance/model/query';
import type { StageModel } from '../../lib/compliance/model/types';
import { fixtureConfig } from './fixtures/stage';

describe('json guards: reading never throws, a differently shaped value reads as absent', () => {
  const doc = { Statement: [{ Action: ['s3:GetObject'], Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] };
  test('getPath reads objects and list positions', () => {
    expect(getPath(doc, 'Statement.0.Action.0')).toBe('s3:GetObject');
    expect(getPath(doc, 'Statement.0.Condition.Bool.aws:SecureTransport')).toBe('true');
  });
  test.each([
    ['a missing member', 'Statement.1.Action'],
    ['a member of a string', 'Statement.0.Action.0.length'],
    ['a member of null', 'Nothing.Else'],
  ])('getPath of %s is undefined', (_what, path) => expect(getPath(doc, path)).toBeUndefined());
  test('asArray, field, str, num, obj', () => {
    expect([asArray(undefined), asArray(null), asArray('a'), asArray(['a', 'b'])]).toEqual([[], [], ['a'], ['a', 'b']]);
    expect([field('text', 'length'), field({ a: 1 }, 'a')]).toEqual([undefined, 1]);
    expect([str(1), str('1'), num('1'), num(1)]).toEqual([undefined, '1', undefined, 1]);
    expect([obj('x'), obj({ a: 1 })]).toEqual([{}, { a: 1 }]);
  });
});

describe('text renders intrinsics as placeholders', () => {
  /** `${name}`, as CloudFormation writes a placeholder. */
  const ph = (name: string) => `\${${name}}`;
  test.each([
    [{ Ref: 'Key' }, ph('Key')],
    [{ 'Fn::GetAtt': ['Key', 'Arn'] }, ph('Key.Arn')],
    [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3']] }, `arn:${ph('AWS::Partition')}:s3`],
    [{ 'Fn::Sub': [`${ph('A')}-x`, { A: 'a' }] }, `${ph('A')}-x`],
    [{ 'Fn::GetStackOutput': { StackName: 'p-Data', OutputName: 'Out' } }, ph('p-Data.Out')],
    [{ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, ph('select({"Fn::GetAZs":""})')],
    [['a', { Ref: 'B' }], `a,${ph('B')}`],
    [undefined, ''],
  ])('%j is %s', (value, expected) => expect(text(value)).toBe(expected));
});

describe('resolve follows references within and across stacks', () => {
  const stage: StageModel = {
    config: fixtureConfig(),
    stacks: [
      {
        name: 'p-Data',
        region: 'eu-west-3',
        account: '111122223333',
        template: {
          Resources: { Group: { Type: 'AWS::EC2::SecurityGroup' } },
          Outputs: {
            GroupOut: { Value: { 'Fn::GetAtt': ['Group', 'GroupId'] }, Export: { Name: 'p-Data:Group' } },
          },
        },
      },
      {
        name: 'p-App',
        region: 'eu-west-3',
        account: '111122223333',
        template: {
          Resources: {
            ByOutput: {
              Type: 'AWS::EC2::SecurityGroupIngress',
              Properties: { GroupId: { 'Fn::GetStackOutput': { StackName: 'p-Data', OutputName: 'GroupOut' } } },
            },
            ByImport: {
              Type: 'AWS::EC2::SecurityGroupIngress',
              Properties: { GroupId: { 'Fn::ImportValue': 'p-Data:Group' } },
            },
          },
        },
      },
    ],
  };
  const [app] = stage.stacks.slice(1);
  test.each(['ByOutput', 'ByImport'])('%s resolves to the group in p-Data', (id) => {
    const rule = resources(stage, 'AWS::EC2::SecurityGroupIngress').find((r) => r.id === id);
    const group = resolve(stage, app, rule?.r.Properties?.GroupId);
    expect([group?.stack.name, group?.id]).toEqual(['p-Data', 'Group']);
  });
  test('the attribute read across stacks', () => {
    const value = { 'Fn::GetStackOutput': { StackName: 'p-Data', OutputName: 'GroupOut' } };
    expect(attributeOf(stage, value)).toBe('GroupId');
  });
  test('literals and pseudo parameters resolve to nothing', () => {
    expect(resolve(stage, app, 'sg-123')).toBeUndefined();
    expect(resolve(stage, app, { Ref: 'AWS::Region' })).toBeUndefined();
  });
});

describe('BKP-6 runs per day, counted from the schedule expression itself', () => {
  test.each([
    // The default frequent rule: irregular gaps (4 h, and 8 h over the daily hour), five runs, not 24 / 8 = 3.
    ['cron(0 7,11,15,19,23 * * ? *)', 5],
    ['cron(0 1,2,9 * * ? *)', 3],
    ['cron(0 0,1,2,3,4,5,6,13 * * ? *)', 8],
    ['cron(0 3 * * ? *)', 1],
    ['cron(0 * * * ? *)', 24],
    ['cron(0 8-17 * * ? *)', 10],
    ['cron(0 22-23,0-2 * * ? *)', 5],
    ['cron(0 */3 * * ? *)', 8],
    ['cron(0 0/4 * * ? *)', 6],
    ['cron(0 2/5 * * ? *)', 5],
    ['cron(0 1-9/4 * * ? *)', 3],
    ['cron(0 5,5,6 * * ? *)', 2],
    ['cron(0,30 6 * * ? *)', 2],
    ['cron(0/15 9 * * ? *)', 4],
    ['rate(4 hours)', 6],
    ['rate(30 minutes)', 48],
    ['rate(1 day)', 1],
  ])('%s runs %d times a day', (expr, n) => expect(runsPerDay(expr)).toBe(n));

  test.each([
    ['cron(0 6 ? * SAT *)', 1 / 7],
    ['cron(0 6 ? * MON-FRI *)', 5 / 7],
    ['cron(0 6,18 ? * 1,7 *)', 4 / 7],
  ])('%s runs %d times a day on average', (expr, n) => expect(runsPerDay(expr)).toBeCloseTo(n, 10));

  test.each([
    'cron(0 25 * * ? *)',
    'cron(0 3-1 * * ? *)',
    'cron(0 */0 * * ? *)',
    'cron(0 L * * ? *)',
    'at(2030-01-01T00:00:00)',
  ])('%s is not read as a count', (expr) => expect(runsPerDay(expr)).toBeUndefined());

  test('snapshots held at steady state: runs kept for the days of the retention, rounded up for weekly rules', () => {
    expect(snapshotsHeld('cron(0 7,11,15,19,23 * * ? *)', 1)).toBe(5);
    expect(snapshotsHeld('cron(0 3 * * ? *)', 90)).toBe(90);
    // A 90-day window holds at most 13 Saturdays.
    expect(snapshotsHeld('cron(0 6 ? * SAT *)', 90)).toBe(13);
    expect(snapshotsHeld('cron(0 25 * * ? *)', 90)).toBeUndefined();
  });
});
