// How a checker reaches its verdict: problems and evidence accumulate, then `done` gives the status.
import { getPath } from './json';
import { ev, kmsKey, propsOf, type Res } from './query';
import type { ClaimResult, ClaimStatus, Evidence, StageModel } from './types';

/**
 * Accumulates problems and evidence for one claim. `need` records a problem that
 * breaks the claim; `want` one that leaves it partly kept.
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

const WORST_FIRST: readonly ClaimStatus[] = ['not-kept', 'partly', 'kept'];

/** Merges partial results of one claim: the worst status wins, reasons are joined. */
export function worst(id: string, parts: readonly ClaimResult[], keptWhy: string): ClaimResult {
  const applicable = parts.filter((p) => p.status !== 'not-applicable');
  const evidence = parts.flatMap((p) => p.evidence);
  const status = WORST_FIRST.find((s) => applicable.some((p) => p.status === s));
  if (!status) return { id, status: 'not-applicable', why: parts.map((p) => p.why).join('; '), evidence };
  const notApplicableWhy = parts.filter((p) => p.status === 'not-applicable').map((p) => p.why);
  const why =
    status === 'kept'
      ? [keptWhy, ...notApplicableWhy].join('; ')
      : applicable
          .filter((p) => p.status !== 'kept')
          .map((p) => p.why)
          .join('; ');
  return { id, status, why, evidence };
}

/** Checks that `property` of `x` names a rotating customer-managed key of the stage; adds evidence. */
export function needRotatingKey(m: StageModel, v: Verdict, x: Res, property: string, what: string): Res | undefined {
  v.add(ev(x, property));
  const k = kmsKey(m, x, getPath(propsOf(x), property));
  const where = `${x.stack.name}/${x.id}.${property}`;
  if (!k) {
    v.need(false, `${what} (${where}) is not a customer-managed KMS key declared in the stage`);
    return undefined;
  }
  v.add(ev(k, 'EnableKeyRotation'));
  v.need(propsOf(k).EnableKeyRotation === true, `the key of ${what} (${k.stack.name}/${k.id}) has no rotation`);
  return k;
}
