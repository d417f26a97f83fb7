// PROOF-5 paths of the BKP-7 key guard: on every key that protects the database, its master secret or a backup
// (model/key-guard.ts), an administrator (an AdministratorAccess identity policy, as stolen credentials would bring)
// and the application role are denied ScheduleKeyDeletion, DisableKey and PutKeyPolicy; the break-glass role, with the
// same identity policy, is allowed all three; the CDK deployment role keeps PutKeyPolicy only. Each request is made by
// an assumed-role session, whose aws:PrincipalArn is the role ARN the key policy names.
import { KEY_GUARD_POLICY_ACTIONS, KEY_GUARD_RETIRE_ACTIONS } from '../../core/key-guard';
import { guardExceptions, guardedKeys } from '../model/key-guard';
import type { Res } from '../model/query';
import type { Derivation, EffectPath, Expected } from './path';
import { appRoles } from './paths-access';

/** Everything allowed: the identity policy of an administrator (AdministratorAccess). */
const ADMINISTRATOR_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** A session of the role `roleArn` (`arn:aws:iam::ACCOUNT:role/NAME`) with AdministratorAccess. */
function administratorSession(who: string, roleArn: string) {
  const [, , , , account, resource] = roleArn.split(':');
  const name = resource.replace(/^role\//, '');
  return {
    who,
    arn: `arn:aws:sts::${account}:assumed-role/${name}/session`,
    account,
    roleArn,
    policies: [ADMINISTRATOR_ACCESS],
  };
}

const ALL_ACTIONS = [...KEY_GUARD_RETIRE_ACTIONS, ...KEY_GUARD_POLICY_ACTIONS];

/** The key-guard paths of one key. */
function keyPaths(d: Derivation, key: Res, protects: string): EffectPath[] {
  const { breakGlass, deployment } = guardExceptions(d.m, key);
  const account = key.stack.account;
  const request = (action: string, principalArn?: string) => ({
    ...d.onKey(key),
    action,
    context: { 'kms:CallerAccount': account, ...(principalArn ? { 'aws:PrincipalArn': principalArn } : {}) },
  });
  const as = (session: ReturnType<typeof administratorSession>, expect: (action: string) => Expected) =>
    ALL_ACTIONS.map((action) =>
      d.byPrincipal('key-guard', expect(action), session, key, `${action} on the key of ${protects}`, {
        ...request(action, session.roleArn),
      }),
    );
  const admin = administratorSession(
    'an administrator (AdministratorAccess)',
    `arn:aws:iam::${account}:role/Administrator`,
  );
  return [
    ...as(admin, () => 'Denied'),
    ...as(administratorSession('the break-glass role (AdministratorAccess)', breakGlass), () => 'Allowed'),
    ...as(administratorSession('the CDK deployment role (AdministratorAccess)', deployment), (action) =>
      KEY_GUARD_POLICY_ACTIONS.includes(action) ? 'Allowed' : 'Denied',
    ),
    ...appRoles(d).flatMap((role) =>
      ALL_ACTIONS.map((action) =>
        d.byRole('key-guard', 'Denied', role, key, `${action} on the key of ${protects}`, request(action)),
      ),
    ),
  ];
}

/** BKP-7: the guard of every guarded key, evaluated; none on a disposable stage, which leaves the guard off. */
export function keyGuard(d: Derivation): EffectPath[] {
  if (d.m.config.lifecycle === 'disposable') return [];
  return guardedKeys(d.m).flatMap(({ key, protects }) =>
    d.guard('key-guard', 'Denied', key, `guard of ${key.id}`, () => keyPaths(d, key, protects)),
  );
}
