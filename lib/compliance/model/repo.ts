// What the repository holds, for the PROOF claims and the report's "Tests naming" lines.
import type { StageModel } from './types';

/** Test files, which name the claims they prove. */
export const TEST_FILE = /^test\/.*\.(test|spec)\.ts$/;

/** Claim IDs mentioned in test files (`describe('DB-2 ...')`), by file. */
export function claimTests(m: StageModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [file, content] of Object.entries(m.repo?.content ?? {})) {
    if (!TEST_FILE.test(file)) continue;
    for (const id of new Set(content.match(/\b(DB|BKP|DET|EDGE|MAIL|ORG|PROOF)-\d\b/g) ?? []))
      out.set(id, [...(out.get(id) ?? []), file]);
  }
  return out;
}
