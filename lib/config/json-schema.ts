import { z } from 'zod';
import { stageSchema } from './schema';

/** JSON Schema of a stage file as operators write it (defaults optional). */
export function stageJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(stageSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Stage configuration of the secure booking platform',
  };
}

/** The parts of a JSON Schema node that the reference table reads. */
interface Node {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly Node[];
  readonly const?: unknown;
  readonly items?: Node;
  readonly properties?: Record<string, Node>;
  readonly required?: readonly string[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly pattern?: string;
  /** From the field's `.describe()` (its JSDoc, in words an operator reads). */
  readonly description?: string;
}

/** Text in a Markdown table cell: one line, pipes escaped, `<` escaped outside code spans (it would open an HTML tag). */
const cell = (s: string): string =>
  s
    .split('`')
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;')))
    .join('`')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');

function typeOf(n: Node): string {
  if (n.enum) return n.enum.map((v: unknown) => JSON.stringify(v)).join(' \\| ');
  if (n.anyOf) return n.anyOf.map(typeOf).join(' \\| ');
  if (n.const !== undefined) return JSON.stringify(n.const);
  if (n.type === 'array') return `${n.items ? typeOf(n.items) : 'any'}[]`;
  if (n.type === 'object' && n.properties) return 'object';
  return n.type ?? 'any';
}

function rows(n: Node, prefix: string, required: boolean, out: string[][]): void {
  const isSection = n.type === 'object' && n.properties !== undefined;
  if (prefix) {
    const limits = [
      n.minimum !== undefined && n.minimum > Number.MIN_SAFE_INTEGER && `≥ ${n.minimum}`,
      n.maximum !== undefined && n.maximum < Number.MAX_SAFE_INTEGER && `≤ ${n.maximum}`,
      n.minItems !== undefined && `at least ${n.minItems}`,
      n.pattern && `pattern \`${n.pattern.replace(/\|/g, '\\|')}\``,
    ]
      .filter(Boolean)
      .join(', ');
    const dflt =
      n.default === undefined
        ? required
          ? '**required**'
          : 'optional'
        : `\`${JSON.stringify(n.default).replace(/\|/g, '\\|')}\``;
    if (!isSection || n.default === undefined)
      out.push([`\`${prefix}\``, cell(n.description ?? ''), typeOf(n), dflt, limits]);
  }
  if (isSection) {
    for (const [key, child] of Object.entries(n.properties ?? {})) {
      if (key === '$schema') continue;
      rows(child, prefix ? `${prefix}.${key}` : key, (n.required ?? []).includes(key), out);
    }
  }
  if (n.type === 'array' && n.items?.type === 'object' && n.items.properties)
    rows({ ...n.items, default: undefined }, `${prefix}[]`, false, out);
}

/** A Markdown table of every config field: type, default, limits. */
export function configReference(): string {
  const out: string[][] = [];
  rows(stageJsonSchema() as Node, '', true, out);
  const lines = out.filter((r) => r[2] !== 'object' || r[3] !== 'optional').map((r) => `| ${r.join(' | ')} |`);
  return [
    '# Stage configuration reference',
    '',
    'Generated from the zod schema (`lib/config/schema.ts` and `lib/config/sections/`) by `npm run schema`: each',
    "field's description is its `.describe()` text (the same words as its JSDoc), which editors also show from",
    '`config/stage.schema.json`. Unknown keys are refused. Cross-field rules (zones in the primary region, backup',
    'region in the same jurisdiction, windows that do not overlap, the snapshot quota...) are in',
    '`lib/config/checks.ts` and `lib/config/sections/*-checks.ts`; a value that would break a claim of the security',
    'page (a daily retention other than 90 days, a private operator range...) is refused unless the stage waives',
    'that claim in `waivers` (`lib/config/sections/promise-checks.ts`, OPS-5).',
    '',
    '| Field | Description | Type | Default | Limits |',
    '|---|---|---|---|---|',
    ...lines,
    '',
  ].join('\n');
}
