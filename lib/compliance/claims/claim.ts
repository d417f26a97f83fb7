// What a claim is: one promise of the security page, what the stack declares to keep it, the check
// that proves it from the synthesized templates, and what docs/security.md tells customers about it.
// Each claim is one file of this folder; index.ts lists them in the order of the reports.
import type { Checker, StageModel } from '../model/types';

/** The sections of docs/security.md, in page order (titles in render/security-page.ts). */
export type PageSection =
  | 'database'
  | 'backups'
  | 'detection'
  | 'website'
  | 'obsolete-headers'
  | 'email'
  | 'organisation';

/** One bullet of docs/security.md. */
export interface PageLine {
  readonly section: PageSection;
  /** The sentence, in the customer's words, with its values read from the production stage. */
  readonly text: (m: StageModel) => string;
  /**
   * Claims whose gaps, if any, are shown after the sentence.
   * @default - this claim
   */
  readonly status?: readonly string[];
}

/** One claim of the security page. */
export interface Claim {
  /** `DB-1` ... `PROOF-4`: named in the constructs' comments and the tests that prove it. */
  readonly id: string;
  /** What the page promises (empty for PROOF claims: what a reviewer can check). */
  readonly promise: string;
  /** What the stack declares to keep the promise. */
  readonly declared: string;
  /** Proves the claim from the synthesized stage. */
  readonly check: Checker;
  /**
   * Its bullets on docs/security.md.
   * @default - none: the claim is answered by another claim's bullet, or is a proof
   */
  readonly page?: readonly PageLine[];
  /**
   * Its line under "Where we go beyond the original page".
   * @default - none
   */
  readonly beyond?: string;
}
