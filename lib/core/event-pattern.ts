/**
 * A small evaluator of Amazon EventBridge event patterns, so tests can prove that
 * the patterns a template declares let the right findings through (DET-3) without
 * an AWS account (EventBridge's TestEventPattern API needs one).
 *
 * Supported, with EventBridge's semantics
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html):
 * - a pattern is an object whose leaves are arrays; an array matches when any of its
 *   entries does (OR), and every key of an object must match (AND);
 * - exact strings, numbers, booleans and `null`;
 * - `{ prefix }`, `{ suffix }`, `{ wildcard }` (`*` matches any run of characters);
 * - `{ "anything-but": value | [values] | { prefix } }`;
 * - `{ numeric: [op, n, op, n] }` with `=`, `<`, `<=`, `>`, `>=`;
 * - `{ exists: true | false }`;
 * - `$or: [pattern, ...]` at any object level;
 * - an array in the event matches when any of its elements matches (objects inside
 *   arrays are tried one by one).
 *
 * Deliberately unsupported (throws, so a test can never pass by accident):
 * `cidr`, `equals-ignore-case` and any other operator.
 */

/** An event pattern, as written in an `AWS::Events::Rule` `EventPattern`. */
export type EventPattern = { readonly [key: string]: unknown };

/** True when `event` matches `pattern`. */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function matchObject(pattern: EventPattern, value: unknown): boolean {
  if (Array.isArray(value)) return value.some((element) => matchObject(pattern, element));
  if (!isPlainObject(value)) return false;
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2) throw new Error('$or needs an array of at least two patterns');
      if (!sub.some((alternative) => matchObject(alternative as EventPattern, value))) return false;
      continue;
    }
    if (!matchField(sub, value[key], key in value)) return false;
  }
  return true;
}

function matchField(sub: unknown, value: unknown, present: boolean): boolean {
  if (isPlainObject(sub)) return present && matchObject(sub, value);
  if (!Array.isArray(sub)) throw new Error(`pattern leaves must be arrays, got ${JSON.stringify(sub)}`);
  return sub.some((rule) => matchRule(rule, value, present));
}

/** One entry of a leaf array against the event value (an array value matches when any element does). */
function matchRule(rule: unknown, value: unknown, present: boolean): boolean {
  if (isPlainObject(rule) && 'exists' in rule) {
    const exists = present && value !== undefined && !(Array.isArray(value) && value.length === 0);
    return rule.exists === exists;
  }
  if (!present) return false;
  if (Array.isArray(value)) return value.some((v) => matchScalar(rule, v));
  return matchScalar(rule, value);
}

function matchScalar(rule: unknown, value: unknown): boolean {
  if (!isPlainObject(rule)) return rule === value;
  const ops = Object.keys(rule);
  if (ops.length !== 1) throw new Error(`a matcher holds exactly one operator, got ${JSON.stringify(rule)}`);
  const [op] = ops;
  const arg = rule[op];
  switch (op) {
    case 'prefix':
      return typeof value === 'string' && typeof arg === 'string' && value.startsWith(arg);
    case 'suffix':
      return typeof value === 'string' && typeof arg === 'string' && value.endsWith(arg);
    case 'wildcard':
      return typeof value === 'string' && typeof arg === 'string' && wildcardRegExp(arg).test(value);
    case 'numeric':
      return typeof value === 'number' && numericMatches(arg, value);
    case 'anything-but':
      return anythingBut(arg, value);
    default:
      throw new Error(`unsupported pattern operator "${op}"`);
  }
}

function anythingBut(arg: unknown, value: unknown): boolean {
  if (isPlainObject(arg)) {
    if ('prefix' in arg) return typeof value === 'string' && !value.startsWith(String(arg.prefix));
    if ('suffix' in arg) return typeof value === 'string' && !value.endsWith(String(arg.suffix));
    throw new Error(`unsupported anything-but operand ${JSON.stringify(arg)}`);
  }
  const excluded = Array.isArray(arg) ? arg : [arg];
  return !excluded.includes(value);
}

const NUMERIC_OPS: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function numericMatches(arg: unknown, value: number): boolean {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0)
    throw new Error(`numeric needs [op, n, ...], got ${JSON.stringify(arg)}`);
  for (let i = 0; i < arg.length; i += 2) {
    const compare = NUMERIC_OPS[arg[i] as string];
    if (!compare || typeof arg[i + 1] !== 'number')
      throw new Error(`bad numeric comparison ${JSON.stringify(arg.slice(i, i + 2))}`);
    if (!compare(value, arg[i + 1] as number)) return false;
  }
  return true;
}

function wildcardRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's');
}
