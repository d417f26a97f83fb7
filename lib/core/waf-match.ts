/**
 * An emulator of AWS WAF's byte match (string match) statement and of the aggregation key of its
 * rate-based statement, so tests and the EDGE-10 check can prove what a synthesized web ACL counts
 * without an AWS account (WAF has no offline or dry-run evaluation). Statements are read as the
 * template writes them (CloudFormation casing: `ByteMatchStatement`, `TextTransformations`...).
 *
 * Semantics, from the AWS WAF documentation:
 * - text transformations apply to the inspected request component, never to `SearchString`, "from lowest
 *   priority to highest, before inspecting the transformed content" (API reference, `TextTransformation`);
 * - each transformation does what "Text transformation options" (developer guide) and the API reference's
 *   `TextTransformation` say, quoted beside its code below; where the text is silent the choice is named
 *   there (the descriptions are those of ModSecurity's transformations of the same names, whose behaviour
 *   is then followed);
 * - `PositionalConstraint` as the API reference's `ByteMatchStatement` defines it; the comparison is
 *   byte for byte, so case-sensitive;
 * - `UriPath` is the path of the request target, without its query string (`QueryString` is "the part of a
 *   URL that appears after a `?` character"); a component the request lacks never matches.
 *
 * Strings are handled as bytes (one character per byte, 0-255): the request target is UTF-8 encoded
 * first, and a decoded `%XX` is one byte, as WAF inspects bytes.
 *
 * Deliberately unsupported (throws, so a test or a check can never pass by accident): any transformation,
 * field or statement not listed in this file.
 */

/** A text transformation as the template writes it. */
export interface TextTransformation {
  readonly Priority: number;
  readonly Type: string;
}

/** A web request as WAF sees it. */
export interface WafRequest {
  /** The request target as sent: path and optional query string, e.g. `/login?next=%2F`. */
  readonly target: string;
  /** Header values by name (any case). */
  readonly headers?: Readonly<Record<string, string>>;
  /** HTTP method. @default 'GET' */
  readonly method?: string;
  /** Source address of the connection WAF receives the request on. */
  readonly sourceIp?: string;
}

type Json = Readonly<Record<string, unknown>>;

/** Bytes of a text, one character per byte. */
export function bytesOf(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

/** The text whose UTF-8 encoding is `bytes` (one character per byte); throws when they are not valid UTF-8. */
export function textOf(bytes: string): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes, (c) => c.charCodeAt(0)));
}

const hexByte = (hex: string): string => String.fromCharCode(Number.parseInt(hex, 16));

/**
 * One transformation, by its API name. Every entry quotes the AWS WAF API reference (`TextTransformation`).
 */
const TRANSFORMATIONS: Readonly<Record<string, (s: string) => string>> = {
  // "Specify NONE if you don't want any text transformations."
  NONE: (s) => s,
  // "Convert uppercase letters (A-Z) to lowercase (a-z)." Only those 26 letters.
  LOWERCASE: (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase()),
  // "Decode a URL-encoded value." One pass; an invalid or truncated `%` escape is left as it is; `+` becomes a
  // space (URL-encoded form data; ModSecurity's urlDecode does the same).
  URL_DECODE: urlDecode,
  // "Like URL_DECODE, but with support for Microsoft-specific %u encoding. If the code is in the full-width
  // ASCII code range of FF01-FF5E, the higher byte is used to detect and adjust the lower byte. Otherwise, only
  // the lower byte is used and the higher byte is zeroed."
  URL_DECODE_UNI: (s) =>
    s.replace(/%u([0-9a-fA-F]{4})|%([0-9a-fA-F]{2})|\+/g, (_, uni?: string, hex?: string) => {
      if (hex) return hexByte(hex);
      if (!uni) return ' ';
      const code = Number.parseInt(uni, 16);
      const low = code & 0xff;
      return String.fromCharCode(code >= 0xff01 && code <= 0xff5e ? low + 0x20 : low);
    }),
  // "Remove multiple slashes, directory self-references, and directory back-references that are not at the
  // beginning of the input from an input string."
  NORMALIZE_PATH: normalizePath,
  // "This is the same as NORMALIZE_PATH, but first converts backslash characters to forward slashes."
  NORMALIZE_PATH_WIN: (s) => normalizePath(s.replace(/\\/g, '/')),
  // "Replace these characters with a space character (decimal 32): \f, \t, \n, \r, \v, non-breaking space
  // (decimal 160). COMPRESS_WHITE_SPACE also replaces multiple spaces with one space."
  COMPRESS_WHITE_SPACE: (s) => s.replace(/[\f\t\n\r\v\u00a0]/g, ' ').replace(/ {2,}/g, ' '),
  // "Remove all NULL bytes from the input."
  REMOVE_NULLS: (s) => s.replace(/\0/g, ''),
  // "Replace NULL bytes in the input with space characters (ASCII 0x20)."
  REPLACE_NULLS: (s) => s.replace(/\0/g, ' '),
  // "Decode SQL hex data. Example (0x414243) will be decoded to (ABC)." Whole byte pairs only; an odd last digit
  // stays as it is.
  SQL_HEX_DECODE: (s) => s.replace(/0x((?:[0-9a-fA-F]{2})+)/g, (_, hex: string) => hex.replace(/../g, hexByte)),
};

function urlDecode(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})|\+/g, (_, hex?: string) => (hex ? hexByte(hex) : ' '));
}

/**
 * NORMALIZE_PATH, segment by segment: empty segments (`//`) and `.` are dropped, `..` removes the segment
 * before it. A `..` with nothing before it is "at the beginning of the input": kept in a relative path; an
 * absolute path cannot go above `/`, so there it is dropped. A trailing slash stays only if the input had one.
 */
function normalizePath(input: string): string {
  if (!input) return input;
  const absolute = input.startsWith('/');
  const out: string[] = [];
  for (const segment of input.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') out.push(segment);
    else if (out.length && out[out.length - 1] !== '..') out.pop();
    else if (!absolute) out.push(segment);
  }
  const body = out.join('/');
  const trailing = input.endsWith('/') && body ? '/' : '';
  return (absolute ? '/' : '') + body + trailing;
}

/** The text transformation types this emulator knows. */
export const EMULATED_TRANSFORMATIONS: readonly string[] = Object.keys(TRANSFORMATIONS);

/** `input` after one transformation. Throws on a type not emulated here. */
export function transform(type: string, input: string): string {
  const f = TRANSFORMATIONS[type];
  if (!f) throw new Error(`text transformation ${type} is not emulated (lib/core/waf-match.ts)`);
  return f(input);
}

/** `input` after every transformation, lowest priority first, as WAF applies them. */
export function applyTransformations(list: readonly TextTransformation[], input: string): string {
  const priorities = new Set(list.map((t) => t.Priority));
  if (priorities.size !== list.length) throw new Error('text transformation priorities must all be different');
  return [...list].sort((a, b) => a.Priority - b.Priority).reduce((s, t) => transform(t.Type, s), input);
}

/** The value of the request component `FieldToMatch` names, as bytes; undefined when the request lacks it. */
export function fieldValue(fieldToMatch: Json, request: WafRequest): string | undefined {
  const target = bytesOf(request.target);
  const q = target.indexOf('?');
  const keys = Object.keys(fieldToMatch);
  if (keys.length !== 1) throw new Error(`FieldToMatch names one component, got ${JSON.stringify(fieldToMatch)}`);
  switch (keys[0]) {
    case 'UriPath':
      return q < 0 ? target : target.slice(0, q);
    case 'QueryString':
      return q < 0 ? undefined : target.slice(q + 1);
    case 'Method':
      return bytesOf(request.method ?? 'GET');
    case 'SingleHeader': {
      const name = String((fieldToMatch.SingleHeader as Json).Name).toLowerCase();
      const found = Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === name);
      return found ? bytesOf(found[1]) : undefined;
    }
    default:
      throw new Error(`FieldToMatch ${keys[0]} is not emulated (lib/core/waf-match.ts)`);
  }
}

const WORD = /[A-Za-z0-9_]/;

/** Whether `value` (already transformed) satisfies the positional constraint with `search`. */
export function positionMatches(constraint: string, value: string, search: string): boolean {
  switch (constraint) {
    case 'EXACTLY':
      return value === search;
    case 'STARTS_WITH':
      return value.startsWith(search);
    case 'ENDS_WITH':
      return value.endsWith(search);
    case 'CONTAINS':
      return value.includes(search);
    case 'CONTAINS_WORD': {
      // "SearchString must contain only alphanumeric characters or underscore", and be a word: at the start or
      // after a character other than those, and at the end or before one.
      if (!/^[A-Za-z0-9_]+$/.test(search)) throw new Error(`CONTAINS_WORD needs a word, got ${search}`);
      for (let i = value.indexOf(search); i >= 0; i = value.indexOf(search, i + 1)) {
        const before = i === 0 || !WORD.test(value[i - 1]);
        const end = i + search.length;
        if (before && (end === value.length || !WORD.test(value[end]))) return true;
      }
      return false;
    }
    default:
      throw new Error(`positional constraint ${constraint} is not known`);
  }
}

/** The bytes a byte match statement searches for (`SearchString`, or `SearchStringBase64` decoded). */
export function searchBytes(statement: Json): string {
  if (typeof statement.SearchString === 'string') return bytesOf(statement.SearchString);
  if (typeof statement.SearchStringBase64 === 'string')
    return Buffer.from(statement.SearchStringBase64, 'base64').toString('latin1');
  throw new Error('a byte match statement needs SearchString or SearchStringBase64');
}

/** Whether a `ByteMatchStatement` (its body, as in the template) matches the request. */
export function byteMatches(statement: Json, request: WafRequest): boolean {
  const value = fieldValue(statement.FieldToMatch as Json, request);
  if (value === undefined) return false;
  const transformed = applyTransformations((statement.TextTransformations ?? []) as TextTransformation[], value);
  return positionMatches(String(statement.PositionalConstraint), transformed, searchBytes(statement));
}

/** Whether a rule statement (`{ ByteMatchStatement }`, `{ OrStatement }`, `{ AndStatement }`, `{ NotStatement }`) matches. */
export function statementMatches(statement: Json, request: WafRequest): boolean {
  const keys = Object.keys(statement);
  if (keys.length !== 1) throw new Error(`a statement has one type, got ${JSON.stringify(keys)}`);
  const body = statement[keys[0]] as Json;
  const inner = () => (body.Statements ?? []) as Json[];
  switch (keys[0]) {
    case 'ByteMatchStatement':
      return byteMatches(body, request);
    case 'OrStatement':
      return inner().some((s) => statementMatches(s, request));
    case 'AndStatement':
      return inner().every((s) => statementMatches(s, request));
    case 'NotStatement':
      return !statementMatches(body.Statement as Json, request);
    default:
      throw new Error(`${keys[0]} is not emulated (lib/core/waf-match.ts)`);
  }
}

/**
 * The spellings of `path` that reach the same page on a typical application, and that a path scope-down must
 * count as `path` (EDGE-10): upper case, a doubled leading slash, its first letter percent-encoded, a trailing
 * slash, a query string (not part of the URI path WAF inspects).
 */
export function pathVariants(path: string): string[] {
  const i = path.search(/[A-Za-z0-9]/);
  const encoded =
    i < 0 ? path : `${path.slice(0, i)}%${path.charCodeAt(i).toString(16).toUpperCase()}${path.slice(i + 1)}`;
  return [path.toUpperCase(), `/${path}`, encoded, `${path}/`, `${path}?x`];
}

/**
 * The key a rate-based statement counts a request under, as `AggregateKeyType` and `ForwardedIPConfig` say
 * (API reference, `RateBasedStatement`): `IP` the connection's source address; `FORWARDED_IP` "the first IP
 * address in an HTTP header" (undefined when the header is missing: the rule does not apply; an invalid first
 * entry is the fallback, named as such); `CONSTANT` one key for all. Custom keys are not emulated (throws).
 */
export function rateAggregationKey(rate: Json, request: WafRequest): string | undefined {
  switch (rate.AggregateKeyType) {
    case 'IP':
      return request.sourceIp;
    case 'CONSTANT':
      return '*';
    case 'FORWARDED_IP': {
      const name = String((rate.ForwardedIPConfig as Json | undefined)?.HeaderName ?? '').toLowerCase();
      const header = Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
      if (header === undefined) return undefined;
      const first = header.split(',')[0].trim();
      return /^[0-9a-fA-F.:]+$/.test(first)
        ? first
        : `(fallback ${String((rate.ForwardedIPConfig as Json).FallbackBehavior)})`;
    }
    default:
      throw new Error(`aggregate key type ${String(rate.AggregateKeyType)} is not emulated (lib/core/waf-match.ts)`);
  }
}
