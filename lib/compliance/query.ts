// Read-only helpers over synthesized templates: find resources, follow simple
// intrinsics (Ref, Fn::GetAtt, Fn::GetStackOutput) and render values as text.
import type { CfnResourceJson, ClaimResult, ClaimStatus, Evidence, StackModel, StageModel } from './model';

/** A resource located in its stack. */
export interface Res {
  readonly stack: StackModel;
  readonly id: string;
  readonly r: CfnResourceJson;
}

export const propsOf = (x: Res): Record<string, any> => x.r.Properties ?? {};
export const pathOf = (x: Res): string | undefined => x.r.Metadata?.['aws:cdk:path'];
export const asArray = <T>(v: T | T[] | undefined | null): T[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
export const sameRes = (a: Res | undefined, b: Res | undefined): boolean =>
  !!a && !!b && a.stack.name === b.stack.name && a.id === b.id;
export const key = (x: Res): string => `${x.stack.name}/${x.id}`;

/** Every resource of the given type(s) in every stack of the stage (or of one stack). */
export function resources(m: StageModel | readonly StackModel[], types: string | readonly string[]): Res[] {
  const wanted = new Set(asArray(types as string | string[]));
  const stacks = Array.isArray(m) ? (m as readonly StackModel[]) : (m as StageModel).stacks;
  const out: Res[] = [];
  for (const stack of stacks) {
    for (const [id, r] of Object.entries(stack.template.Resources ?? {}))
      if (wanted.has(r.Type)) out.push({ stack, id, r });
  }
  return out;
}

/** Evidence line for a property of a resource (the value is read, never written by hand). */
export function ev(x: Res, property: string, value?: unknown): Evidence {
  const v = value !== undefined ? value : getPath(propsOf(x), property);
  return {
    stack: x.stack.name,
    region: x.stack.region,
    logicalId: x.id,
    type: x.r.Type,
    property,
    value: v === undefined ? '(absent)' : v,
    path: pathOf(x),
  };
}

/** Reads `A.B.C` from an object. */
export function getPath(o: unknown, path: string): unknown {
  let cur: any = o;
  for (const part of path.split('.')) {
    if (cur === undefined || cur === null) return undefined;
    cur = cur[part];
  }
  return cur;
}

function stackNamed(m: StageModel, name: string): StackModel | undefined {
  return m.stacks.find((s) => s.name === name);
}

/**
 * The resource a value points at: `{Ref: X}`, `{Fn::GetAtt: [X, attr]}` in the same
 * template, or a weak cross-stack reference (`Fn::GetStackOutput`) followed into the
 * other stack's output. Anything else (literals, pseudo parameters) resolves to nothing.
 */
export function resolve(m: StageModel, stack: StackModel, value: unknown, depth = 0): Res | undefined {
  if (!value || typeof value !== 'object' || depth > 5) return undefined;
  const v = value as Record<string, any>;
  const local = (id: unknown): Res | undefined => {
    if (typeof id !== 'string') return undefined;
    const r = stack.template.Resources?.[id];
    return r ? { stack, id, r } : undefined;
  };
  if ('Ref' in v) return local(v.Ref);
  if ('Fn::GetAtt' in v) {
    const ga = v['Fn::GetAtt'];
    return local(Array.isArray(ga) ? ga[0] : typeof ga === 'string' ? ga.split('.')[0] : undefined);
  }
  if ('Fn::GetStackOutput' in v) {
    const o = v['Fn::GetStackOutput'];
    const other = stackNamed(m, o?.StackName);
    const out = other?.template.Outputs?.[o?.OutputName];
    return other && out ? resolve(m, other, out.Value, depth + 1) : undefined;
  }
  if ('Fn::ImportValue' in v) {
    for (const s of m.stacks) {
      for (const out of Object.values(s.template.Outputs ?? {})) {
        if (JSON.stringify((out.Export as any)?.Name) === JSON.stringify(v['Fn::ImportValue']))
          return resolve(m, s, out.Value, depth + 1);
      }
    }
  }
  return undefined;
}

/** The attribute named by a GetAtt (followed across stacks), e.g. `GroupId`. */
export function attributeOf(m: StageModel, stack: StackModel, value: unknown, depth = 0): string | undefined {
  if (!value || typeof value !== 'object' || depth > 5) return undefined;
  const v = value as Record<string, any>;
  if ('Fn::GetAtt' in v)
    return Array.isArray(v['Fn::GetAtt']) ? v['Fn::GetAtt'][1] : String(v['Fn::GetAtt']).split('.').slice(1).join('.');
  if ('Fn::GetStackOutput' in v) {
    const other = stackNamed(m, v['Fn::GetStackOutput']?.StackName);
    const out = other?.template.Outputs?.[v['Fn::GetStackOutput']?.OutputName];
    return other && out ? attributeOf(m, other, out.Value, depth + 1) : undefined;
  }
  return undefined;
}

/** A value rendered as text: intrinsics become `${Logical.Attr}` placeholders, joins are joined. */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(text).join(',');
  const v = value as Record<string, any>;
  if ('Ref' in v) return `\${${v.Ref}}`;
  if ('Fn::GetAtt' in v) return `\${${asArray(v['Fn::GetAtt']).join('.')}}`;
  if ('Fn::Join' in v) return (v['Fn::Join'][1] as unknown[]).map(text).join(v['Fn::Join'][0]);
  if ('Fn::Sub' in v) return text(Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'][0] : v['Fn::Sub']);
  if ('Fn::GetStackOutput' in v)
    return `\${${v['Fn::GetStackOutput'].StackName}.${v['Fn::GetStackOutput'].OutputName}}`;
  if ('Fn::Select' in v) return `\${select(${text(v['Fn::Select'][1])})}`;
  return JSON.stringify(v);
}

/** All strings inside a value (for searching patterns). */
export function allText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Resources whose property `prop` points at `target` (e.g. ingress rules whose GroupId is a group). */
export function referrers(m: StageModel, types: string | readonly string[], prop: string, target: Res): Res[] {
  return resources(m, types).filter((x) =>
    asArray(getPath(propsOf(x), prop)).some((v) => sameRes(resolve(m, x.stack, v), target)),
  );
}

/**
 * Accumulates problems and evidence for one claim. `fail` marks a problem that
 * breaks the claim; `gap` one that leaves it partly kept.
 */
export class Verdict {
  readonly evidence: Evidence[] = [];
  private readonly fails: string[] = [];
  private readonly gaps: string[] = [];

  constructor(readonly id: string) {}

  add(...e: Evidence[]): this {
    this.evidence.push(...e);
    return this;
  }

  /** Records a breaking problem unless `ok`. Returns `ok`. */
  need(ok: boolean, problem: string): boolean {
    if (!ok) this.fails.push(problem);
    return ok;
  }

  /** Records a partial problem unless `ok`. Returns `ok`. */
  want(ok: boolean, problem: string): boolean {
    if (!ok) this.gaps.push(problem);
    return ok;
  }

  get ok(): boolean {
    return !this.fails.length && !this.gaps.length;
  }

  done(keptWhy: string): ClaimResult {
    let status: ClaimStatus = 'kept';
    let why = keptWhy;
    if (this.fails.length) {
      status = 'not-kept';
      why = [...this.fails, ...this.gaps].join('; ');
    } else if (this.gaps.length) {
      status = 'partly';
      why = this.gaps.join('; ');
    }
    return { id: this.id, status, why, evidence: this.evidence };
  }
}

/** A claim that does not apply to this stage, with the reason. */
export function notApplicable(id: string, why: string, evidence: readonly Evidence[] = []): ClaimResult {
  return { id, status: 'not-applicable', why, evidence };
}

/** Merges partial results of one claim: the worst status wins, reasons are joined. */
export function worst(id: string, parts: readonly ClaimResult[], keptWhy: string): ClaimResult {
  const order: ClaimStatus[] = ['not-kept', 'partly', 'kept', 'not-applicable'];
  const applicable = parts.filter((p) => p.status !== 'not-applicable');
  const evidence = parts.flatMap((p) => p.evidence);
  if (!applicable.length) return { id, status: 'not-applicable', why: parts.map((p) => p.why).join('; '), evidence };
  const status = order.find((s) => applicable.some((p) => p.status === s))!;
  const why =
    status === 'kept'
      ? [keptWhy, ...parts.filter((p) => p.status === 'not-applicable').map((p) => p.why)].join('; ')
      : applicable
          .filter((p) => p.status !== 'kept')
          .map((p) => p.why)
          .join('; ');
  return { id, status, why, evidence };
}

/** The customer-managed key a `KmsKeyId`-like value points at, if it is one declared in the stage. */
export function kmsKey(m: StageModel, x: Res, value: unknown): Res | undefined {
  const k = resolve(m, x.stack, value);
  if (!k) return undefined;
  if (k.r.Type === 'AWS::KMS::Key') return k;
  if (k.r.Type === 'AWS::KMS::Alias') return resolve(m, k.stack, propsOf(k).TargetKeyId);
  return undefined;
}

/** Checks that `value` names a rotating customer-managed key; adds evidence. */
export function needRotatingKey(m: StageModel, v: Verdict, x: Res, property: string, what: string): Res | undefined {
  const value = getPath(propsOf(x), property);
  v.add(ev(x, property));
  const k = kmsKey(m, x, value);
  if (
    !v.need(
      !!k,
      `${what} (${x.stack.name}/${x.id}.${property}) is not a customer-managed KMS key declared in the stage`,
    )
  )
    return undefined;
  v.add(ev(k!, 'EnableKeyRotation'));
  v.need(propsOf(k!).EnableKeyRotation === true, `the key of ${what} (${k!.stack.name}/${k!.id}) has no rotation`);
  return k;
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
  let h: number;
  if (hour === '*') h = 1;
  else if (/^(\*|\d+)\/(\d+)$/.test(hour)) h = Number(hour.split('/')[1]);
  else if (/^\d+(,\d+)+$/.test(hour)) {
    const hs = hour
      .split(',')
      .map(Number)
      .sort((a, b) => a - b);
    h = Math.max(...hs.map((x, i) => (hs[(i + 1) % hs.length] - x + 24) % 24 || 24));
  } else if (/^\d+$/.test(hour)) h = 24;
  else return undefined;
  if (dom !== undefined && dom !== '*' && dom !== '?') return 24 * 28;
  if (dow !== undefined && dow !== '*' && dow !== '?') return 24 * 7;
  return h;
}

/** Pretty list of values. */
export const list = (xs: readonly unknown[]): string =>
  xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ');
