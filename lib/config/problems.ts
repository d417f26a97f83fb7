/** Collects config problems as `path: problem (got X). Fix: how`. */
export class Problems {
  readonly list: string[] = [];
  add(path: string, got: unknown, problem: string, fix: string): void {
    this.list.push(`${path}: ${problem} (got ${show(got)}). Fix: ${fix}`);
  }
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
