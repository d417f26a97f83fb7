import * as fs from 'node:fs';
import { z } from 'zod';
import { REGION_JURISDICTION, sameJurisdiction } from '../core/regions';
import { crossFieldChecks } from './checks';
import { Problems } from './problems';
import { type StageConfig, stageSchema } from './schema';

/** Thrown when a stage config is refused; `problems` holds one line per problem. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `Invalid stage config ${source} (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n- ${problems.join('\n- ')}`,
    );
    this.name = 'ConfigError';
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>(
      (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
      '',
    ) || '(root)'
  );
}

/** Fixes for fields whose rule is a custom check, by field path (array indexes removed). */
const FIELD_FIXES: Record<string, string> = {
  operatorCidrs:
    "list your operators' own public ranges in CIDR form, e.g. 203.0.113.0/28 or 2001:db8::/48 (never /0, no host bits)",
  vpcCidr: 'use a private IPv4 range from /16 to /24, e.g. 10.0.0.0/16',
  account: 'write the 12-digit account id as a string, e.g. "111122223333"',
  primaryRegion: 'use a commercial AWS region code such as eu-west-3',
  backupRegion: 'use a commercial AWS region code of the same jurisdiction as primaryRegion',
};

/** Known keys at `path` of the stage schema, for "did you mean" hints. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  type SchemaNode = { items?: SchemaNode; properties?: Record<string, SchemaNode> } | undefined;
  let node = z.toJSONSchema(stageSchema, { io: 'input', unrepresentable: 'any' }) as SchemaNode;
  for (const k of path) node = typeof k === 'number' ? node?.items : node?.properties?.[String(k)];
  return Object.keys(node?.properties ?? {}).filter((k) => k !== '$schema');
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
  }
  return d[a.length][b.length];
}

function unknownKeyFix(path: readonly PropertyKey[], key: string): string {
  const known = knownKeys(path);
  const best = known.map((k) => [k, distance(key, k)] as const).sort((a, b) => a[1] - b[1])[0];
  const close = best && best[1] <= Math.max(2, Math.floor(key.length / 3));
  return `${close ? `rename it to "${best[0]}" if that is what you meant, or remove it` : 'remove it or correct its spelling'} (allowed here: ${known.join(', ')})`;
}

/** Expected JSON types in the words of the messages. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text (a string) in double quotes',
  number: 'a number, without quotes',
  int: 'a whole number (an integer), without quotes',
  boolean: 'a boolean: true or false, without quotes',
  array: 'a list (an array) in square brackets [ ]',
  object: 'an object in braces { }',
};

/** What a string field holds, where "text" says too little (by the last key of its path). */
const STRING_WORDS: Readonly<Record<string, string>> = {
  account: 'the 12-digit account id as a string, in quotes',
};

const lastKey = (path: readonly PropertyKey[]): string =>
  String([...path].reverse().find((k) => typeof k === 'string'));

/** A wrong JSON type, in our words: what the field must be. */
function typeProblem(issue: z.core.$ZodIssue & { code: 'invalid_type' }): string {
  if (issue.input === null) return 'must not be null';
  if (issue.expected === 'string') return `must be ${STRING_WORDS[lastKey(issue.path)] ?? TYPE_WORDS.string}`;
  if (issue.expected === 'int' && typeof issue.input === 'number') return 'must be a whole number (an integer)';
  return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
}

/** How to write the value that was given with the wrong JSON type. */
function typeFix(issue: z.core.$ZodIssue & { code: 'invalid_type' }): string {
  const input = issue.input;
  if (input === null)
    return `give ${TYPE_WORDS[issue.expected] ?? issue.expected}, or remove the field if it has a default (docs/config-reference.md)`;
  switch (issue.expected) {
    case 'string':
      return typeof input === 'number' || typeof input === 'boolean'
        ? `write it in quotes: "${String(input)}"`
        : 'write it as text in double quotes';
    case 'number':
    case 'int':
      if (typeof input === 'number') return `write a whole number, e.g. ${Math.round(input)}`;
      return typeof input === 'string' && input.trim() !== '' && Number.isFinite(Number(input))
        ? `write it without quotes: ${Number(input)}`
        : 'write a number such as 90, without quotes';
    case 'boolean':
      return input === 'true' || input === 'false' ? `write ${input}, without quotes` : 'write true or false';
    case 'array':
      return `put it in a list: [${JSON.stringify(input)}]`;
    case 'object': {
      const keys = knownKeys(issue.path);
      return `write an object such as { "${keys[0] ?? 'key'}": ... }${keys.length ? ` (its keys: ${keys.join(', ')})` : ''}`;
    }
    default:
      return `give ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
  }
}

function fixFor(issue: z.core.$ZodIssue): string {
  const field = issue.path.filter((k) => typeof k !== 'number').join('.');
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'remove it or correct its spelling';
    case 'invalid_type':
      return issue.input === undefined
        ? `add the required field (${TYPE_WORDS[issue.expected] ?? issue.expected})`
        : typeFix(issue);
    case 'invalid_value':
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `give at least ${String(issue.minimum)}${issue.origin === 'array' ? ' item(s)' : issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_big':
      return `give at most ${String(issue.maximum)}${issue.origin === 'array' ? ' item(s)' : ''}`;
    default:
      return (
        FIELD_FIXES[field] ??
        'correct the value as the message says (every field and its allowed form: docs/config-reference.md)'
      );
  }
}

function zodProblems(issues: readonly z.core.$ZodIssue[], out: Problems): void {
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.add(
          pathOf([...issue.path, key]),
          (issue.input as Record<string, unknown> | undefined)?.[key],
          'unknown key',
          unknownKeyFix(issue.path, key),
        );
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length) {
      const values = issue.errors.flat().flatMap((e) => ('values' in e ? (e.values as unknown[]) : []));
      // "4" for 4: the value is allowed, only its quotes are not.
      const unquoted = values.find((v) => typeof v === 'number' && String(v) === issue.input);
      out.add(
        pathOf(issue.path),
        issue.input,
        unquoted !== undefined ? 'must be a number, without quotes' : 'is not an allowed value',
        unquoted !== undefined
          ? `write ${String(unquoted)}`
          : values.length
            ? `use one of ${values.map((v) => JSON.stringify(v)).join(', ')}`
            : 'see config/stage.schema.json',
      );
      continue;
    }
    const problem =
      issue.code !== 'invalid_type'
        ? issue.message
        : issue.input === undefined
          ? 'required field is missing'
          : typeProblem(issue);
    out.add(pathOf(issue.path), issue.input, problem, fixFor(issue));
  }
}

/**
 * Validates a parsed JSON value as a stage config and returns it with defaults applied.
 * Every problem is reported at once; nothing is built when any is found.
 */
export function validateStage(raw: unknown, source = 'stage config', options: ValidateOptions = {}): StageConfig {
  const problems = new Problems();
  const parsed = stageSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) zodProblems(parsed.error.issues, problems);

  // Cross-field rules run on every top-level field that is valid on its own, so a
  // type error elsewhere never hides them.
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const partial: Partial<StageConfig> = {};
    for (const [key, field] of Object.entries(stageSchema.shape)) {
      const r = (field as z.ZodType).safeParse((raw as Record<string, unknown>)[key]);
      if (r.success) (partial as Record<string, unknown>)[key] = r.data;
    }
    crossFieldChecks(partial, problems, raw);
  }
  if (problems.list.length) throw new ConfigError(source, problems.list);
  const warn = options.warn ?? ((w: string) => console.warn(`Stage config ${source}: warning: ${w}`));
  for (const w of problems.warnings) warn(w);
  return parsed.data as StageConfig;
}

/** Options of `validateStage`. */
export interface ValidateOptions {
  /**
   * Receives each warning: a value that is accepted but probably not meant (a waiver no config value needs).
   * @default - printed on stderr
   */
  readonly warn?: (warning: string) => void;
}

/** Reads, parses and validates a stage config file. */
export function loadStageConfig(file: string): StageConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [
      `(file): cannot be read (${(e as Error).message}). Fix: pass an existing file with -c config=PATH`,
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [jsonSyntaxProblem(file, text, (e as Error).message)]);
  }
  return validateStage(raw, file);
}

/**
 * Where the JSON text first breaks, as an offset: a small scanner of the JSON grammar, because V8's messages give a
 * position for some errors only ("Unexpected token ']', ... is not valid JSON" gives none).
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  class Stop extends Error {}
  const fail = (): never => {
    throw new Stop();
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expect = (ch: string) => (text[i] === ch ? i++ : fail());
  const str = () => {
    expect('"');
    while (text[i] !== '"') {
      if (i >= text.length || text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    i++;
  };
  // A list of items (object members or array values) up to its closing bracket.
  const items = (close: string, item: () => void) => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      ws();
      if (text[i] !== ',') break;
      i++;
    }
    expect(close);
  };
  const member = () => {
    ws();
    str();
    ws();
    expect(':');
    value();
  };
  function value(): void {
    ws();
    const ch = text[i];
    if (ch === '{') items('}', member);
    else if (ch === '[') items(']', value);
    else if (ch === '"') str();
    else {
      const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
      if (!literal) fail();
      i += (literal as RegExpExecArray)[0].length;
    }
  }
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (e) {
    if (e instanceof Stop) return i;
    throw e;
  }
}

/** A JSON syntax error with its line and column, the line itself, and the usual causes. */
function jsonSyntaxProblem(file: string, text: string, message: string): string {
  const offset = jsonErrorOffset(text) ?? Number(/at position (\d+)/.exec(message)?.[1] ?? text.length);
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  const why = message
    .replace(/, (\.\.\.)?".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
  const source = (text.split('\n')[line - 1] ?? '').trim();
  return (
    `(file): ${file} is not valid JSON: line ${line}, column ${column}: ${why}` +
    `${source ? ` (the line reads: ${source.length > 80 ? `${source.slice(0, 77)}...` : source})` : ''}. ` +
    'Fix: correct the JSON there (usual causes: a comma after the last item, a missing comma or quote, single ' +
    'quotes, a comment)'
  );
}

export { REGION_JURISDICTION, sameJurisdiction };
