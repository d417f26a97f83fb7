import {
  AIR_GAPPED_VAULT,
  type BackupRule,
  backupRules,
  copyActions,
  destinationOf,
  retentionDays,
  ruleEv,
  ruleName,
  vaultByArn,
} from '../model/backup-plan';
import { actionsOf, statementsOf } from '../model/iam';
import { num, obj } from '../model/json';
import { guardedKeys, guardProblems } from '../model/key-guard';
import { configNote, ev, kmsKey, propsOf, type Res, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { notApplicable, Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'BKP-7';

/** The scheduled rule that keeps the longest history (the daily, 90-day rule). */
function historyRule(m: StageModel): BackupRule | undefined {
  return backupRules(m)
    .filter((r) => !r.continuous)
    .reduce<BackupRule | undefined>(
      (a, r) => (!a || (retentionDays(r.rule) ?? 0) > (retentionDays(a.rule) ?? 0) ? r : a),
      undefined,
    );
}

/** The account of a backup vault ARN written as text. */
const accountOfArn = (arn: unknown): string | undefined =>
  /^arn:aws[a-z-]*:backup:[^:]*:(\d{12}):/.exec(text(arn))?.[1];

/**
 * The air-gapped vault the history rule copies into, checked: in the plan's region (Aurora cannot be copied across
 * Regions into one), the copy kept within the vault's bounds. Returns it, or undefined.
 */
function checkAirGapped(m: StageModel, v: Verdict, history: BackupRule): Res | undefined {
  const copies = copyActions(history).map((c) => ({ c, vault: vaultByArn(m, history.plan, destinationOf(c)) }));
  const found = copies.find((x) => x.vault?.r.Type === AIR_GAPPED_VAULT);
  if (!found?.vault) return undefined;
  const { vault, c } = found;
  const p = propsOf(vault);
  v.add(ruleEv(history, 'CopyActions'), ev(vault, 'MinRetentionDays'), ev(vault, 'MaxRetentionDays'));
  v.add(ev(vault, 'EncryptionKeyArn', p.EncryptionKeyArn ?? '(AWS-owned key)'));
  v.need(
    vault.stack.region === history.plan.stack.region,
    `the air-gapped vault ${vault.id} is in ${vault.stack.region}, not the plan's region ${history.plan.stack.region} ` +
      '(AWS Backup does not copy Aurora across Regions into one)',
  );
  const days = retentionDays(c);
  const min = num(p.MinRetentionDays);
  const max = num(p.MaxRetentionDays);
  v.need(
    days !== undefined && (min ?? 0) <= days && days <= (max ?? Infinity),
    `the copy of ${ruleName(history)} into ${vault.id} is kept ${days ?? 'forever'} days, outside the vault's ` +
      `bounds ${min}-${max}`,
  );
  return vault;
}

/** A copy of the history rule into a vault of another account. */
function secondAccountCopy(m: StageModel, history: BackupRule): unknown {
  return copyActions(history)
    .map(destinationOf)
    .find((arn) => {
      const account = accountOfArn(arn);
      return account !== undefined && account !== m.config.account;
    });
}

/**
 * An Aurora snapshot keeps its cluster's key: the copy into another account's vault is made only if each cluster's
 * storage key admits that account (lib/app/second-account-copy.ts).
 */
function checkSecondAccountKeys(m: StageModel, v: Verdict, account: string): void {
  for (const cluster of resources(m, 'AWS::RDS::DBCluster')) {
    const key = kmsKey(m, cluster, propsOf(cluster).KmsKeyId);
    const admits = statementsOf(key ? propsOf(key).KeyPolicy : undefined).some(
      (s) =>
        s.Effect === 'Allow' &&
        JSON.stringify(s.Principal ?? '').includes(`:${account}:`) &&
        actionsOf(s).some((a) => a === 'kms:Decrypt' || a === 'kms:*'),
    );
    if (key) v.add(ev(key, 'KeyPolicy (second account)', `admits ${account}: ${admits}`));
    v.need(
      admits,
      `the storage key of ${cluster.id} does not admit account ${account}: its snapshots cannot be copied there`,
    );
  }
}

/** Every key that protects the data or a backup carries the guard. Returns the number of keys. */
function checkKeys(m: StageModel, v: Verdict): number {
  const keys = guardedKeys(m);
  v.need(keys.length > 0, 'no customer-managed key protects the database or a backup: nothing to guard');
  for (const { key, protects } of keys) {
    v.add(ev(key, 'KeyPolicy (guard)', protects));
    for (const problem of guardProblems(m, key)) v.need(false, `${problem} (it protects ${protects})`);
  }
  return keys.length;
}

/** The break-glass role as the report names it. */
const breakGlassName = (m: StageModel): string => m.config.keyGuard.breakGlassRoleName;

export const bkp7: Claim = {
  id: ID,
  promise: 'backups survive a compromised account',
  declared:
    'recovery points are also kept in a logically air-gapped vault (AWS Backup; for Aurora in the primary region, ' +
    'since it cannot be copied across Regions into one) or in a vault of a second account (config); no one but a ' +
    'named break-glass role can schedule deletion of, disable, or change the policy of a key that protects the ' +
    'database or its backups; any attempt alerts the team',
  check: (m) => {
    if (m.config.lifecycle === 'disposable') {
      return notApplicable(
        ID,
        'disposable stage (lifecycle "disposable", OPS-3): it is built to be thrown away, so it keeps no ' +
          'air-gapped copy and its keys are not guarded',
        [configNote('(stage config)', 'lifecycle', m.config.lifecycle)],
      );
    }
    const v = new Verdict(ID);
    const history = historyRule(m);
    if (!history) {
      v.need(false, 'no scheduled rule');
      return v.done('');
    }
    const airGapped = checkAirGapped(m, v, history);
    const second = secondAccountCopy(m, history);
    const { airGappedCopy, secondAccountCopy: secondConfig } = m.config.backup;
    v.add(configNote('(stage config)', 'backup.airGappedCopy', airGappedCopy));
    if (airGappedCopy)
      v.need(!!airGapped, `rule ${ruleName(history)} copies into no logically air-gapped vault of the stage`);
    if (secondConfig) {
      v.need(!!second, `rule ${ruleName(history)} does not copy to ${secondConfig.vaultArn}`);
      checkSecondAccountKeys(m, v, secondConfig.account);
    }
    v.need(
      !!airGapped || !!second,
      'no recovery point leaves the reach of this account: no air-gapped vault and no second-account copy',
    );
    v.add(
      configNote('(stage config)', 'keyGuard.breakGlassRoleName', breakGlassName(m)),
      configNote('(stage config)', 'keyGuard.bootstrapQualifier', m.config.keyGuard.bootstrapQualifier),
    );
    const keys = checkKeys(m, v);
    const where = airGapped
      ? `also copied into the logically air-gapped vault ${text(propsOf(airGapped).BackupVaultName)} of ` +
        `${airGapped.stack.region} (stored in an AWS Backup service-owned account, compliance-mode lock, ` +
        `${obj(airGapped.r.Properties).EncryptionKeyArn ? 'customer key' : 'AWS-owned key'})`
      : `also copied to account ${String(accountOfArn(second))}`;
    const breakGlass = `arn:aws:iam::${m.config.account}:role/${breakGlassName(m)}`;
    return v.done(
      `Every ${ruleName(history)} recovery point is ${where}; the ${keys} keys of the database, its master secret ` +
        `and the backups deny ScheduleKeyDeletion and DisableKey to every principal but the break-glass role ` +
        `${breakGlass} (keyGuard.breakGlassRoleName), and PutKeyPolicy to all but it and the CDK deployment role ` +
        `(cdk-${m.config.keyGuard.bootstrapQualifier}-cfn-exec-role-*); the alert on every attempt is DET-7's.`,
    );
  },
  page: [
    {
      section: 'backups',
      text: (m) => {
        const history = historyRule(m);
        const airGapped = resources(m, AIR_GAPPED_VAULT).length > 0;
        const days = history ? retentionDays(history.rule) : undefined;
        const copy = airGapped
          ? `Every daily backup is also kept${days ? ` ${days} days` : ''} in a logically air-gapped vault: AWS ` +
            'stores it outside our account, locked so that no one, not even an administrator of our account, can ' +
            'delete it early.'
          : 'Every daily backup is also copied to a second AWS account.';
        const role = `role/${breakGlassName(m)}`;
        return (
          `**Backups survive a stolen administrator account.** ${copy} The encryption keys of the database and ` +
          `of the backups cannot be deleted or disabled by anyone but one break-glass role (\`${role}\`), kept ` +
          'apart from day-to-day access; their access policies can be changed only by that role and by our ' +
          'deployment pipeline, which must keep updating them. Every such attempt, every policy change and any ' +
          'change to the break-glass role alerts our team at once, and a key scheduled for deletion can still be ' +
          'recovered for at least 7 days (the AWS minimum waiting period).'
        );
      },
      // The alert on every attempt is kept by DET-7: its gaps show here too.
      status: [ID, 'DET-7'],
    },
  ],
  beyond:
    'Backups kept out of reach of our own administrators, and encryption keys only a break-glass role can retire.',
};
