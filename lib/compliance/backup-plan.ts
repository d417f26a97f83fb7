// The backup plan read from the templates: its rules, the vault each rule writes to,
// where each copy goes, and the snapshot cadence of the scheduled rules together.
// Shared by the BKP checkers, the security page and the diagram, so they cannot disagree.
import type { StageModel } from './model';
import { asArray, getPath, propsOf, type Res, resolve, resources, scheduleIntervalHours, text } from './query';

/** One rule of an AWS::Backup::BackupPlan. */
export interface BackupRule {
  readonly plan: Res;
  readonly index: number;
  readonly rule: Record<string, any>;
  readonly continuous: boolean;
}

/** Every rule of every backup plan of the stage, in template order. */
export function backupRules(m: StageModel): BackupRule[] {
  return resources(m, 'AWS::Backup::BackupPlan').flatMap((plan) =>
    asArray(getPath(propsOf(plan), 'BackupPlan.BackupPlanRule')).map((rule: any, index: number) => ({
      plan,
      index,
      rule,
      continuous: rule.EnableContinuousBackup === true,
    })),
  );
}

/** The vault a rule writes to (Ref/GetAtt in the plan's template, or a vault of that name in the plan's region). */
export function targetVault(m: StageModel, r: BackupRule): Res | undefined {
  const t = resolve(m, r.plan.stack, r.rule.TargetBackupVault);
  if (t) return t;
  return resources(m, 'AWS::Backup::BackupVault').find(
    (v) => propsOf(v).BackupVaultName === r.rule.TargetBackupVault && v.stack.region === r.plan.stack.region,
  );
}

/** The region of a backup vault ARN. */
export const regionOfArn = (arn: unknown): string | undefined =>
  /^arn:aws[a-z-]*:backup:([a-z0-9-]+):/.exec(text(arn))?.[1];

/** The vault an ARN names: a declared vault whose BackupVaultName is the ARN's last segment, in the ARN's region. */
export function vaultByArn(m: StageModel, from: Res, arn: unknown): Res | undefined {
  const direct = resolve(m, from.stack, arn);
  if (direct?.r.Type === 'AWS::Backup::BackupVault') return direct;
  const match = /^arn:aws[a-z-]*:backup:([a-z0-9-]+):[^:]+:backup-vault:(.+)$/.exec(text(arn));
  if (!match) return undefined;
  return resources(m, 'AWS::Backup::BackupVault').find(
    (v) => v.stack.region === match[1] && propsOf(v).BackupVaultName === match[2],
  );
}

/** Widest gap, in hours, between the daily run times of cron rules together; undefined if one is not a daily pattern. */
export function combinedIntervalHours(exprs: readonly string[]): number | undefined {
  const hours = new Set<number>();
  for (const e of exprs) {
    const c = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+)/.exec(e);
    if (!c || !['*', '?'].includes(c[3]) || !['*', '?'].includes(c[5])) return undefined;
    const h = c[2];
    if (h === '*') for (let i = 0; i < 24; i++) hours.add(i);
    else if (/^(\*|\d+)\/(\d+)$/.test(h)) {
      const [start, step] = h.split('/');
      for (let i = start === '*' ? 0 : Number(start); i < 24; i += Number(step)) hours.add(i);
    } else if (/^\d+(,\d+)*$/.test(h)) h.split(',').forEach((x) => hours.add(Number(x)));
    else return undefined;
  }
  const hs = [...hours].sort((a, b) => a - b);
  if (!hs.length) return undefined;
  return Math.max(...hs.map((x, i) => (hs[(i + 1) % hs.length] - x + 24) % 24 || 24));
}

/**
 * Hours between snapshots of the scheduled rules together: rules complement each other
 * (the daily run fills the frequent rule's gap), so this is the widest gap across all their
 * run times; where a schedule is not a daily cron pattern, the most frequent rule's own interval.
 * Undefined when no scheduled rule has a readable schedule.
 */
export function snapshotCadenceHours(exprs: readonly string[]): number | undefined {
  const union = combinedIntervalHours(exprs);
  if (union !== undefined) return union;
  const own = exprs.map((e) => scheduleIntervalHours(e)).filter((h): h is number => h !== undefined);
  return own.length ? Math.min(...own) : undefined;
}

/** The schedule expressions of the scheduled (not continuous) rules. */
export const scheduledExpressions = (rules: readonly BackupRule[]): string[] =>
  rules.filter((r) => !r.continuous).map((r) => String(r.rule.ScheduleExpression ?? ''));

/** A cross-region (or cross-account) copy: rule, source vault, destination vault (undefined if not declared in the stage). */
export interface CopyEdge {
  readonly rule: BackupRule;
  readonly from: Res | undefined;
  readonly to: Res | undefined;
  readonly arn: unknown;
}

/** Every copy action of the plan, from the rule's target vault to the vault its destination ARN names. */
export function copyEdges(m: StageModel, rules: readonly BackupRule[] = backupRules(m)): CopyEdge[] {
  return rules.flatMap((r) =>
    asArray(r.rule.CopyActions).map((c: any) => ({
      rule: r,
      from: targetVault(m, r),
      to: vaultByArn(m, r.plan, c.DestinationBackupVaultArn),
      arn: c.DestinationBackupVaultArn,
    })),
  );
}
