// PROOF-5: every data path of the example stages evaluated by a real IAM policy evaluator (@cloud-copilot/iam-simulate)
// over the synthesized identity, resource and key policies together; the encryption-context layer that decides the
// one condition the evaluator cannot read; hand-made policies showing the evaluator really denies.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { claim } from '../../lib/compliance/claims';
import { CATEGORIES, type Category, effectsOf, type PathResult } from '../../lib/compliance/effects';
import {
  conditionHolds,
  NEVER_MET,
  resolveEncryptionContext,
  splitEncryptionContext,
} from '../../lib/compliance/effects/encryption-context';
import { type Evaluation, evaluateAll, type PolicyJson } from '../../lib/compliance/effects/evaluate';
import { Materializer } from '../../lib/compliance/effects/materialize';
import { RESTORED_CLUSTER_PREFIX } from '../../lib/compliance/effects/paths-access';
import { getPath } from '../../lib/compliance/model/json';
import { resources } from '../../lib/compliance/model/query';
import type { StageModel } from '../../lib/compliance/model/types';
import { exampleStage, INTERNAL, PUBLIC, ROOT } from '../stage/example-stage';

const ACCOUNT = '111122223333';
const GROUP = 'arn:aws:logs:eu-west-3:111122223333:log-group:validator-logs';
const KEY = 'arn:aws:kms:eu-west-3:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const doc = (...Statement: object[]): PolicyJson => ({ Version: '2012-10-17', Statement });
const ROOT_KEY_STATEMENT = {
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*',
};
const LOGS_KEY_STATEMENT = {
  Sid: 'AllowCloudWatchLogs',
  Effect: 'Allow',
  Principal: { Service: 'logs.eu-west-3.amazonaws.com' },
  Action: ['kms:Decrypt*', 'kms:GenerateDataKey*'],
  Resource: '*',
  Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-3:111122223333:log-group:*' } },
};
const logsUse = (group: string): Evaluation => ({
  principal: 'logs.eu-west-3.amazonaws.com',
  action: 'kms:GenerateDataKey',
  resource: KEY,
  resourceAccount: ACCOUNT,
  context: { 'aws:PrincipalIsAWSService': 'true', 'kms:EncryptionContext:aws:logs:arn': group },
  identityPolicies: [],
  resourcePolicy: { trust: false, policy: doc(ROOT_KEY_STATEMENT, LOGS_KEY_STATEMENT) },
});
const ROLE = `arn:aws:iam::${ACCOUNT}:role/validator`;
/** The validator writing to one of its streams, allowed by an identity policy on `resource`. */
const write = (resource: string): Evaluation => ({
  principal: ROLE,
  action: 'logs:PutLogEvents',
  resource: `arn:aws:logs:eu-west-3:${ACCOUNT}:log-group:validator-logs:log-stream:2026/01/01/[$LATEST]abc`,
  resourceAccount: ACCOUNT,
  context: { 'aws:PrincipalArn': ROLE },
  identityPolicies: [
    doc({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: resource }),
  ],
});
/** A role scheduling the deletion of a key, with these identity policies and key policy statements. */
const deleteKey = (identity: PolicyJson[], statements: object[]): Evaluation => ({
  principal: ROLE,
  action: 'kms:ScheduleKeyDeletion',
  resource: KEY,
  resourceAccount: ACCOUNT,
  context: { 'aws:PrincipalArn': ROLE },
  identityPolicies: identity,
  resourcePolicy: { trust: false, policy: doc(...statements) },
});
const ADMIN = doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
const DENY_DELETION = { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion', Resource: '*' };

/** Every hand-made request, evaluated in one batch (one evaluator process) the first time a test asks. */
const HAND_MADE = {
  logsOwnGroup: logsUse(GROUP),
  logsForeignGroup: logsUse('arn:aws:logs:eu-west-3:999988887777:log-group:x'),
  validatorBug: write(`${GROUP}:*:log-stream:*`), // logGroup.logGroupArn already ends in `:*`
  streamByName: write(`${GROUP}:log-stream:*`),
  grantWrite: write(`${GROUP}:*`), // logGroup.grantWrite's resource
  keyRootOnly: deleteKey([], [ROOT_KEY_STATEMENT]),
  keyRootAndIdentity: deleteKey([ADMIN], [ROOT_KEY_STATEMENT]),
  keyExplicitDeny: deleteKey([ADMIN], [ROOT_KEY_STATEMENT, DENY_DELETION]),
};
type HandMade = keyof typeof HAND_MADE;
let handMade: Record<string, [string, readonly string[]]> | undefined;
const decide = (...names: HandMade[]) => {
  if (!handMade) {
    const keys = Object.keys(HAND_MADE) as HandMade[];
    const results = evaluateAll(keys.map((k) => HAND_MADE[k]));
    handMade = Object.fromEntries(keys.map((k, i) => [k, [results[i].decision, results[i].ignoredContextKeys]]));
  }
  return names.map((n) => handMade?.[n]);
};

describe('PROOF-5 the encryption-context layer (iam-simulate drops kms:EncryptionContext:<key>)', () => {
  test('the evaluator alone ignores the key, so CloudWatch Logs looks denied', () => {
    const [alone] = evaluateAll([logsUse(GROUP)], { encryptionContextLayer: false });
    expect([alone.decision, alone.ignoredContextKeys]).toEqual([
      'ImplicitlyDenied',
      ['kms:EncryptionContext:aws:logs:arn'],
    ]);
  });

  test('with the layer the condition is decided, and nothing is ignored', () => {
    expect(decide('logsOwnGroup', 'logsForeignGroup')).toEqual([
      ['Allowed', []],
      ['ImplicitlyDenied', []],
    ]);
  });

  test('a condition that holds is removed, one that fails makes the statement unmeetable; others are kept', () => {
    const policy = doc(ROOT_KEY_STATEMENT, {
      ...LOGS_KEY_STATEMENT,
      Condition: { ...LOGS_KEY_STATEMENT.Condition, StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
    const held = resolveEncryptionContext(policy, { 'aws:logs:arn': GROUP }).Statement as Array<
      Record<string, unknown>
    >;
    expect(held[0]).toBe(ROOT_KEY_STATEMENT);
    expect(held[1].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': ACCOUNT } });
    const failed = resolveEncryptionContext(policy, { 'aws:logs:arn': 'arn:aws:logs:us-east-1:1:log-group:x' });
    expect((failed.Statement as Array<Record<string, unknown>>)[1].Condition).toEqual(NEVER_MET);
    expect(resolveEncryptionContext(doc(ROOT_KEY_STATEMENT), { 'aws:logs:arn': GROUP })).toEqual(
      doc(ROOT_KEY_STATEMENT),
    );
  });

  test.each([
    ['ArnLike', 'arn:aws:logs:*:111122223333:log-group:*', GROUP, true],
    ['ArnLike', 'arn:aws:logs:*:111122223333:log-group:*', 'arn:aws:logs:eu-west-3:999988887777:log-group:a', false],
    ['ArnEquals', GROUP, GROUP, true],
    ['ArnEquals', GROUP, `${GROUP}-other`, false],
    ['StringEquals', ['a', 'b'], 'b', true],
    ['StringEquals', 'A', 'a', false],
    ['StringEqualsIgnoreCase', 'A', 'a', true],
    [
      'StringLike',
      'arn:aws:cloudtrail:*:111122223333:trail/*',
      'arn:aws:cloudtrail:eu-west-3:111122223333:trail/t',
      true,
    ],
    ['StringNotEquals', 'a', 'b', true],
    ['StringNotLike', 'a*', 'ab', false],
    ['ForAnyValue:StringEquals', ['x', 'y'], 'y', true],
    ['StringEquals', 'a', undefined, false],
    ['StringEqualsIfExists', 'a', undefined, true],
    ['StringNotEquals', 'a', undefined, true],
    ['ForAllValues:StringEquals', 'a', undefined, true],
    ['Null', 'true', undefined, true],
    ['Null', 'false', undefined, false],
    ['Null', 'false', 'x', true],
  ])('%s %j against %s: %s', (operator, values, actual, holds) => {
    expect(conditionHolds(operator, 'kms:EncryptionContext:k', values, actual)).toBe(holds);
  });

  test('operators and values it does not decide fail loudly instead of guessing', () => {
    expect(() => conditionHolds('NumericEquals', 'kms:EncryptionContext:k', '1', '1')).toThrow(/not decided/);
    expect(() => conditionHolds('StringEquals', 'kms:EncryptionContext:k', `\${aws:username}`, 'x')).toThrow(
      /variables/,
    );
  });

  test('the request context is split: context keys go to the layer, kms:EncryptionContextKeys stays', () => {
    expect(
      splitEncryptionContext({
        'kms:EncryptionContext:aws:logs:arn': GROUP,
        'kms:EncryptionContextKeys': ['aws:logs:arn'],
        'aws:SourceAccount': ACCOUNT,
      }),
    ).toEqual({
      encryptionContext: { 'aws:logs:arn': GROUP },
      rest: { 'kms:EncryptionContextKeys': ['aws:logs:arn'], 'aws:SourceAccount': ACCOUNT },
    });
  });
});

describe('PROOF-5 the evaluator really decides (hand-made policies)', () => {
  test('the restore validator bug: the group ARN (ending in :*) + `:log-stream:*` matches no stream, the name-based ARN does', () => {
    expect(decide('validatorBug', 'streamByName', 'grantWrite')).toEqual([
      ['ImplicitlyDenied', []],
      ['Allowed', []],
      ['Allowed', []],
    ]);
  });

  test('a key policy delegating to the account needs the identity policy too; an explicit deny wins', () => {
    expect(decide('keyRootOnly', 'keyRootAndIdentity', 'keyExplicitDeny')).toEqual([
      ['ImplicitlyDenied', []],
      ['Allowed', []],
      ['ExplicitlyDenied', []],
    ]);
  });
});

describe('PROOF-5 materialized values', () => {
  const stage = exampleStage(PUBLIC);
  const m: StageModel = { config: stage.config, stacks: stage.stacks };
  const mat = new Materializer(m);

  test('a log group ARN ends in `:*` (the trap), names are deterministic, cross-stack outputs are followed', () => {
    const [group] = resources(m, 'AWS::Logs::LogGroup');
    expect(mat.arnOf(group)).toMatch(/^arn:aws:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+:\*$/);
    expect(new Materializer(m).nameOf(group)).toBe(mat.nameOf(group));
    const task = resources(m, 'AWS::ECS::TaskDefinition')[0];
    const taskRole = mat.string(task.stack, task.r.Properties?.TaskRoleArn);
    expect(taskRole).toMatch(new RegExp(`^arn:aws:iam::${stage.config.account}:role/${stage.config.name}-Data-`));
  });

  test('the prefix of restored clusters is the one the restore testing construct relies on', () => {
    const construct = fs.readFileSync(path.join(ROOT, 'lib/constructs/backup/restore-testing.ts'), 'utf8');
    expect(construct).toContain(`RESTORED_CLUSTER_PREFIX = '${RESTORED_CLUSTER_PREFIX}'`);
  });
});

describe('PROOF-5 breaks on the real templates when a path is cut', () => {
  const stage = exampleStage(PUBLIC);
  /** A copy of the stage whose statement `sid` of the restore validator's policy is edited. */
  const withValidatorStatement = (sid: string, edit: (s: Record<string, unknown>) => void): StageModel => {
    const stacks = structuredClone(stage.stacks) as StageModel['stacks'];
    const policy = resources(stacks, 'AWS::IAM::ManagedPolicy').find((p) =>
      String(p.r.Metadata?.['aws:cdk:path']).endsWith('RestoreTesting/ValidatorPolicy/Resource'),
    );
    if (!policy) throw new Error('no restore validator policy in the stage');
    const statements = getPath(policy.r.Properties, 'PolicyDocument.Statement') as Array<Record<string, unknown>>;
    edit(statements.find((s) => s.Sid === sid) as Record<string, unknown>);
    return { config: stage.config, stacks };
  };

  test("the validator's log grant as it was (`<group Arn>:log-stream:*`): its writes are denied", () => {
    const m = withValidatorStatement('Logs', (s) => {
      const group = resources(stage.stacks, 'AWS::Logs::LogGroup').find((g) =>
        String(g.r.Metadata?.['aws:cdk:path']).endsWith('RestoreTesting/ValidatorLogs/Resource'),
      );
      s.Resource = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [group?.id, 'Arn'] }, ':log-stream:*']] };
    });
    const cut = effectsOf(m).results.filter((r) => !r.ok);
    expect(cut.map((r) => [r.path.category, r.path.what.split(' ')[0], r.decision])).toEqual(
      expect.arrayContaining([
        ['function-logs', 'logs:CreateLogStream', 'ImplicitlyDenied'],
        ['function-logs', 'logs:PutLogEvents', 'ImplicitlyDenied'],
      ]),
    );
    const r = claim('PROOF-5').check(m);
    expect([r.status, r.why]).toEqual(['not-kept', expect.stringContaining('logs:PutLogEvents')]);
  });
});

/** Every category's paths, one line each: `who what -> decision (problem)`. */
const lines = (results: readonly PathResult[]) =>
  results.map((r) => `${r.path.who} ${r.path.what} -> ${r.decision}${r.ok ? '' : ` (${r.problem})`}`);

describe.each([PUBLIC, INTERNAL])('PROOF-5 every data path of %s, evaluated', (file) => {
  const stage = exampleStage(file);
  const m: StageModel = { config: stage.config, stacks: stage.stacks };
  const effects = effectsOf(m);
  const of = (c: Category) => effects.results.filter((r) => r.path.category === c);

  test('each category derives at least one path from the templates', () => {
    const empty = Object.entries(effects.counts).filter(([, n]) => n === 0);
    expect(empty).toEqual([]);
  });

  test.each(Object.keys(CATEGORIES) as Category[])('%s: every path gets the decision it needs', (category) => {
    expect(lines(of(category).filter((r) => !r.ok))).toEqual([]);
  });

  test('no evaluation left a context key unused, none was refused', () => {
    expect(
      effects.results.filter((r) => r.ignoredContextKeys.length || r.decision === 'Error').map((r) => r.path.what),
    ).toEqual([]);
  });

  test('the restore validator writes to its log group (issue 12: its stream ARN matched no stream)', () => {
    const validator = of('function-logs').filter((r) => /RestoreTestingValidator/.test(r.path.who));
    expect(validator.map((r) => [r.path.what.split(' ')[0], r.decision])).toEqual([
      ['logs:CreateLogStream', 'Allowed'],
      ['logs:PutLogEvents', 'Allowed'],
    ]);
  });

  test('RDS and AWS Backup still create grants for AWS resources (kms:GrantIsForAWSResource)', () => {
    const grants = [...of('rds'), ...of('backup'), ...of('restore')].filter((r) =>
      r.path.what.startsWith('kms:CreateGrant'),
    );
    expect(grants.length).toBeGreaterThanOrEqual(3);
    expect(grants.filter((r) => r.decision !== 'Allowed').map((r) => r.path.what)).toEqual([]);
    expect(grants.every((r) => r.path.evaluation?.context['kms:GrantIsForAWSResource'] === 'true')).toBe(true);
  });

  test('a grant that is not for an AWS resource is refused by the key policies', () => {
    const [grant] = of('backup').filter((r) => r.path.what.startsWith('kms:CreateGrant'));
    const e = grant.path.evaluation as Evaluation;
    const notForAws = { ...e, context: { ...e.context, 'kms:GrantIsForAWSResource': 'false' } };
    expect(evaluateAll([notForAws]).map((r) => r.decision)).toEqual(['ExplicitlyDenied']);
  });

  test('the claim lists every path with its decision, and is evaluated once per model', () => {
    const r = claim('PROOF-5').check(m);
    expect(effectsOf(m)).toBe(effects);
    const keyLines = r.evidence.filter((e) => e.property.startsWith('key-deletion:')).length;
    const others = effects.results.filter((x) => x.path.category !== 'key-deletion' || !x.ok).length;
    expect(r.evidence.length).toBe(Object.keys(CATEGORIES).length + others + keyLines);
    expect(keyLines).toBe(resources(m, 'AWS::KMS::Key').length);
  });
});
