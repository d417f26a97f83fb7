// OPS-4 pricers of AWS Backup: recovery points and their copies, the audit framework, restore tests.
import { asArray, field, getPath, num, str } from '../../compliance/model/json';
import { prop, resources } from '../../compliance/model/query';
import { add, DAYS_PER_MONTH, type Pricer, pricedRegion, runsPerMonth, unpriced } from '../model';
import { type PriceId, priceOf } from '../prices';

export const vaultRegion = (arn: unknown, fallback: string): string => str(arn)?.split(':')[3] || fallback;

/**
 * A backup plan of Aurora clusters: recovery points in the primary region are incremental (each holds a day's
 * change); every copy is a full copy of the database, stored and, across regions, transferred: "Aurora doesn't support
 * incremental snapshot copying. Aurora DB cluster snapshot copies are always full copies" (Aurora user guide, Copying
 * a DB cluster snapshot, https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_CopySnapshot.html).
 */
export const backupPlan: Pricer = (ctx, x) => {
  const a = ctx.a;
  const region = x.stack.region;
  const pr = pricedRegion(ctx, region);
  const change = a.databaseGb * a.dailyChangeRate;
  let storedGb = 0;
  for (const rule of asArray(getPath(x.r.Properties, 'BackupPlan.BackupPlanRule'))) {
    const keep = num(getPath(rule, 'Lifecycle.DeleteAfterDays')) ?? 35;
    storedGb += change * keep;
    const perMonth = runsPerMonth(str(field(rule, 'ScheduleExpression')) ?? '') ?? 0;
    for (const copy of asArray(field(rule, 'CopyActions'))) {
      const arn = field(copy, 'DestinationBackupVaultArn');
      // A vault of another account (backup.secondAccountCopy) is billed to that account.
      const account = str(arn)?.split(':')[4];
      if (account && account !== x.stack.account) continue;
      const dest = vaultRegion(arn, region);
      const destKeep = num(getPath(copy, 'Lifecycle.DeleteAfterDays')) ?? keep;
      const held = Math.min((perMonth / DAYS_PER_MONTH) * destKeep, perMonth * 12) || 1;
      const destPr = pricedRegion(ctx, dest);
      const cross = dest !== region;
      const storage = held * a.databaseGb * priceOf('auroraBackupGbMonth', destPr);
      const transfer = cross ? perMonth * a.databaseGb * priceOf('backupCrossRegionGb', pr) : 0;
      ctx.lines.push({
        driver: cross ? 'Backup copies in the backup region' : 'Backup copies in the same region (air-gapped vault)',
        region: dest,
        stacks: [x.stack.name],
        quantity:
          `${str(field(rule, 'RuleName')) ?? 'rule'}: ${Math.round(held)} full copies × ${a.databaseGb} GB kept` +
          (cross ? `; ${Math.round(perMonth)} copies a month transferred` : ''),
        idle: storage + transfer,
        perMillion: 0,
        prices: cross ? ['auroraBackupGbMonth', 'backupCrossRegionGb'] : ['auroraBackupGbMonth'],
        switches: cross
          ? [
              'backupRegion',
              'backup.frequentIntervalHours',
              'backup.frequentRetentionDays',
              'backup.dailyRetentionDays',
            ]
          : ['backup.airGappedCopy', 'lifecycle'],
      });
    }
  }
  storedGb += a.databaseGb; // one full base the increments build on
  const p = priceOf('auroraBackupGbMonth', pr);
  add(ctx, x, {
    driver: 'Backups in the primary region',
    quantity: `${storedGb.toFixed(0)} GB (a full base + ${a.dailyChangeRate * 100}% daily change per day kept)`,
    idle: storedGb * p,
    perMillion: 0,
    prices: ['auroraBackupGbMonth'],
    switches: ['backup.continuousRetentionDays', 'backup.dailyRetentionDays', 'backup.frequentRetentionDays'],
  });
};

export const backupFramework: Pricer = (ctx, x) => {
  const controls = asArray(prop(x, 'FrameworkControls')).length;
  const scope = resources(
    ctx.m.stacks.filter((s) => s.region === x.stack.region),
    ['AWS::Backup::BackupPlan', 'AWS::Backup::BackupVault', 'AWS::RDS::DBCluster'],
  ).length;
  const evaluations = controls * scope * ctx.a.auditEvaluationsPerControl;
  add(ctx, x, {
    driver: 'Backup Audit Manager',
    quantity: `${controls} controls × ${scope} resources × ${ctx.a.auditEvaluationsPerControl} evaluations`,
    idle: evaluations * priceOf('backupAuditEvaluation', pricedRegion(ctx, x.stack.region)),
    perMillion: 0,
    prices: ['backupAuditEvaluation'],
    switches: ['backup.auditFramework'],
  });
};

/** Instance classes of the restore validator (backup.restoreValidation.instanceClass) the price table knows. */
const VALIDATOR_INSTANCE_PRICES: Readonly<Record<string, PriceId>> = { 'db.t4g.medium': 'auroraT4gMediumHour' };

/**
 * BKP-5: each restore test is an AWS Backup restore job, and the restored cluster runs with the one instance the
 * validator adds (backup.restoreValidation.instanceClass) until AWS Backup deletes it.
 */
export const restoreTestingPlan: Pricer = (ctx, x) => {
  const runs = runsPerMonth(str(prop(x, 'ScheduleExpression')) ?? '') ?? DAYS_PER_MONTH;
  const pr = pricedRegion(ctx, x.stack.region);
  const cls = ctx.m.config.backup.restoreValidation.instanceClass;
  const instancePrice = VALIDATOR_INSTANCE_PRICES[cls];
  if (!instancePrice) unpriced(ctx, x.r.Type, `restore validator instance class ${cls} is not in the price table`);
  const instanceCost = instancePrice ? runs * ctx.a.restoreTestHours * priceOf(instancePrice, pr) : 0;
  add(ctx, x, {
    driver: 'Restore tests',
    quantity: `${runs.toFixed(1)} tests × (job + ${ctx.a.restoreTestHours} h of a ${cls} instance)`,
    idle: runs * priceOf('backupRestoreTestJob', pr) + instanceCost,
    perMillion: 0,
    prices: ['backupRestoreTestJob', ...(instancePrice ? [instancePrice] : [])],
    switches: ['backup.restoreTestSchedule', 'backup.restoreValidation.instanceClass'],
  });
};
