/** Collects config problems as `path: problem (got X). Fix: how`, and warnings that do not refuse the config. */
export class Problems {
  readonly list: string[] = [];
  readonly warnings: string[] = [];
  add(path: string, got: unknown, problem: string, fix: string): void {
    this.list.push(`${path}: ${problem} (got ${show(got)}). Fix: ${fix}`);
  }
  /** A value that is allowed but probably not what the operator meant (an unused waiver, say). */
  warn(path: string, got: unknown, note: string): void {
    this.warnings.push(`${path}: ${note} (got ${show(got)})`);
  }
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
