// Every claim of the security page, one file each, in the order of the reports (the security page's order).
// Adding a claim: a new file in this folder exporting its `Claim`, listed here, and its tests
// (a breaking case in test/compliance/checkers.test.ts and, where it applies, a mutation of the
// real stage in test/compliance/mutations.test.ts).
import { stageStatus } from '../model/stage-status';
import type { ClaimResult, StageModel } from '../model/types';
import { bkp1 } from './bkp-1';
import { bkp2 } from './bkp-2';
import { bkp3 } from './bkp-3';
import { bkp4 } from './bkp-4';
import { bkp5 } from './bkp-5';
import { bkp6 } from './bkp-6';
import { bkp7 } from './bkp-7';
import type { Claim } from './claim';
import { db1 } from './db-1';
import { db2 } from './db-2';
import { db3 } from './db-3';
import { db4 } from './db-4';
import { db5 } from './db-5';
import { db6 } from './db-6';
import { det1 } from './det-1';
import { det2 } from './det-2';
import { det3 } from './det-3';
import { det4 } from './det-4';
import { det5 } from './det-5';
import { det6 } from './det-6';
import { det7 } from './det-7';
import { edge1 } from './edge-1';
import { edge2 } from './edge-2';
import { edge3 } from './edge-3';
import { edge4 } from './edge-4';
import { edge5 } from './edge-5';
import { edge6 } from './edge-6';
import { edge7 } from './edge-7';
import { edge8 } from './edge-8';
import { edge9 } from './edge-9';
import { edge10 } from './edge-10';
import { mail1 } from './mail-1';
import { mail2 } from './mail-2';
import { mail3 } from './mail-3';
import { org1 } from './org-1';
import { org2 } from './org-2';
import { org3 } from './org-3';
import { org4 } from './org-4';
import { org5 } from './org-5';
import { org6 } from './org-6';
import { org7 } from './org-7';
import { page1 } from './page-1';
import { proof1 } from './proof-1';
import { proof2 } from './proof-2';
import { proof3 } from './proof-3';
import { proof4 } from './proof-4';
import { proof5 } from './proof-5';
import { proof6 } from './proof-6';

export type { Claim, PageLine, PageSection } from './claim';

export const CLAIMS: readonly Claim[] = [
  db1,
  db2,
  db3,
  db4,
  db5,
  db6,
  bkp1,
  bkp2,
  bkp3,
  bkp4,
  bkp5,
  bkp6,
  bkp7,
  det1,
  det2,
  det3,
  det4,
  det5,
  det6,
  det7,
  edge1,
  edge2,
  edge3,
  edge4,
  edge5,
  edge6,
  edge7,
  edge8,
  edge9,
  edge10,
  mail1,
  mail2,
  mail3,
  org1,
  org2,
  org3,
  org4,
  org5,
  org6,
  org7,
  page1,
  proof1,
  proof2,
  proof3,
  proof4,
  proof5,
  proof6,
];

// A new claim's ID is also added to lib/config/claim-ids.ts, the list a stage's waivers may name (OPS-5).
export const CLAIM_IDS: readonly string[] = CLAIMS.map((c) => c.id);

/** The claim with this ID; throws on an unknown ID. */
export function claim(id: string): Claim {
  const c = CLAIMS.find((x) => x.id === id);
  if (!c) throw new Error(`no claim ${id} in lib/compliance/claims`);
  return c;
}

/**
 * Runs every check over a stage, in the order of the claims; a check that throws is a claim not kept. Each verdict is
 * then read with the stage's own settings (model/stage-status.ts): waived claims, a disposable stage, a cluster
 * restored outside the stack.
 */
export function checkAll(m: StageModel): ClaimResult[] {
  return CLAIMS.map(({ id, check }) => {
    try {
      return stageStatus(m, check(m));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return stageStatus(m, { id, status: 'not-kept' as const, why: `the checker failed: ${message}`, evidence: [] });
    }
  });
}
