// The repository as the PROOF and ORG-3 claims read it: tracked files and the few contents they need.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEST_FILE } from './model/repo';
import type { RepoSnapshot, SecretFinding } from './model/types';
import { SCAN_EXCLUDE, scanText } from './secrets';

/** The restore runbook BKP-4 reads. */
const RUNBOOK = 'docs/runbooks/restore.md';

/**
 * The files of the repository and the contents the checkers read (tests, the runbook): those git tracks
 * or would track (`git ls-files --cached --others --exclude-standard`) that exist in the work tree, so a
 * check before a commit sees the commit. In a clean checkout (CI) these are exactly the tracked files.
 */
export function repoSnapshot(root: string): RepoSnapshot {
  const r = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  const listed = r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
  const files = [...new Set(listed)].filter((f) => fs.existsSync(path.join(root, f))).sort();
  const content: Record<string, string> = {};
  for (const f of files) {
    if (!TEST_FILE.test(f) && f !== RUNBOOK) continue;
    content[f] = fs.readFileSync(path.join(root, f), 'utf8');
  }
  return { files, content };
}

/** Secret-looking literals in the tracked files (ORG-3), except those never scanned and the generated reports. */
export function repoSecrets(root: string, repo: RepoSnapshot): SecretFinding[] {
  return repo.files
    .filter((f) => !SCAN_EXCLUDE.some((re) => re.test(f)) && !f.startsWith('docs/compliance/'))
    .flatMap((f) => {
      try {
        return scanText(f, fs.readFileSync(path.join(root, f), 'utf8'));
      } catch {
        return [];
      }
    });
}
