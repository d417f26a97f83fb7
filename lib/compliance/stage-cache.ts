// One synthesized assembly per stage file, reused by every reader in a run and across runs: the jest
// global setup, the stage-level tests, the mutation tests and `npm run compliance` all read the same
// synth (templates, cdk-nag results, acknowledgments). Keyed by a hash of everything that can change
// a template, so a stale result is never read: any byte changed under lib/ or bin/, the stage file,
// cdk.json, tsconfig.json, the lock file (library versions) or Node's version gives a new key.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StageConfig } from '../config/schema';
import type { Acknowledgment, NagPackResult, StackModel } from './model/types';

/** What a synthesized stage leaves for its readers. */
export interface CachedStage {
  readonly config: StageConfig;
  readonly stacks: readonly StackModel[];
  readonly nag: readonly NagPackResult[];
  readonly otherAcknowledgments: readonly Acknowledgment[];
  /** The templates on disk (for cfn-lint), in the cache directory. */
  readonly templateFiles: readonly string[];
}

const SOURCES = ['lib', 'bin'];
const FILES = ['cdk.json', 'package-lock.json', 'tsconfig.json'];

function addTree(hash: crypto.Hash, root: string, rel: string): void {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return;
  const entries = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const child = path.join(rel, e.name);
    if (e.isDirectory()) addTree(hash, root, child);
    else if (e.isFile()) hash.update(`\0${child}\0`).update(fs.readFileSync(path.join(root, child)));
  }
}

/** Hash of the sources and settings a synth of `configFile` depends on. */
export function stageSourceHash(root: string, configFile: string, bundling = true): string {
  const hash = crypto
    .createHash('sha256')
    .update(process.version)
    .update(bundling ? '' : '\0no-bundling');
  for (const dir of SOURCES) addTree(hash, root, dir);
  for (const f of [...FILES, path.relative(root, configFile)]) {
    const abs = path.join(root, f);
    hash.update(`\0${f}\0`).update(fs.existsSync(abs) ? fs.readFileSync(abs) : '');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Whether `name` is a cache entry of the stage file `stem` (`<stem>-<16 hex>`), and not of a longer stem. */
export function isEntryOf(stem: string, name: string): boolean {
  return name.startsWith(`${stem}-`) && /^[0-9a-f]{16}$/.test(name.slice(stem.length + 1));
}

/** Where the assembly of one stage file is kept. */
export function stageCacheDir(root: string, configFile: string, bundling = true): string {
  const stem = path.basename(configFile, '.json');
  return path.join(root, 'node_modules', '.cache', 'stages', `${stem}-${stageSourceHash(root, configFile, bundling)}`);
}

/**
 * The synthesized stage of `configFile`: read from the cache when its sources are unchanged,
 * otherwise synthesized (offline, the four cdk-nag packs run) and cached. Older entries of the same
 * file are removed. The synth code is loaded only on a miss, so a hit costs a JSON read.
 *
 * `bundling: false` leaves the Lambda code unbundled (CDK's `aws:cdk:bundling-stacks` set to none), as construct
 * tests do: for variant stages whose tests read templates only, never the code or its asset hashes.
 */
export function cachedStage(root: string, configFile: string, options: { bundling?: boolean } = {}): CachedStage {
  const bundling = options.bundling ?? true;
  const dir = stageCacheDir(root, configFile, bundling);
  const file = path.join(dir, 'stage.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as CachedStage;

  // Loaded lazily: aws-cdk-lib and the whole app are only needed to build.
  const { synthesizeStage } = require('./assembly') as typeof import('./assembly');
  const cdkContext = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context;
  const context = bundling ? cdkContext : { ...cdkContext, 'aws:cdk:bundling-stacks': [] };
  const parent = path.dirname(dir);
  const stem = path.basename(configFile, '.json');
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${stem}-`));
  let s: ReturnType<typeof synthesizeStage>;
  try {
    s = synthesizeStage(configFile, context, path.join(tmp, 'cdk.out'));
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true }); // a refused config or a failed synth leaves nothing behind
    throw e;
  }
  const stage: CachedStage = {
    config: s.config,
    stacks: s.stacks,
    nag: s.nag,
    otherAcknowledgments: s.otherAcknowledgments,
    templateFiles: s.templateFiles.map((f) => path.join(dir, 'cdk.out', path.basename(f))),
  };
  fs.writeFileSync(path.join(tmp, 'stage.json'), JSON.stringify(stage));
  for (const old of fs.readdirSync(parent)) {
    // Only this file's entries (`<stem>-<hash>`): `example-` must not match `example-internal-<hash>`.
    if (isEntryOf(stem, old)) fs.rmSync(path.join(parent, old), { recursive: true, force: true });
  }
  // A rename is atomic: a concurrent reader sees the whole entry or none.
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another process won the race with the same content
  }
  return stage;
}
