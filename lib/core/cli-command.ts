// AWS CLI commands as the runbooks and the README write them (OPS-2): found in the shell code blocks of a Markdown
// page, split into service, operation and options, so a test can check each against the AWS SDK models. A small
// shell reader, not a shell: quotes, escapes, line continuations, comments, `$(...)`, `<(...)`, heredocs, pipes and
// lists are understood; nothing is expanded or run.

/** One `--name value` (or `--flag`) of a command. */
export interface CliOption {
  /** Without the leading `--`. */
  readonly name: string;
  /** The value as the shell passes it (quotes removed, substitutions kept as written); none for a flag. */
  readonly value?: string;
}

/** One `aws SERVICE OPERATION ...` command. */
export interface CliCommand {
  /** CLI service name, e.g. `backup`, `rds`, `secretsmanager`. */
  readonly service: string;
  /** CLI operation, kebab-case, e.g. `start-restore-job`; `wait` for a waiter. */
  readonly operation: string;
  /** The waiter of `aws SERVICE wait WAITER`, e.g. `db-cluster-available`. */
  readonly waiter?: string;
  /** Every option, global ones (`--region`, `--query`...) included, in order. */
  readonly options: readonly CliOption[];
  /** Words that are neither options nor option values. */
  readonly positional: readonly string[];
  /** 1-based line of `aws` in the text it was read from. */
  readonly line: number;
}

/** A fenced code block of a Markdown page. */
export interface CodeBlock {
  /** Info string's first word (`sh`, `bash`, `json`...), empty when none. */
  readonly lang: string;
  /** The block's text, without the fences. */
  readonly code: string;
  /** 1-based line of the block's first code line in the page. */
  readonly line: number;
}

/** Languages whose blocks hold shell commands. */
const SHELL_LANGS = new Set(['', 'sh', 'bash', 'shell', 'console', 'zsh']);

/** Every fenced code block of a Markdown page. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  let open: { fence: string; lang: string; start: number; body: string[] } | undefined;
  lines.forEach((line, i) => {
    const fence = /^\s*(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (!open) {
      if (fence) open = { fence: fence[1], lang: fence[2].toLowerCase(), start: i + 2, body: [] };
      return;
    }
    if (fence && fence[1][0] === open.fence[0] && fence[1].length >= open.fence.length && !fence[2]) {
      blocks.push({ lang: open.lang, code: open.body.join('\n'), line: open.start });
      open = undefined;
    } else open.body.push(line);
  });
  return blocks;
}

/** Every AWS CLI command in the shell code blocks of a Markdown page, with page line numbers. */
export function awsCommandsInMarkdown(markdown: string): CliCommand[] {
  return codeBlocks(markdown)
    .filter((b) => SHELL_LANGS.has(b.lang))
    .flatMap((b) => awsCommands(b.lang === 'console' ? b.code.replace(/^\$ /gm, '') : b.code, b.line));
}

/** A word or an operator of the shell text. */
type Token =
  | { readonly kind: 'word'; readonly value: string; readonly raw: string; readonly line: number }
  | { readonly kind: 'op'; readonly value: string; readonly line: number };

/** Words that come before the command they run. */
const PREFIX_WORDS = new Set(['{', '}', '!', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', 'time', 'eval']);

/** Every `aws ...` command of a shell text, including those inside `$(...)`; `firstLine` numbers its first line. */
export function awsCommands(shell: string, firstLine = 1): CliCommand[] {
  const found: CliCommand[] = [];
  const tokens = new Lexer(withoutHeredocs(shell), firstLine, (inner, line) =>
    found.push(...awsCommands(inner, line)),
  ).tokens();
  let words: Extract<Token, { kind: 'word' }>[] = [];
  const flush = () => {
    const cmd = commandOf(words);
    if (cmd) found.push(cmd);
    words = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'word') words.push(t);
    else if (t.value === 'redirect') i++;
    else flush();
  }
  flush();
  return found.sort((a, b) => a.line - b.line);
}

/** The command of one simple command's words, when it runs `aws`. */
function commandOf(all: readonly Extract<Token, { kind: 'word' }>[]): CliCommand | undefined {
  let i = 0;
  while (i < all.length && (PREFIX_WORDS.has(all[i].raw) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(all[i].raw))) i++;
  if (all[i]?.value !== 'aws') return undefined;
  const line = all[i].line;
  const rest = all.slice(i + 1).map((w) => w.value);
  const options: CliOption[] = [];
  const positional: string[] = [];
  for (let j = 0; j < rest.length; j++) {
    const w = rest[j];
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      if (eq > 0) options.push({ name: w.slice(2, eq), value: w.slice(eq + 1) });
      // A word that is not an option is the value: the CLI's flags never stand before a positional word.
      else if (j + 1 < rest.length && !rest[j + 1].startsWith('--'))
        options.push({ name: w.slice(2), value: rest[++j] });
      else options.push({ name: w.slice(2) });
    } else positional.push(w);
  }
  const [service, operation, waiter, ...others] = positional;
  if (!service || !operation) return undefined;
  return operation === 'wait'
    ? { service, operation, waiter, options, positional: others, line }
    : { service, operation, options, positional: waiter === undefined ? others : [waiter, ...others], line };
}

/** Heredoc bodies blanked (lines kept, so line numbers hold): they are data, not commands. */
function withoutHeredocs(shell: string): string {
  const lines = shell.split('\n');
  let until: { word: string; tabs: boolean } | undefined;
  return lines
    .map((line) => {
      if (until) {
        const body = until.tabs ? line.replace(/^\t+/, '') : line;
        if (body === until.word) until = undefined;
        return '';
      }
      const heredoc = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(line);
      if (heredoc) until = { word: heredoc[3], tabs: heredoc[1] === '-' };
      return line;
    })
    .join('\n');
}

/** Splits shell text into words and operators; the text of each `$(...)`, `<(...)` goes to `onSubstitution`. */
class Lexer {
  private pos = 0;
  private line: number;

  constructor(
    private readonly text: string,
    firstLine: number,
    private readonly onSubstitution: (inner: string, line: number) => void,
  ) {
    this.line = firstLine;
  }

  tokens(): Token[] {
    const out: Token[] = [];
    const s = this.text;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '\n') {
        out.push({ kind: 'op', value: '\n', line: this.line });
        this.line++;
        this.pos++;
      } else if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\\' && s[this.pos + 1] === '\n') {
        this.pos += 2;
        this.line++;
      } else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else if ((c === '<' || c === '>') && s[this.pos + 1] === '(') {
        out.push(this.word());
      } else if ('|&;()'.includes(c)) {
        const two = s.slice(this.pos, this.pos + 2);
        const op = ['||', '&&', ';;'].includes(two) ? two : c;
        out.push({ kind: 'op', value: op, line: this.line });
        this.pos += op.length;
      } else if (c === '<' || c === '>') {
        while (this.pos < s.length && '<>&'.includes(s[this.pos])) this.pos++;
        // `2>&1`, `>&2`: the target is part of the operator.
        if (/\d/.test(s[this.pos] ?? '') && s[this.pos - 1] === '&') this.pos++;
        else out.push({ kind: 'op', value: 'redirect', line: this.line });
      } else {
        const w = this.word();
        // `2>file`: a descriptor number directly before a redirection belongs to it.
        if (/^\d+$/.test(w.raw) && (s[this.pos] === '>' || s[this.pos] === '<')) continue;
        out.push(w);
      }
    }
    return out;
  }

  /** One word: quoted parts, escapes and substitutions up to the next blank or operator. */
  private word(): Extract<Token, { kind: 'word' }> {
    const s = this.text;
    const line = this.line;
    const start = this.pos;
    let value = '';
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        const stop = end < 0 ? s.length : end;
        value += s.slice(this.pos + 1, stop);
        this.countLines(this.pos, stop);
        this.pos = stop + 1;
      } else if (c === '"') {
        value += this.doubleQuoted();
      } else if (c === '\\') {
        if (s[this.pos + 1] === '\n') this.line++;
        else value += s[this.pos + 1] ?? '';
        this.pos += 2;
      } else if ((c === '$' || c === '<' || c === '>') && s[this.pos + 1] === '(') {
        value += this.substitution();
      } else if (c === '$' && s[this.pos + 1] === '{') {
        const end = s.indexOf('}', this.pos);
        const stop = end < 0 ? s.length : end + 1;
        value += s.slice(this.pos, stop);
        this.pos = stop;
      } else if (/[\s|&;()<>]/.test(c)) break;
      else {
        value += c;
        this.pos++;
      }
    }
    return { kind: 'word', value, raw: s.slice(start, this.pos), line };
  }

  /** A double-quoted part: `\` escapes `$`, backquote, `"`, `\` and newline; `$(...)` is a substitution. */
  private doubleQuoted(): string {
    const s = this.text;
    let value = '';
    this.pos++;
    while (this.pos < s.length && s[this.pos] !== '"') {
      const c = s[this.pos];
      if (c === '\\' && '$`"\\\n'.includes(s[this.pos + 1] ?? '')) {
        if (s[this.pos + 1] === '\n') this.line++;
        else value += s[this.pos + 1];
        this.pos += 2;
      } else if (c === '$' && s[this.pos + 1] === '(') value += this.substitution();
      else {
        if (c === '\n') this.line++;
        value += c;
        this.pos++;
      }
    }
    this.pos++;
    return value;
  }

  /** `$(...)`, `<(...)` or `>(...)`: its inner text is read as commands too; the word keeps it as written. */
  private substitution(): string {
    const s = this.text;
    const start = this.pos;
    const line = this.line;
    let depth = 0;
    let quote: string | undefined;
    for (this.pos += 1; this.pos < s.length; this.pos++) {
      const c = s[this.pos];
      if (quote) {
        if (c === quote) quote = undefined;
        else if (c === '\\' && quote === '"') this.pos++;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '\\') this.pos++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    const inner = s.slice(start + 2, this.pos);
    this.countLines(start, this.pos);
    this.pos++;
    this.onSubstitution(inner, line);
    return s.slice(start, this.pos);
  }

  private countLines(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.text[i] === '\n') this.line++;
  }
}

/** The value of option `--name` of a command, if given. */
export function optionValue(cmd: CliCommand, name: string): string | undefined {
  return cmd.options.find((o) => o.name === name)?.value;
}

/** Output keys a `--query` selects by `OutputKey=='X'` (either quote style). */
export function queriedOutputKeys(cmd: CliCommand): string[] {
  const query = optionValue(cmd, 'query') ?? '';
  return [...query.matchAll(/OutputKey\s*==\s*(?:'([^']*)'|`([^`]*)`)/g)].map((m) => m[1] ?? m[2]);
}

/**
 * The CLI's name of an API name, as botocore's `xform_name` derives it: `DBClusterIdentifier` →
 * `db-cluster-identifier`, `StartRestoreJob` → `start-restore-job`, `ListWebACLs` → `list-web-acls`.
 */
export function cliName(name: string, sep = '-'): string {
  let n = name;
  const plural = /[A-Z]{2,}s$/.exec(n);
  if (plural) n = `${n.slice(0, -plural[0].length)}${sep}${plural[0].toLowerCase()}`;
  return n
    .replace(/(.)([A-Z][a-z]+)/g, `$1${sep}$2`)
    .replace(/([a-z0-9])([A-Z])/g, `$1${sep}$2`)
    .toLowerCase();
}

/**
 * The part of a stack output's key that names a domain (OPS-1): `example.com` → `ExampleCom`, `my-shop.co.uk` →
 * `MyShopCoUk`. Output keys admit letters and digits only.
 */
export function domainOutputSuffix(domain: string): string {
  return domain
    .split(/[.-]/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
