// Typed reading of template JSON: a property value is `unknown` until a guard says what it is.
// Reading never throws: a missing or differently shaped value reads as undefined (or an empty list),
// which the checkers then report as what is missing.

/** A JSON object (or array) whose members are read by name. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** True for objects and arrays (which index by position). */
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null;

/** A value that may be one item or a list, as a list (`undefined` and `null` are the empty list). */
export const asArray = <T>(v: T | readonly T[] | undefined | null): T[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? [...v] : [v as T];

/** Member `key` of an object (an array index as a string), or undefined. */
export const field = (v: unknown, key: string): unknown => (isObject(v) ? v[key] : undefined);

/** Reads `A.B.C` (list positions as numbers: `Statement.0.Action`) from a value. */
export function getPath(v: unknown, path: string): unknown {
  let cur = v;
  for (const part of path.split('.')) {
    if (cur === undefined || cur === null) return undefined;
    cur = field(cur, part);
  }
  return cur;
}

/** The value if it is a string. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The value if it is a number. */
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The value as an object, or an empty one. */
export const obj = (v: unknown): JsonObject => (isObject(v) ? v : {});
