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

/** A backup vault's types: a logically air-gapped vault (BKP-7) receives copies like a vault. */
export const AIR_GAPPED_VAULT = 'AWS::Backup::LogicallyAirGappedBackupVault';
const VAULT_TYPES = ['AWS::Backup::BackupVault', AIR_GAPPED_VAULT];

/** A vault's lock bounds: its Vault Lock, or the retention bounds an air-gapped vault carries (compliance mode). */
export function vaultLock(vault: Res): { property: string; value: unknown } {
  if (vault.r.Type === AIR_GAPPED_VAULT) {
    const p = propsOf(vault);
    return {
      property: 'MinRetentionDays/MaxRetentionDays',
      value: { MinRetentionDays: p.MinRetentionDays, MaxRetentionDays: p.MaxRetentionDays },
    };
  }
  return { property: 'LockConfiguration', value: propsOf(vault).LockConfiguration };
}

/** The vault an ARN names: a declared vault whose BackupVaultName is the ARN's last segment, in the ARN's region. */
export function vaultByArn(m: StageModel, from: Res, arn: unknown): Res | undefined {
  const direct = resolve(m, from.stack, arn);
  if (direct && VAULT_TYPES.includes(direct.r.Type)) return direct;
  const match = /^arn:aws[a-z-]*:backup:([a-z0-9-]+):[^:]+:backup-vault:(.+)$/.exec(text(arn));
  if (!match) return undefined;
  return resources(m, VAULT_TYPES).find((v) => v.stack.region === match[1] && propsOf(v).BackupVaultName === match[2]);
}

/** Parses the hour interval of a Backup/EventBridge schedule: `cron(0 0/4 * * ? *)` is 4, `rate(1 hour)` is 1. */
export function scheduleIntervalHours(expr: string): number | undefined {
  const rate = rateMinutes(expr);
  if (rate !== undefined) return rate / 60;
  const cron = cronFields(expr);
  if (!cron) return undefined;
  const [, hour, dom, , dow] = cron;
  const hours = cronValues(hour, 0, 23);
  if (!hours) return undefined;
  if (dom !== undefined && dom !== '*' && dom !== '?') return 24 * 28;
  if (dow !== undefined && dow !== '*' && dow !== '?') return 24 * 7;
  return widestGap(hours);
}

/** The widest gap, in hours, between hours of the day (wrapping at midnight; 24 for a single hour). */
function widestGap(hours: readonly number[]): number {
  const hs = [...hours].sort((a, b) => a - b);
  return Math.max(...hs.map((x, i) => (hs[(i + 1) % hs.length] - x + 24) % 24 || 24));
}

/** Minutes between runs of a `rate(...)` expression; undefined for any other expression. */
function rateMinutes(expr: string): number | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expr.trim());
  if (!rate || Number(rate[1]) === 0) return undefined;
  const n = Number(rate[1]);
  return rate[2].startsWith('minute') ? n : rate[2].startsWith('hour') ? n * 60 : n * 1440;
}

/** The fields of a `cron(...)` expression (minutes, hours, day of month, month, day of week, year). */
function cronFields(expr: string): string[] | undefined {
  const cron = /^cron\((.+)\)$/.exec(expr.trim());
  const fields = cron?.[1].trim().split(/\s+/);
  return fields && fields.length >= 5 ? fields : undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/**
 * The values a cron field selects between `min` and `max`, without duplicates: `*`, `n`, lists `a,b`, ranges `a-b`,
 * steps `*\/n`, `a/n`, `a-b/n`, and names (`names[i]` is `min + i`). Undefined for anything else (`L`, `W`, `#`,
 * out-of-range values, reversed ranges): a count is never guessed.
 */
function cronValues(field: string, min: number, max: number, names: readonly string[] = []): number[] | undefined {
  const value = (v: string): number | undefined => {
    const named = names.indexOf(v.toUpperCase());
    const n = named >= 0 ? min + named : /^\d+$/.test(v) ? Number(v) : NaN;
    return n >= min && n <= max ? n : undefined;
  };
  const selected = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|[^-/]+)(?:-([^/]+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const from = m[1] === '*' ? min : value(m[1]);
    // `a/n` runs from a to the end of the field; a plain `a` is just a.
    const to = m[1] === '*' ? max : m[2] !== undefined ? value(m[2]) : m[3] !== undefined ? max : from;
    const step = m[3] === undefined ? 1 : Number(m[3]);
    if (from === undefined || to === undefined || from > to || step < 1) return undefined;
    for (let v = from; v <= to; v += step) selected.add(v);
  }
  return [...selected];
}

/** Days of the year a day-of-month field selects, on average (AWS cron: one of the day fields is `?`). */
const DAYS_PER_MONTH = 365.25 / 12;

/**
 * How many times a day a `cron(...)` or `rate(...)` schedule runs, counted from the expression itself: the minutes
 * times the hours it names (hour lists with irregular gaps, ranges, steps), on average over the week or the month
 * when it names days of the week or of the month. Undefined when the expression cannot be read.
 */
export function runsPerDay(expr: string): number | undefined {
  const rate = rateMinutes(expr);
  if (rate !== undefined) return 1440 / rate;
  const cron = cronFields(expr);
  if (!cron) return undefined;
  const [minute, hour, dom, month, dow] = cron;
  const minutes = cronValues(minute, 0, 59);
  const hours = cronValues(hour, 0, 23);
  const months = cronValues(month, 1, 12, MONTHS);
  if (!minutes || !hours || !months) return undefined;
  const anyDay = (f: string) => f === '*' || f === '?';
  let dayShare = 1;
  if (!anyDay(dow)) {
    const days = anyDay(dom) ? cronValues(dow, 1, 7, WEEKDAYS) : undefined;
    if (!days) return undefined;
    dayShare = days.length / 7;
  } else if (!anyDay(dom)) {
    const days = cronValues(dom, 1, 31);
    if (!days) return undefined;
    dayShare = days.length / DAYS_PER_MONTH;
  }
  return minutes.length * hours.length * dayShare * (months.length / 12);
}

/**
 * Snapshots a rule holds at steady state: its runs over the days it keeps each one, rounded up (a 90-day window
 * holds 13 of a weekly rule's runs). Undefined when the schedule cannot be read.
 */
export function snapshotsHeld(expr: string, days: number): number | undefined {
  const perDay = runsPerDay(expr);
  // The tolerance keeps float noise (5/7 x 7) from adding a snapshot.
  return perDay === undefined ? undefined : Math.ceil(perDay * days - 1e-9);
}

/**
 * Widest gap, in hours, between the daily run times of cron rules together;
 * undefined if one is not a daily pattern.
 */
export function combinedIntervalHours(exprs: readonly string[]): number | undefined {
  const hours = new Set<number>();
  for (const e of exprs) {
    const c = cronFields(e);
    if (!c || !['*', '?'].includes(c[2]) || !['*', '?'].includes(c[4])) return undefined;
    const hs = cronValues(c[1], 0, 23);
    if (!hs) return undefined;
    for (const h of hs) hours.add(h);
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
