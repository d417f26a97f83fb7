import { CLAIMS } from '../claims';
import type { Checker, ClaimResult, StageModel } from '../model';
import { backupCheckers } from './backup';
import { dataCheckers } from './data';
import { detectionCheckers } from './detection';
import { edgeCheckers } from './edge';
import { mailCheckers } from './mail';
import { proofCheckers } from './proof';

/** One checker per claim ID of SPEC.md. */
export const CHECKERS: Readonly<Record<string, Checker>> = {
  ...dataCheckers,
  ...backupCheckers,
  ...detectionCheckers,
  ...edgeCheckers,
  ...mailCheckers,
  ...proofCheckers,
};

/** Runs every checker over a stage, in the order of the claims; a checker that throws is a failed claim. */
export function checkAll(m: StageModel): ClaimResult[] {
  return CLAIMS.map(({ id }) => {
    const checker = CHECKERS[id];
    if (!checker) return { id, status: 'not-kept' as const, why: 'no checker for this claim', evidence: [] };
    try {
      return checker(m);
    } catch (e) {
      return { id, status: 'not-kept' as const, why: `the checker failed: ${(e as Error).message}`, evidence: [] };
    }
  });
}
