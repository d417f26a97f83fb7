import { note } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import { bkp3 } from './bkp-3';
import type { Claim } from './claim';
import { db2 } from './db-2';
import { db5 } from './db-5';
import { edge1 } from './edge-1';

const ID = 'PAGE-1';

/**
 * Where the effect is narrower than the page's words, the sentence must say so. Each limit: the claim whose
 * sentence answers for it, what must be stated, and a test of the generated text (the sentences themselves are
 * computed from the templates, so a weaker template gives a weaker sentence: test/compliance/page.test.ts).
 */
const LIMITS: ReadonlyArray<{ claim: Claim; limit: string; stated: RegExp }> = [
  {
    claim: db2,
    limit: 'the master password still logs in (break-glass)',
    stated: /master password[^.]*\..*break-glass/s,
  },
  {
    claim: db5,
    limit: 'which statement classes are audited, and which are not',
    stated: /pgaudit records every statement of the classes .*(are not|every statement is recorded)/s,
  },
  {
    claim: edge1,
    limit: 'where traffic inside the network is plain',
    stated: /plain HTTP|up to the application itself/,
  },
  {
    claim: bkp3,
    limit: 'the age of the newest cross-region recovery point, and that continuous backup is not copied',
    stated: /at most about \d+ hours? old.*not copied|no (scheduled )?(snapshot|copy)/s,
  },
];

/** The page sentences of one claim, rendered from the stage. */
const sentencesOf = (c: Claim, m: StageModel): string => (c.page ?? []).map((l) => l.text(m)).join(' ');

// PAGE-1: the generated page says only what is true.
export const page1: Claim = {
  id: ID,
  promise: 'the page says only what is true',
  declared:
    'the generated security page states each limit where the effect is narrower than the words: master password ' +
    'kept as break-glass (DB-2), which statements are audited (DB-5), where traffic inside the network is plain ' +
    '(EDGE-1), the cross-region recovery point (BKP-3)',
  check: (m) => {
    const v = new Verdict(ID);
    for (const { claim, limit, stated } of LIMITS) {
      const text = sentencesOf(claim, m);
      const ok = stated.test(text);
      v.add(note('docs/security.md', claim.id, 'page sentence', limit, ok ? 'stated' : 'not stated ✗'));
      v.need(ok, `the ${claim.id} sentence does not state ${limit}`);
    }
    return v.done(`The page states ${LIMITS.length} limits where the effect is narrower than the words.`);
  },
};
