// Which stages `npm run compliance` reads and where it writes their documents. Without arguments (and in
// `npm test`, through `compliance:check`): the committed example stages only, into docs/; with
// `-c config=PATH`: that one stage (an operator's own), into a folder of the operator's choice (`--out DIR`),
// so an own stage file in config/ never fails `npm test` and never touches the published example documents.
import * as path from 'node:path';

/** The committed example stages, whose documents are published in docs/ and checked by `npm test`. */
export const EXAMPLE_STAGES: readonly string[] = ['config/example.json', 'config/example-internal.json'];

/** The example stage that docs/security.md, docs/architecture.md and the README's diagram describe. */
export const PUBLISHED_EXAMPLE = 'config/example.json';

/** Default folder of an own stage's documents, under `out/` (gitignored). */
export const defaultOutDir = (stageName: string): string => path.join('out', stageName);

/** What `npm run compliance` was asked for. */
export interface ComplianceArgs {
  /** Compare with the files on disk and write nothing (`--check`). */
  readonly check: boolean;
  /** An own stage file (`-c config=PATH`), or undefined for the examples. */
  readonly config?: string;
  /** Where an own stage's documents go (`--out DIR`); default `out/<stage>/`. */
  readonly out?: string;
}

/**
 * Reads the command line as `npm run compliance -- [-c config=PATH] [--out DIR] [--check]`, with the spellings the CDK
 * CLI accepts (`--context config=PATH`, `-c=config=PATH`, `--out=DIR`). Throws on anything else.
 */
export function parseComplianceArgs(argv: readonly string[]): ComplianceArgs {
  let check = false;
  let config: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const inline = /^(-c|--context|--out)=(.*)$/.exec(a);
    const flag = inline ? inline[1] : a;
    const value = () => {
      if (inline) return inline[2];
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (flag === '--check') check = true;
    else if (flag === '-c' || flag === '--context') {
      const v = value();
      const m = /^config=(.+)$/.exec(v);
      if (!m) throw new Error(`${flag} ${v}: only the config context is read, as -c config=PATH`);
      config = m[1];
    } else if (flag === '--out') out = value();
    else
      throw new Error(
        `unknown argument ${a}. Usage: npm run compliance [-- -c config=PATH [--out DIR]] (--check: compare, write nothing)`,
      );
  }
  if (out !== undefined && config === undefined)
    throw new Error('--out is for an own stage: give its file with -c config=PATH (the examples write to docs/)');
  return { check, config, out };
}

/** The files written for one own stage into `dir`: its report (Markdown, JSON), its security page, its diagram. */
export function ownStageFiles(dir: string, stageName: string) {
  return {
    reportMd: path.join(dir, 'compliance', `${stageName}.md`),
    reportJson: path.join(dir, 'compliance', `${stageName}.json`),
    securityPage: path.join(dir, 'security.md'),
    architecture: path.join(dir, 'architecture.md'),
  };
}
