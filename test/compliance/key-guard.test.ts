// BKP-7 key guard: the statements the stage adds to every key that protects the data or a backup (lib/app/key-guard.ts,
// lib/defaults/kms.ts), read back by the BKP-7 check (lib/compliance/model/key-guard.ts), and their effect through the
// IAM evaluator: an administrator is denied, the break-glass role is not, the deployment role keeps PutKeyPolicy only.
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { guardKeys } from '../../lib/app/key-guard';
import { type Evaluation, evaluateAll, type PolicyJson } from '../../lib/compliance/effects/evaluate';
import { guardProblems } from '../../lib/compliance/model/key-guard';
import type { Res } from '../../lib/compliance/model/query';
import type { StageModel, TemplateJson } from '../../lib/compliance/model/types';
import { keyGuardStatements } from '../../lib/defaults/kms';
import { TEST_ENV, testConfig, testStack } from '../helpers';
import { disposableStage } from '../stage/example-stage';

const { account, region } = TEST_ENV;
const BREAK_GLASS = `arn:aws:iam::${account}:role/BreakGlass`;
const DEPLOYMENT = `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${region}`;
const ADMIN = `arn:aws:iam::${account}:role/Administrator`;
const KEY = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const config = testConfig();

/** GIVEN a fresh stack with one key, WHEN the guard is added: the stack, the key and the key's logical ID. */
function guardedKey() {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key');
  guardKeys(config, [key]);
  const template = Template.fromStack(stack).toJSON() as TemplateJson;
  const id = Object.keys(template.Resources ?? {}).find((k) => template.Resources?.[k].Type === 'AWS::KMS::Key');
  if (!id) throw new Error('no key');
  return { stack, key, template, id };
}

/** The key of a template as the BKP-7 check reads it. */
function asRes(template: TemplateJson, id: string): { m: StageModel; res: Res } {
  const stack = { name: 'Test', region, account, template };
  const r = template.Resources?.[id];
  if (!r) throw new Error(`no ${id}`);
  return { m: { config, stacks: [stack] }, res: { stack, id, r } };
}

describe('BKP-7 the key guard in the key policy', () => {
  test('two Deny statements for every principal, excepting the break-glass role (and the deployment for the policy)', () => {
    const { template, id } = guardedKey();
    const statements = (template.Resources?.[id].Properties?.KeyPolicy as any)?.Statement ?? [];
    const arn = (role: string) => `arn:aws:iam::${account}:role/${role}`;
    expect(statements.filter((s: any) => s.Effect === 'Deny' && s.Sid !== 'DenyGrantsExceptForAwsResources')).toEqual([
      {
        Sid: 'DenyKeyDeletionExceptBreakGlass',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['kms:DisableKey', 'kms:ScheduleKeyDeletion'],
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': arn('BreakGlass') } },
      },
      {
        Sid: 'DenyKeyPolicyChangeExceptBreakGlassAndDeployment',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:PutKeyPolicy',
        Resource: '*',
        Condition: {
          ArnNotLike: {
            'aws:PrincipalArn': [arn('BreakGlass'), arn(`cdk-hnb659fds-cfn-exec-role-${account}-${region}`)],
          },
        },
      },
    ]);
  });

  test('the role names come from config: keyGuard.breakGlassRoleName and keyGuard.bootstrapQualifier', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    guardKeys({ keyGuard: { breakGlassRoleName: 'Vault-Keeper', bootstrapQualifier: 'abc123' } }, [key]);
    const policy = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(policy).toContain(':role/Vault-Keeper');
    expect(policy).toContain(`:role/cdk-abc123-cfn-exec-role-${account}-${region}`);
    expect(policy).not.toContain(':role/BreakGlass');
  });

  test('the BKP-7 check reads the guard back: none missing; without it, every action is named', () => {
    const { template, id } = guardedKey();
    const { m, res } = asRes(template, id);
    expect(guardProblems(m, res)).toEqual([]);
    const bare = testStack();
    new kms.Key(bare, 'Key');
    const unguarded = Template.fromStack(bare).toJSON() as TemplateJson;
    const u = asRes(unguarded, Object.keys(unguarded.Resources ?? {})[0]);
    expect(guardProblems(u.m, u.res)).toEqual([
      expect.stringMatching(/does not deny kms:ScheduleKeyDeletion to all but .*role\/BreakGlass$/),
      expect.stringMatching(/does not deny kms:DisableKey/),
      expect.stringMatching(/does not deny kms:PutKeyPolicy to all but .*BreakGlass and .*cfn-exec-role/),
    ]);
  });

  test('OPS-3 a whole disposable stage: no key guard, no air-gapped vault, no vault lock', () => {
    // The internal example as a disposable stage, read from the stage cache (test/stage/example-stage.ts).
    const stage = disposableStage();
    const ofType = (type: string) =>
      stage.stacks.flatMap((s) =>
        Object.entries(s.template.Resources ?? {})
          .filter(([, r]) => r.Type === type)
          .map(([id, r]) => [`${s.name.slice(stage.config.name.length + 1)}/${id}`, r] as const),
      );
    const ids = (type: string) => ofType(type).map(([id]) => id);
    // The keys a durable stage guards (lib/app/key-guard.ts): the database's storage and secret keys, both vault keys.
    const guarded = [
      /^Data\/DatabaseStorageKey/,
      /^Data\/DatabaseSecretKey/,
      /^Backup\/BackupKey/,
      /^Recovery\/BackupKey/,
    ];
    expect(ids('AWS::KMS::Key')).toEqual(expect.arrayContaining(guarded.map((re) => expect.stringMatching(re))));
    for (const [id, key] of ofType('AWS::KMS::Key'))
      expect(`${id} ${JSON.stringify(key.Properties?.KeyPolicy)}`).not.toContain('BreakGlass');
    const vaults = [
      /^Backup\/BackupPlanHistoryVault/,
      /^Backup\/BackupPlanFrequentVault/,
      /^Recovery\/HistoryCopyVault/,
    ];
    expect(ids('AWS::Backup::BackupVault')).toEqual(
      expect.arrayContaining(vaults.map((re) => expect.stringMatching(re))),
    );
    for (const [id, vault] of ofType('AWS::Backup::BackupVault'))
      expect([id, vault.Properties?.LockConfiguration]).toEqual([id, undefined]);
    expect(ids('AWS::Backup::LogicallyAirGappedBackupVault')).toEqual([]);
  });
});

describe('BKP-7 PROOF-5 the guard in effect (IAM evaluator)', () => {
  const root = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' };
  const guard = keyGuardStatements({ breakGlassRoleArn: BREAK_GLASS, deploymentRoleArn: DEPLOYMENT }).map((s) =>
    s.toStatementJson(),
  );
  const administratorAccess: PolicyJson = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  };
  /** A session of `roleArn` with AdministratorAccess calling `action` on a key whose policy holds `statements`. */
  const call = (roleArn: string, action: string, statements: object[]): Evaluation => ({
    principal: `${roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/session`,
    action,
    resource: KEY,
    resourceAccount: account,
    context: { 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': account, 'kms:CallerAccount': account },
    identityPolicies: [administratorAccess],
    resourcePolicy: { trust: false, policy: { Version: '2012-10-17', Statement: statements } },
  });
  const cases: Array<[string, Evaluation, string]> = [
    ['an administrator, no guard: ScheduleKeyDeletion', call(ADMIN, 'kms:ScheduleKeyDeletion', [root]), 'Allowed'],
    ...['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'].flatMap(
      (action): Array<[string, Evaluation, string]> => [
        [`an administrator: ${action}`, call(ADMIN, action, [root, ...guard]), 'ExplicitlyDenied'],
        [`the break-glass role: ${action}`, call(BREAK_GLASS, action, [root, ...guard]), 'Allowed'],
        [
          `the deployment role: ${action}`,
          call(DEPLOYMENT, action, [root, ...guard]),
          action === 'kms:PutKeyPolicy' ? 'Allowed' : 'ExplicitlyDenied',
        ],
      ],
    ),
  ];
  const decisions = evaluateAll(cases.map(([, e]) => e));

  test.each(cases.map(([what, , expected], i) => [what, expected, i] as const))('%s: %s', (_what, expected, i) => {
    expect(decisions[i].decision).toBe(expected);
    expect(decisions[i].ignoredContextKeys).toEqual([]);
  });
});
