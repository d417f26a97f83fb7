// The typed template model the claims read through (lib/compliance/model).
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
