// The backup plan read from the templates: its rules, the vault each rule writes to, where each
// copy goes, and the snapshot cadence of the scheduled rules together. Shared by the BKP claims,
// the security page and the diagram, so they cannot disagree. CDK-free.
import { asArray, field, getPath, isObject, type JsonObject, num } from './json';
import { ev, propsOf, type Res, resolve, resources, text } from './query';
import type { Evidence, StageModel } from './types';

/** One rule of an AWS::Backup::BackupPlan. */
export interface BackupRule {
  readonly plan: Res;
  readonly index: number;
  readonly rule: JsonObject;
  readonly continuous: boolean;
}

/** Every rule of every backup plan of the stage, in template order. */
export function backupRules(m: StageModel): BackupRule[] {
  return resources(m, 'AWS::Backup::BackupPlan').flatMap((plan) =>
    asArray(getPath(propsOf(plan), 'BackupPlan.BackupPlanRule'))
      .filter(isObject)
      .map((rule, index) => ({ plan, index, rule, continuous: rule.EnableContinuousBackup === true })),
  );
}

/** The rule's name, for messages. */
export const ruleName = (r: BackupRule): string => String(r.rule.RuleName);

/** The rule's schedule expression, as text. */
export const scheduleOf = (r: BackupRule): string => String(r.rule.ScheduleExpression ?? '');

/** `Lifecycle.DeleteAfterDays` of a rule or a copy action, when it is a number. */
export const retentionDays = (ruleOrCopy: unknown): number | undefined =>
  num(getPath(ruleOrCopy, 'Lifecycle.DeleteAfterDays'));

/** The copy actions of a rule. */
export const copyActions = (r: BackupRule): JsonObject[] => asArray(r.rule.CopyActions).filter(isObject);

/** The destination vault ARN of a copy action. */
export const destinationOf = (copy: unknown): unknown => field(copy, 'DestinationBackupVaultArn');

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

/** Parses the hour interval of a Backup/EventBridge schedule: `cron(0 0/4 * * ? *)` is 4, `rate(1 hour)` is 1. */
export function scheduleIntervalHours(expr: string): number | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expr.trim());
  if (rate) {
    const n = Number(rate[1]);
    return rate[2].startsWith('minute') ? n / 60 : rate[2].startsWith('hour') ? n : n * 24;
  }
  const cron = /^cron\((.+)\)$/.exec(expr.trim());
  if (!cron) return undefined;
  const [minute, hour, dom, , dow] = cron[1].trim().split(/\s+/);
  if (minute === undefined || hour === undefined) return undefined;
  const h = hourInterval(hour);
  if (h === undefined) return undefined;
  if (dom !== undefined && dom !== '*' && dom !== '?') return 24 * 28;
  if (dow !== undefined && dow !== '*' && dow !== '?') return 24 * 7;
  return h;
}

/** Hours between runs of a cron hour field within a day (`*`, `*\/4`, `3,15`, `3`). */
function hourInterval(hour: string): number | undefined {
  if (hour === '*') return 1;
  if (/^(\*|\d+)\/(\d+)$/.test(hour)) return Number(hour.split('/')[1]);
  if (/^\d+(,\d+)+$/.test(hour)) return widestGap(hour.split(',').map(Number));
  if (/^\d+$/.test(hour)) return 24;
  return undefined;
}

/** The widest gap, in hours, between hours of the day (wrapping at midnight; 24 for a single hour). */
function widestGap(hours: readonly number[]): number {
  const hs = [...hours].sort((a, b) => a - b);
  return Math.max(...hs.map((x, i) => (hs[(i + 1) % hs.length] - x + 24) % 24 || 24));
}

/**
 * Widest gap, in hours, between the daily run times of cron rules together;
 * undefined if one is not a daily pattern.
 */
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
    } else if (/^\d+(,\d+)*$/.test(h)) {
      for (const x of h.split(',')) hours.add(Number(x));
    } else return undefined;
  }
  return hours.size ? widestGap([...hours]) : undefined;
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
  rules.filter((r) => !r.continuous).map(scheduleOf);

/** A cross-region (or cross-account) copy: rule, source vault, destination vault (undefined if not in the stage). */
export interface CopyEdge {
  readonly rule: BackupRule;
  readonly from: Res | undefined;
  readonly to: Res | undefined;
  readonly arn: unknown;
}

/** Every copy action of the plan, from the rule's target vault to the vault its destination ARN names. */
export function copyEdges(m: StageModel, rules: readonly BackupRule[] = backupRules(m)): CopyEdge[] {
  return rules.flatMap((r) =>
    copyActions(r).map((c) => ({
      rule: r,
      from: targetVault(m, r),
      to: vaultByArn(m, r.plan, destinationOf(c)),
      arn: destinationOf(c),
    })),
  );
}

/** Evidence line for a property of a backup rule (`Lifecycle.DeleteAfterDays`...). */
export const ruleEv = (r: BackupRule, path: string): Evidence =>
  ev(r.plan, `BackupPlan.BackupPlanRule.${r.index}(${ruleName(r)}).${path}`, getPath(r.rule, path));
