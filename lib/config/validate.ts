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

function fixFor(issue: z.core.$ZodIssue): string {
  const field = issue.path.filter((k) => typeof k !== 'number').join('.');
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'remove it or correct its spelling';
    case 'invalid_type':
      return issue.input === undefined ? `add the required field (a ${issue.expected})` : `give a ${issue.expected}`;
    case 'invalid_value':
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `give at least ${String(issue.minimum)}${issue.origin === 'array' ? ' item(s)' : ''}`;
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
      out.add(
        pathOf(issue.path),
        issue.input,
        'is not an allowed value',
        values.length
          ? `use one of ${values.map((v) => JSON.stringify(v)).join(', ')}`
          : 'see config/stage.schema.json',
      );
      continue;
    }
    const problem =
      issue.code === 'invalid_type' && issue.input === undefined ? 'required field is missing' : issue.message;
    out.add(pathOf(issue.path), issue.input, problem, fixFor(issue));
  }
}

/**
 * Validates a parsed JSON value as a stage config and returns it with defaults applied.
 * Every problem is reported at once; nothing is built when any is found.
 */
export function validateStage(raw: unknown, source = 'stage config'): StageConfig {
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
    crossFieldChecks(partial, problems);
  }
  if (problems.list.length) throw new ConfigError(source, problems.list);
  return parsed.data as StageConfig;
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
    throw new ConfigError(file, [
      `(file): ${file} is not valid JSON (${(e as Error).message}). Fix: correct the JSON syntax`,
    ]);
  }
  return validateStage(raw, file);
}

export { REGION_JURISDICTION, sameJurisdiction };
