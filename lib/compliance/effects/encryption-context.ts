// PROOF-5: the one condition the evaluator cannot read. @cloud-copilot/iam-simulate (0.1.173) drops request keys of
// the form `kms:EncryptionContext:<key>` (the key name holds colons, e.g. `kms:EncryptionContext:aws:logs:arn`)
// and lists them in `ignoredContextKeys`; a key statement conditioned on one then never matches, and the service
// looks denied. This layer decides those conditions itself, before the evaluator runs, and leaves the rest of each
// statement to it: a condition block is a conjunction, so an encryption-context condition that holds is removed
// from its statement, and a statement whose encryption-context condition fails gets a condition that no request
// meets (it could not apply either way). Nothing is loosened: each rewritten statement applies to exactly the
// requests it applied to before. Operators it does not know fail loudly.

/** Request keys this layer decides (lower case): `kms:EncryptionContext:` followed by the context key. */
const PREFIX = 'kms:encryptioncontext:';

/** A key of the form `kms:EncryptionContext:<key>` (not `kms:EncryptionContextKeys`). */
export const isEncryptionContextKey = (key: string): boolean =>
  key.toLowerCase().startsWith(PREFIX) && key.length > PREFIX.length;

/** The context key named by a condition key: `kms:EncryptionContext:aws:logs:arn` -> `aws:logs:arn`. */
const contextKeyOf = (key: string): string => key.slice(PREFIX.length);

/** A condition no request meets: the principal tag is never set on the evaluated requests. */
export const NEVER_MET = { StringEquals: { 'aws:PrincipalTag/proof5-encryption-context': 'condition-not-met' } };

/** Splits a request context into the encryption context (by context key) and the keys the evaluator reads. */
export function splitEncryptionContext(context: Readonly<Record<string, string | readonly string[]>>): {
  encryptionContext: Record<string, string>;
  rest: Record<string, string | readonly string[]>;
} {
  const encryptionContext: Record<string, string> = {};
  const rest: Record<string, string | readonly string[]> = {};
  for (const [k, v] of Object.entries(context)) {
    if (!isEncryptionContextKey(k)) rest[k] = v;
    else if (typeof v === 'string') encryptionContext[contextKeyOf(k)] = v;
    else throw new Error(`${k}: an encryption context value is one string`);
  }
  return { encryptionContext, rest };
}

/** Glob matching of IAM string operators: `*` any run, `?` one character, case-sensitive. */
function glob(pattern: string, value: string, ignoreCase = false): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'is' : 's').test(value);
}

/** ArnLike/ArnEquals: the six colon-separated parts match one by one, the last one holding the rest. */
function arnMatch(pattern: string, value: string): boolean {
  const parts = (s: string) => {
    const p = s.split(':');
    return p.length < 6 ? undefined : [...p.slice(0, 5), p.slice(5).join(':')];
  };
  const want = parts(pattern);
  const got = parts(value);
  return !!want && !!got && want.every((w, i) => glob(w, got[i]));
}

const MATCHERS: Readonly<Record<string, (pattern: string, value: string) => boolean>> = {
  StringEquals: (p, v) => p === v,
  StringEqualsIgnoreCase: (p, v) => p.toLowerCase() === v.toLowerCase(),
  StringLike: (p, v) => glob(p, v),
  ArnEquals: arnMatch,
  ArnLike: arnMatch,
};

const NEGATED: Readonly<Record<string, string>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

/**
 * Whether one condition (operator, context key, policy values) holds for the request's encryption context,
 * following IAM: a missing key fails every positive operator, meets every negated one, `...IfExists` and
 * `ForAllValues:` ones; the request's value is a single value.
 */
export function conditionHolds(
  operator: string,
  key: string,
  policyValues: unknown,
  actual: string | undefined,
): boolean {
  const set = /^(ForAnyValue|ForAllValues):/.exec(operator)?.[1];
  let base = set ? operator.slice(set.length + 1) : operator;
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  const values = (Array.isArray(policyValues) ? policyValues : [policyValues]).map((v) => {
    if (typeof v !== 'string' && typeof v !== 'boolean') throw new Error(`${operator} ${key}: value ${String(v)}`);
    const s = String(v);
    if (s.includes('${')) throw new Error(`${operator} ${key}: policy variables are not decided by this layer`);
    return s;
  });
  if (base === 'Null') return values.some((v) => (v === 'true') === (actual === undefined));
  const negatedOf = NEGATED[base];
  const match = MATCHERS[negatedOf ?? base];
  if (!match) throw new Error(`${operator} on ${key}: operator not decided by the encryption-context layer`);
  if (actual === undefined) return ifExists || set === 'ForAllValues' || !!negatedOf;
  const any = values.some((p) => match(p, actual));
  return negatedOf ? !any : any;
}

type Statement = Record<string, unknown>;

/** One statement with its encryption-context conditions decided. */
function resolveStatement(s: Statement, encryptionContext: Readonly<Record<string, string>>): Statement {
  const condition = s.Condition as Record<string, Record<string, unknown>> | undefined;
  if (!condition || typeof condition !== 'object') return s;
  let holds = true;
  let touched = false;
  const kept: Record<string, Record<string, unknown>> = {};
  for (const [operator, block] of Object.entries(condition)) {
    const rest: Record<string, unknown> = {};
    for (const [key, values] of Object.entries(block ?? {})) {
      if (!isEncryptionContextKey(key)) {
        rest[key] = values;
        continue;
      }
      touched = true;
      holds = conditionHolds(operator, key, values, encryptionContext[contextKeyOf(key)]) && holds;
    }
    if (Object.keys(rest).length) kept[operator] = rest;
  }
  if (!touched) return s;
  const { Condition: _dropped, ...unconditioned } = s;
  if (!holds) return { ...unconditioned, Condition: NEVER_MET };
  return Object.keys(kept).length ? { ...unconditioned, Condition: kept } : unconditioned;
}

/**
 * A policy whose `kms:EncryptionContext:<key>` conditions are decided for this encryption context; the same
 * object when it has none.
 */
export function resolveEncryptionContext<T extends Record<string, unknown>>(
  policy: T,
  encryptionContext: Readonly<Record<string, string>>,
): T {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const resolved = statements.map((s) => resolveStatement(s as Statement, encryptionContext));
  if (resolved.every((s, i) => s === statements[i])) return policy;
  return { ...policy, Statement: resolved };
}
