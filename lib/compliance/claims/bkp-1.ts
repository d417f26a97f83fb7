import {
  backupRules,
  retentionDays,
  scheduledExpressions,
  scheduleIntervalHours,
  scheduleOf,
  snapshotCadenceHours,
} from '../model/backup-plan';
import { ev, propsOf, resources } from '../model/query';
import type { StageModel } from '../model/types';
import { needRotatingKey, Verdict } from '../model/verdict';
import { days, where } from '../render/words';
import type { Claim } from './claim';

const ID = 'BKP-1';

/** The scheduled snapshots in words: `snapshots every 4 hours (frequent ones kept 1 day, daily ones kept 90 days)`. */
function snapshotsInWords(m: StageModel): string {
  const b = m.config.backup;
  const rules = backupRules(m);
  // The same combined cadence BKP-2 checks: the widest gap between snapshots of all scheduled rules together.
  const cadence = snapshotCadenceHours(scheduledExpressions(rules));
  const kinds = rules
    .filter((r) => !r.continuous)
    .map((r) => ({ h: scheduleIntervalHours(scheduleOf(r)) ?? 24, days: retentionDays(r.rule) }))
    .sort((x, y) => x.h - y.h);
  if (cadence === undefined || !kinds.length)
    return (
      `snapshots every ${b.frequentIntervalHours} hours (kept ${days(b.frequentRetentionDays)}) and daily ` +
      `(kept ${days(b.dailyRetentionDays)})`
    );
  const every = (h: number) => (h === 24 ? 'daily' : h === 1 ? 'every hour' : `every ${h} hours`);
  const kind = (h: number) => (h < 24 ? 'frequent' : h === 24 ? 'daily' : h === 168 ? 'weekly' : 'monthly');
  const kept = (d: number | undefined) => (d === undefined ? 'kept until deleted' : `kept ${days(d)}`);
  const each =
    kinds.length === 1 ? kept(kinds[0].days) : kinds.map((x) => `${kind(x.h)} ones ${kept(x.days)}`).join(', ');
  return `snapshots ${every(cadence)} (${each})`;
}

export const bkp1: Claim = {
  id: ID,
  promise: 'backups are encrypted with AES-256',
  declared: 'AWS Backup vaults encrypted with customer-managed KMS keys (AES-256), one key per region, rotation on',
  check: (m) => {
    const v = new Verdict(ID);
    const vaults = resources(m, 'AWS::Backup::BackupVault');
    v.need(vaults.length > 0, 'no AWS::Backup::BackupVault in the stage');
    const keysByRegion = new Map<string, Set<string>>();
    for (const vault of vaults) {
      const k = needRotatingKey(m, v, vault, 'EncryptionKeyArn', `vault ${vault.id}`);
      if (!k) continue;
      v.add(ev(k, 'KeySpec', propsOf(k).KeySpec ?? 'SYMMETRIC_DEFAULT (AES-256-GCM)'));
      v.need(
        (propsOf(k).KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT',
        `key ${k.id} is not a symmetric AES-256 key`,
      );
      v.need(k.stack.region === vault.stack.region, `vault ${vault.id} uses a key of another region`);
      const region = vault.stack.region;
      keysByRegion.set(region, (keysByRegion.get(region) ?? new Set()).add(`${k.stack.name}/${k.id}`));
    }
    for (const region of [m.config.primaryRegion, m.config.backupRegion])
      v.need(
        vaults.some((x) => x.stack.region === region),
        `no vault in ${region}`,
      );
    for (const [region, keys] of keysByRegion)
      v.want(keys.size === 1, `${keys.size} different vault keys in ${region}; one key per region was declared`);
    return v.done(
      'Every vault is encrypted with a customer-managed AES-256 KMS key of its own region, with rotation on.',
    );
  },
  page: [
    {
      section: 'backups',
      status: [ID, 'BKP-2', 'BKP-3', 'BKP-4'],
      text: (m) =>
        '**What we do:** continuous backup lets us restore the database to any second of the last ' +
        `${m.config.backup.continuousRetentionDays} days (data loss of minutes at most, better than 10-15 ` +
        `minutes), plus ${snapshotsInWords(m)}. Every snapshot is copied to ${where(m.config.backupRegion)}, in ` +
        "the same jurisdiction (EU, GDPR), and encrypted there with that region's own key.",
    },
  ],
};
