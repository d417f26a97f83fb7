// Runs cfn-guard over the templates of one stage (PROOF-6) and reads its JSON report. A separate
// process, like cfn-lint: a few seconds per stage on a cold run, nothing on a warm one (cached).
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeCacheFile } from '../cache-file';
import type { ControlRule } from './rules';

/** What cfn-guard reported for one template. */
export interface TemplateReport {
  /** File name of the template, e.g. `prod-Data.template.json`. */
  readonly file: string;
  /** Rules that evaluated the template and passed. */
  readonly compliant: readonly string[];
  /** Rules that failed, each with the logical IDs it failed on and the first message about each. */
  readonly failures: readonly { readonly rule: string; readonly resources: Readonly<Record<string, string>> }[];
}

/** The logical ID a failure is filed under when no path or message of it names a resource. */
export const WHOLE_TEMPLATE = '(template)';

/** The logical IDs a cfn-guard path or message names (`/Resources/<id>/...`). */
const idsIn = (s: string): string[] => [...s.matchAll(/\/Resources\/([A-Za-z0-9]+)/g)].map((m) => m[1]);

/** A message made short: no line/column markers, no dump of the value it traversed to. */
const shorten = (s: string): string => {
  const short = s
    .replace(/\[L:\d+,C:\d+\]/g, '')
    .replace(/^Check was not compliant as /, '')
    .replace(/ Value traversed to \[.*$/s, '');
  return short.length > 240 ? `${short.slice(0, 237)}...` : short;
};

/** Walks one failed rule of cfn-guard's structured report: logical ID -> first message naming it. */
function failedResources(node: unknown, out: Record<string, string>): void {
  if (Array.isArray(node)) {
    for (const n of node) failedResources(n, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (typeof v !== 'string') failedResources(v, out);
    else if (k === 'error_message') for (const id of idsIn(v)) out[id] = out[id] || shorten(v);
    else if (k === 'path') for (const id of idsIn(v)) out[id] ??= '';
  }
}

/** Reads cfn-guard's `--structured --output-format json` report. */
export function parseGuardReport(stdout: string): TemplateReport[] {
  const files = JSON.parse(stdout) as Array<{
    name: string;
    compliant?: string[];
    not_compliant?: Array<{ Rule?: { name: string } }>;
  }>;
  return files.map((f) => ({
    file: path.basename(f.name),
    compliant: f.compliant ?? [],
    failures: (f.not_compliant ?? []).flatMap((n) => {
      if (!n.Rule) return [];
      const resources: Record<string, string> = {};
      failedResources(n.Rule, resources);
      return [{ rule: n.Rule.name, resources: Object.keys(resources).length ? resources : { [WHOLE_TEMPLATE]: '' } }];
    }),
  }));
}

/** Spawns cfn-guard; resolves with its report (exit 0: all pass, 19: some rule failed). */
function spawnGuard(binary: string, rules: readonly ControlRule[], files: readonly string[]): Promise<string> {
  const args = [
    'validate',
    ...rules.flatMap((r) => ['--rules', r.file]),
    ...files.flatMap((f) => ['--data', f]),
    ...['--output-format', 'json', '--show-summary', 'none', '--structured'],
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args);
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || code === 19) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`cfn-guard exited with ${code}: ${err.trim() || Buffer.concat(out).toString('utf8')}`));
    });
  });
}

/** Options of {@link runGuard}. */
export interface RunGuardOptions {
  readonly root: string;
  readonly binary: string;
  /** `cfn-guard --version`, part of the cache key. */
  readonly version: string;
  /**
   * Name of the cache entry (the stage): its older entries are removed when a new one is written.
   * @default - not cached
   */
  readonly cacheName?: string;
}

/**
 * cfn-guard with `rules` over template `files`. Its report is cached under a hash of the binary's
 * version, every rule file and every template (name and bytes): the same input always gives the same
 * report, so an unchanged stage costs a file read; failures are in the report, so they are re-reported
 * from the cache too. One entry per `cacheName`.
 */
export async function runGuard(
  o: RunGuardOptions,
  rules: readonly ControlRule[],
  files: readonly string[],
): Promise<TemplateReport[]> {
  const hash = crypto.createHash('sha256').update(o.version);
  for (const r of [...rules].sort((a, b) => a.file.localeCompare(b.file)))
    hash.update(`\0${path.basename(r.file)}\0`).update(fs.readFileSync(r.file));
  for (const f of [...files].sort((a, b) => path.basename(a).localeCompare(path.basename(b))))
    hash.update(`\0${path.basename(f)}\0`).update(fs.readFileSync(f));
  const dir = path.join(o.root, 'node_modules', '.cache', 'cfn-guard');
  const cacheFile = o.cacheName && path.join(dir, `${o.cacheName}-${hash.digest('hex').slice(0, 16)}.json`);
  if (cacheFile && fs.existsSync(cacheFile)) return parseGuardReport(fs.readFileSync(cacheFile, 'utf8'));
  const stdout = await spawnGuard(o.binary, rules, files);
  const reports = parseGuardReport(stdout);
  if (cacheFile) writeCache(dir, `${o.cacheName}-`, cacheFile, stdout);
  return reports;
}

/** Writes a cache entry atomically and removes the older entries of the same name. */
function writeCache(dir: string, prefix: string, file: string, text: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const old of fs.readdirSync(dir))
    if (old.startsWith(prefix) && /^[0-9a-f]{16}\.json$/.test(old.slice(prefix.length)))
      fs.rmSync(path.join(dir, old), { force: true });
  writeCacheFile(file, text);
}
