// The content-addressed caches of the slow evaluations (cfn-lint, cfn-guard, the IAM decisions) live under
// node_modules/.cache and are read by several processes at once (jest workers, compliance:check).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes `text` to `file`, creating its folder: written then renamed, so a concurrent reader sees all or nothing. */
export function writeCacheFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
