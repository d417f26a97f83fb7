// BKP-7's key guard read from the templates: which keys protect the database, its master secret or a backup, and
// whether each key policy denies retiring the key (and changing its policy) to all but the break-glass role (and the
// deployment). Shared by the BKP-7 check and the PROOF-5 key paths, so they cannot disagree. CDK-free.
import {
  deploymentRoleName,
  iamRoleArn,
  KEY_GUARD_POLICY_ACTIONS,
  KEY_GUARD_RETIRE_ACTIONS,
} from '../../core/key-guard';
import { actionsOf, statementsOf } from './iam';
import { asArray, field, getPath, isObject, type JsonObject } from './json';
import { kmsKey, propsOf, type Res, resolve, resources, sameRes, text } from './query';
import type { StageModel } from './types';

/** A key the guard must cover, and what it protects (for messages). */
export interface GuardedKey {
  readonly key: Res;
  readonly protects: string;
}

/** The secret a cluster's master password resolves from (`{{resolve:secretsmanager:<secret>...}}`), if any. */
function passwordSecret(m: StageModel, cluster: Res): Res | undefined {
  const id = JSON.stringify(propsOf(cluster).MasterUserPassword ?? '').match(/"Ref":"([^"]+)"/)?.[1];
  const secret = id === undefined ? undefined : resolve(m, cluster.stack, { Ref: id });
  return secret?.r.Type === 'AWS::SecretsManager::Secret' ? secret : undefined;
}

/**
 * Every customer-managed key of the stage that protects the database (cluster storage), its master secret (RDS-managed
 * or a Secrets Manager secret) or a backup (the key of any vault, air-gapped ones included), without repeats.
 */
export function guardedKeys(m: StageModel): GuardedKey[] {
  const out: GuardedKey[] = [];
  const add = (key: Res | undefined, protects: string) => {
    if (key && !out.some((g) => sameRes(g.key, key))) out.push({ key, protects });
  };
  for (const cluster of resources(m, 'AWS::RDS::DBCluster')) {
    add(kmsKey(m, cluster, propsOf(cluster).KmsKeyId), `the storage of ${cluster.id}`);
    add(
      kmsKey(m, cluster, getPath(propsOf(cluster), 'MasterUserSecret.KmsKeyId')),
      `the master secret of ${cluster.id}`,
    );
    const secret = passwordSecret(m, cluster);
    if (secret) add(kmsKey(m, secret, propsOf(secret).KmsKeyId), `the master secret of ${cluster.id}`);
  }
  for (const vault of resources(m, ['AWS::Backup::BackupVault', 'AWS::Backup::LogicallyAirGappedBackupVault'])) {
    add(kmsKey(m, vault, propsOf(vault).EncryptionKeyArn), `the recovery points of ${vault.id}`);
  }
  return out;
}

/** Who the guard must let through on a key: the break-glass role, and for PutKeyPolicy the deployment role too. */
export function guardExceptions(m: StageModel, key: Res): { breakGlass: string; deployment: string } {
  const { account, region } = key.stack;
  const { breakGlassRoleName, bootstrapQualifier } = m.config.keyGuard;
  return {
    breakGlass: iamRoleArn('aws', account, breakGlassRoleName),
    deployment: iamRoleArn('aws', account, deploymentRoleName(bootstrapQualifier, account, region)),
  };
}

/** An ARN written in a template, with the partition pseudo parameter read as the commercial partition. */
const arnText = (v: unknown): string => text(v).replace(/\$\{AWS::Partition\}/g, 'aws');

const EXCEPTING_OPERATORS = ['ArnNotLike', 'ArnNotEquals'];

/** Whether a statement applies to every principal (`*` or `{ AWS: '*' }`). */
const everyone = (s: JsonObject): boolean =>
  s.Principal === '*' || asArray(field(s.Principal, 'AWS')).some((p) => text(p) === '*');

/** Whether an IAM action pattern (`kms:*`, `kms:Disable*`) covers an action. */
const covers = (pattern: string, action: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

/**
 * The principals a Deny statement excepts, when its only condition is `ArnNotLike`/`ArnNotEquals` on
 * `aws:PrincipalArn`; undefined when it has any other condition (which would narrow the Deny) or none.
 */
function exceptedArns(s: JsonObject): string[] | undefined {
  const conditions = Object.entries(isObject(s.Condition) ? s.Condition : {});
  if (conditions.length !== 1) return undefined;
  const [operator, keys] = conditions[0];
  if (!EXCEPTING_OPERATORS.includes(operator) || !isObject(keys)) return undefined;
  const entries = Object.entries(keys);
  if (entries.length !== 1 || entries[0][0].toLowerCase() !== 'aws:principalarn') return undefined;
  return asArray(entries[0][1]).map(arnText);
}

/** What is wrong with the guard of one key: each action not denied to all but exactly the right principals. */
export function guardProblems(m: StageModel, key: Res): string[] {
  const { breakGlass, deployment } = guardExceptions(m, key);
  const denies = statementsOf(propsOf(key).KeyPolicy).filter(
    (s) => s.Effect === 'Deny' && everyone(s) && asArray(s.Resource).map(text).includes('*'),
  );
  const need = (actions: readonly string[], allowed: readonly string[]) =>
    actions.flatMap((action) => {
      const guarding = denies.filter((s) => actionsOf(s).some((a) => covers(a, action)));
      const exact = guarding.some((s) => {
        const excepted = exceptedArns(s);
        return !!excepted && excepted.length === allowed.length && allowed.every((a) => excepted.includes(a));
      });
      return exact ? [] : [`${key.stack.name}/${key.id} does not deny ${action} to all but ${allowed.join(' and ')}`];
    });
  return [...need(KEY_GUARD_RETIRE_ACTIONS, [breakGlass]), ...need(KEY_GUARD_POLICY_ACTIONS, [breakGlass, deployment])];
}
