// cfn-lint over the synthesized templates (PROOF-1): a Python tool, run as a separate process.
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeCacheFile } from './cache-file';
import type { CfnLintResult } from './model/types';

/** The cfn-lint executable on PATH, or undefined. */
function cfnLintExecutable(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, 'cfn-lint');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.realpathSync(file);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * The installed cfn-lint's version, or undefined when it is not installed. Asking cfn-lint costs a Python start
 * (about 1.5 s), so the answer is kept per executable (path, size, modification time: `pip install` rewrites the
 * script) in node_modules/.cache/cfn-lint, and a warm run starts no Python process at all.
 */
export function cfnLintVersion(root = process.cwd()): string | undefined {
  const exe = cfnLintExecutable();
  if (!exe) return undefined;
  const stat = fs.statSync(exe);
  const key = crypto.createHash('sha256').update(`${exe}\0${stat.size}\0${stat.mtimeMs}`).digest('hex');
  const cached = path.join(root, 'node_modules', '.cache', 'cfn-lint', `version-${key}.txt`);
  if (fs.existsSync(cached)) return fs.readFileSync(cached, 'utf8');
  const version = spawnSync(exe, ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return undefined;
  writeCacheFile(cached, version.stdout);
  return version.stdout;
}

/** The commands that install cfn-lint (a Python tool). */
export const CFN_LINT_INSTALL = '`pipx install cfn-lint` (or `pip install cfn-lint`)';

/** How to install cfn-lint, for the messages that skip it. */
export const CFN_LINT_MISSING = `cfn-lint is not installed (${CFN_LINT_INSTALL})`;

/**
 * cfn-lint over template files: skipped with a message where it is not installed,
 * unless `required` (CI). Asynchronous, so one stage is linted while the next one
 * is read or synthesized (cfn-lint takes a few seconds per stage).
 */
export function runCfnLint(root: string, files: readonly string[], required: boolean): Promise<CfnLintResult> {
  const version = cfnLintVersion(root);
  if (version === undefined) {
    return Promise.resolve(
      required
        ? { ran: false, ok: false, detail: `${CFN_LINT_MISSING}; required under CI=true`, output: '' }
        : { ran: false, ok: true, detail: CFN_LINT_MISSING, output: '' },
    );
  }
  // A clean result is cached under a hash of the cfn-lint version, its settings and every
  // template (name and bytes): the same input always lints the same, and unchanged stages
  // then cost nothing on the next run. Problems are never cached, so they are always re-reported.
  const rc = path.join(root, '.cfnlintrc');
  const hash = crypto
    .createHash('sha256')
    .update(version)
    .update(fs.existsSync(rc) ? fs.readFileSync(rc) : '');
  for (const f of [...files].sort((a, b) => path.basename(a).localeCompare(path.basename(b))))
    hash.update(path.basename(f)).update(fs.readFileSync(f));
  const cacheFile = path.join(root, 'node_modules', '.cache', 'cfn-lint', `${hash.digest('hex')}.json`);
  const detail = version.trim();
  if (fs.existsSync(cacheFile)) return Promise.resolve({ ran: true, ok: true, detail, output: '' });
  return new Promise((resolve, reject) => {
    const child = spawn('cfn-lint', ['--config-file', rc, '--', ...files]);
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        writeCacheFile(cacheFile, '{"ok":true}\n');
      }
      resolve({ ran: true, ok: code === 0, detail, output: output.trim() });
    });
  });
}
