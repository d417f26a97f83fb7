// PROOF-5 paths of people and application code: the application role to its database user (and nothing more),
// the restore validator to restored clusters and the master secret, operators only with MFA from their ranges,
// no role of the stage able to delete or disable a key.
import { actionsOf, operatorRoles, statementsOf } from '../model/iam';
import { asArray, field, getPath } from '../model/json';
import { kmsKey, pathOf, propsOf, type Res, resolve, resources } from '../model/query';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies';
import { type Derivation, type EffectPath, type Expected, unique } from './path';
import { protectedClusters } from './paths-backup';

/** AWS Backup names the cluster a restore test creates with this prefix (the validator's policy relies on it). */
export const RESTORED_CLUSTER_PREFIX = 'awsbackup-restore-test-';

/** Roles the application's tasks run as: the task roles of the ECS task definitions. */
export function appRoles(d: Derivation): Res[] {
  return unique(
    resources(d.m, 'AWS::ECS::TaskDefinition')
      .map((t) => resolve(d.m, t.stack, propsOf(t).TaskRoleArn))
      .filter((r): r is Res => r?.r.Type === 'AWS::IAM::Role'),
  );
}

/** The master secret of a cluster: the one RDS manages, or the secret its password resolves from. */
function masterSecretArn(d: Derivation, cluster: Res): string | undefined {
  if (propsOf(cluster).ManageMasterUserPassword === true) return d.mat.managedSecretArnOf(cluster);
  const id = JSON.stringify(propsOf(cluster).MasterUserPassword ?? '').match(/"Ref":"([^"]+)"/)?.[1];
  return id === undefined ? undefined : d.mat.string(cluster.stack, { Ref: id });
}

/** A role reads a cluster's master secret: the secret, and its key through Secrets Manager. */
function readSecret(
  d: Derivation,
  category: 'restore-validator' | 'app-secrets',
  expect: Expected,
  role: Res,
  cluster: Res,
): EffectPath[] {
  const arn = masterSecretArn(d, cluster);
  if (!arn) return [];
  const out = [
    d.byRole(category, expect, role, cluster, `secretsmanager:GetSecretValue on the master secret of ${cluster.id}`, {
      action: 'secretsmanager:GetSecretValue',
      resource: arn,
      resourceAccount: cluster.stack.account,
    }),
  ];
  const key = kmsKey(d.m, cluster, getPath(propsOf(cluster), 'MasterUserSecret.KmsKeyId'));
  if (key)
    out.push(
      d.byRole(category, expect, role, key, `kms:Decrypt of the master secret of ${cluster.id}`, {
        ...d.onKey(key),
        action: 'kms:Decrypt',
        context: {
          'kms:ViaService': `secretsmanager.${key.stack.region}.amazonaws.com`,
          'kms:CallerAccount': role.stack.account,
          'kms:EncryptionContext:SecretARN': arn,
          'kms:EncryptionContextKeys': ['SecretARN', 'SecretVersionId'],
          'kms:EncryptionContext:SecretVersionId': '01234567-89ab-cdef-0123-456789abcdef',
        },
      }),
    );
  return out;
}

/** A role connects to a cluster as a database user. */
function connect(
  d: Derivation,
  category: 'app-db' | 'app-secrets',
  expect: Expected,
  role: Res,
  cluster: Res,
  user: string,
) {
  const resourceId = d.mat.string(cluster.stack, { 'Fn::GetAtt': [cluster.id, 'DBClusterResourceId'] });
  const { region, account } = cluster.stack;
  return d.byRole(category, expect, role, cluster, `rds-db:connect as ${user} to ${cluster.id}`, {
    action: 'rds-db:connect',
    resource: `arn:aws:rds-db:${region}:${account}:dbuser:${resourceId}/${user}`,
    resourceAccount: account,
  });
}

/** The application role connects as the application user; it reads no master secret and connects as no one else. */
export function application(d: Derivation): EffectPath[] {
  const { appUser, readOnlyUser } = d.m.config.database;
  const clusters = resources(d.m, 'AWS::RDS::DBCluster');
  return appRoles(d).flatMap((role) =>
    clusters.flatMap((cluster) =>
      d.guard('app-db', 'Allowed', cluster, `application access to ${cluster.id}`, () => {
        const master = d.mat.string(cluster.stack, propsOf(cluster).MasterUsername ?? 'postgres');
        return [
          connect(d, 'app-db', 'Allowed', role, cluster, appUser),
          ...[readOnlyUser, master].map((user) => connect(d, 'app-secrets', 'Denied', role, cluster, user)),
          ...readSecret(d, 'app-secrets', 'Denied', role, cluster),
        ];
      }),
    ),
  );
}

/** Lambda functions that validate restore tests: targets of a rule on completed AWS Backup restore jobs. */
export function restoreValidators(d: Derivation): Res[] {
  const rules = resources(d.m, 'AWS::Events::Rule').filter((r) => {
    const pattern = propsOf(r).EventPattern;
    return (
      asArray(field(pattern, 'source')).includes('aws.backup') &&
      asArray(field(pattern, 'detail-type')).includes('Restore Job State Change')
    );
  });
  return unique(
    rules.flatMap((rule) =>
      asArray(propsOf(rule).Targets)
        .map((t) => resolve(d.m, rule.stack, field(t, 'Arn')))
        .filter((f): f is Res => f?.r.Type === 'AWS::Lambda::Function'),
    ),
  );
}

/** The restore validator describes restored clusters, adds and removes their instance, reads the master secret. */
export function restoreValidator(d: Derivation): EffectPath[] {
  const clusters = unique(
    resources(d.m, 'AWS::Backup::RestoreTestingSelection').flatMap((s) => protectedClusters(d, s)),
  );
  return restoreValidators(d).flatMap((fn) =>
    d.guard('restore-validator', 'Allowed', fn, `restore validation by ${fn.id}`, () => {
      const role = resolve(d.m, fn.stack, propsOf(fn).Role);
      if (role?.r.Type !== 'AWS::IAM::Role') throw new Error(`${fn.id}: its role is not a role of the stage`);
      const { region, account } = fn.stack;
      const restored = `${RESTORED_CLUSTER_PREFIX}0123abcd-4567-89ab-cdef-0123456789ab`;
      const requests: Array<[string, string]> = [
        ['rds:DescribeDBClusters', `arn:aws:rds:${region}:${account}:cluster:${restored}`],
        ['rds:CreateDBInstance', `arn:aws:rds:${region}:${account}:db:${restored}-validator`],
        ['rds:DescribeDBInstances', `arn:aws:rds:${region}:${account}:db:${restored}-validator`],
        ['rds:DeleteDBInstance', `arn:aws:rds:${region}:${account}:db:${restored}-validator`],
      ];
      return [
        ...requests.map(([action, resource]) =>
          d.byRole('restore-validator', 'Allowed', role, fn, `${action} on ${resource.split(':').slice(5).join(':')}`, {
            action,
            resource,
            resourceAccount: account,
          }),
        ),
        ...clusters.flatMap((cluster) => readSecret(d, 'restore-validator', 'Allowed', role, cluster)),
      ];
    }),
  );
}

/** A break-glass role (named so by its ID, name or construct path) is the one role allowed to retire keys. */
export const isBreakGlass = (role: Res): boolean =>
  /break-?glass/i.test(`${role.id} ${String(propsOf(role).RoleName ?? '')} ${pathOf(role) ?? ''}`);

/** No role of the stage but a break-glass one may schedule deletion of or disable any key of the stage. */
export function keyDeletion(d: Derivation): EffectPath[] {
  const roles = resources(d.m, 'AWS::IAM::Role').filter((r) => !isBreakGlass(r));
  return resources(d.m, 'AWS::KMS::Key').flatMap((key) =>
    d.guard('key-deletion', 'Denied', key, `deletion of ${key.id}`, () => {
      const spec = {
        resource: d.mat.arnOf(key),
        resourceAccount: key.stack.account,
        resourcePolicy: d.policies.keyPolicyOf(key),
      };
      return roles.flatMap((role) =>
        ['kms:ScheduleKeyDeletion', 'kms:DisableKey'].map((action) =>
          d.byRole('key-deletion', 'Denied', role, key, action, {
            ...spec,
            action,
            context: { 'kms:CallerAccount': role.stack.account },
          }),
        ),
      );
    }),
  );
}

/** The network address of a CIDR block, which lies inside it. */
const firstAddress = (cidr: string): string => cidr.split('/')[0];

/** An address outside every operator range (documentation ranges of RFC 5737). */
function outsideAddress(cidrs: readonly string[]): string {
  const candidates = ['198.51.100.77', '192.0.2.77', '203.0.113.200'];
  const inside = (ip: string) =>
    cidrs.some((c) => {
      if (c.includes(':')) return false;
      const [net, bits] = c.split('/');
      const toInt = (a: string) => a.split('.').reduce((n, p) => n * 256 + Number(p), 0);
      const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
      return (toInt(ip) & mask) >>> 0 === (toInt(net) & mask) >>> 0;
    });
  const out = candidates.find((ip) => !inside(ip));
  if (!out) throw new Error('every candidate address lies in an operator range');
  return out;
}

/** The host instances an operator role may open sessions on (the resources of its ssm:StartSession grants). */
function sessionTargets(d: Derivation, role: Res): string[] {
  return d.policies
    .ofRole(role)
    .policies.flatMap((p) => statementsOf(p))
    .filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => /^ssm:StartSession$/i.test(a)))
    .flatMap((s) => asArray(s.Resource).map(String))
    .filter((r) => /:instance\/i-/.test(r));
}

/** One way an operator tries: with or without MFA, from an address, and the decision it must get. */
interface Attempt {
  readonly expect: Expected;
  readonly mfa: 'true' | 'false';
  readonly ip: string;
  readonly how: string;
}

/** Every operator range with MFA (allowed), then without MFA, and from outside the ranges (denied). */
function attempts(cidrs: readonly string[]): Attempt[] {
  const outside = outsideAddress(cidrs);
  return [
    ...cidrs.map((c): Attempt => ({ expect: 'Allowed', mfa: 'true', ip: firstAddress(c), how: `with MFA from ${c}` })),
    { expect: 'Denied', mfa: 'false', ip: firstAddress(cidrs[0]), how: `without MFA from ${cidrs[0]}` },
    { expect: 'Denied', mfa: 'true', ip: outside, how: `with MFA from ${outside}, outside the operator ranges` },
  ];
}

/** An operator assumes the role (its trust policy decides), then opens a session on the access host. */
function attempt(d: Derivation, role: Res, a: Attempt): EffectPath[] {
  const account = d.m.config.account;
  const roleArn = d.mat.arnOf(role);
  const user = {
    who: 'an operator (IAM user of the account)',
    arn: `arn:aws:iam::${account}:user/operator`,
    account,
    policies: [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }] },
    ],
  };
  const category = a.expect === 'Allowed' ? 'operator-access' : 'operator-conditions';
  const context = { 'aws:MultiFactorAuthPresent': a.mfa, 'aws:SourceIp': a.ip };
  return [
    d.byPrincipal(category, a.expect, user, role, `sts:AssumeRole ${role.id} ${a.how}`, {
      action: 'sts:AssumeRole',
      resource: roleArn,
      resourceAccount: role.stack.account,
      context,
      resourcePolicy: d.policies.trustOf(role),
      trust: true,
    }),
    ...sessionTargets(d, role).map((instance) =>
      d.byRole(category, a.expect, role, role, `ssm:StartSession on the access host ${a.how}`, {
        action: 'ssm:StartSession',
        resource: instance,
        resourceAccount: role.stack.account,
        context,
      }),
    ),
  ];
}

/**
 * Operators: each operator role (one allowed ssm:StartSession) is assumed, and opens a session, with MFA from an
 * operator range; without MFA, or from elsewhere, both are denied.
 */
export function operators(d: Derivation): EffectPath[] {
  const tries = attempts(d.m.config.operatorCidrs);
  return operatorRoles(d.m).flatMap((role) =>
    d.guard('operator-access', 'Allowed', role, `operator access through ${role.id}`, () =>
      tries.flatMap((a) => attempt(d, role, a)),
    ),
  );
}

/** Another account's AWS Backup role cannot use the stage's vault keys. */
export function foreignBackup(d: Derivation, foreign: string): EffectPath[] {
  const extract = AWS_MANAGED_POLICIES.AWSBackupServiceRolePolicyForBackup;
  const principal = {
    who: `AWS Backup role of account ${foreign}`,
    arn: `arn:aws:iam::${foreign}:role/service-role/AWSBackupDefaultServiceRole`,
    account: foreign,
    policies: [{ Version: '2012-10-17', Statement: extract.statements }],
  };
  return resources(d.m, 'AWS::Backup::BackupVault').flatMap((vault) => {
    const key = kmsKey(d.m, vault, propsOf(vault).EncryptionKeyArn);
    if (!key) return [];
    return [
      d.byPrincipal('foreign-account', 'Denied', principal, key, `kms:CreateGrant via backup for vault ${vault.id}`, {
        action: 'kms:CreateGrant',
        resource: d.mat.arnOf(key),
        resourceAccount: key.stack.account,
        resourcePolicy: d.policies.keyPolicyOf(key),
        context: {
          'kms:ViaService': `backup.${key.stack.region}.amazonaws.com`,
          'kms:CallerAccount': foreign,
          'kms:GrantIsForAWSResource': 'true',
        },
      }),
    ];
  });
}
