// The WAF byte match emulator (lib/core/waf-match.ts) against the behaviour AWS documents: each fixture
// is an example or a rule of the AWS WAF developer guide ("Text transformation options") or API reference
// (`TextTransformation`, `ByteMatchStatement`, `UriPath`, `QueryString`, `RateBasedStatement`).
import {
  applyTransformations,
  byteMatches,
  bytesOf,
  EMULATED_TRANSFORMATIONS,
  fieldValue,
  pathVariants,
  positionMatches,
  rateAggregationKey,
  statementMatches,
  textOf,
  transform,
} from '../../lib/core/waf-match';

describe('EDGE-10 text transformations, as documented', () => {
  test.each([
    // "Convert uppercase letters (A-Z) to lowercase (a-z)."
    ['LOWERCASE', '/LOGIN/Reset', '/login/reset'],
    ['LOWERCASE', bytesOf('/ÉTÉ'), bytesOf('/ÉtÉ')], // only A-Z: the bytes of É are left as they are
    // "Decode a URL-encoded value."
    ['URL_DECODE', '/%6Cogin', '/login'],
    ['URL_DECODE', '/%2e%2E/%2Flogin', '/..//login'],
    ['URL_DECODE', '/a%zz%4', '/a%zz%4'], // invalid and truncated escapes stay
    ['URL_DECODE', '/%256C', '/%6C'], // one pass: double encoding is decoded once
    ['URL_DECODE', 'a+b', 'a b'],
    // "Like URL_DECODE, but with support for Microsoft-specific %u encoding. If the code is in the full-width
    // ASCII code range of FF01-FF5E, the higher byte is used to detect and adjust the lower byte. Otherwise,
    // only the lower byte is used and the higher byte is zeroed."
    ['URL_DECODE_UNI', '/%uFF4Cogin', '/login'],
    ['URL_DECODE_UNI', '/%u1241%6C', '/Al'],
    // "Remove multiple slashes, directory self-references, and directory back-references that are not at the
    // beginning of the input from an input string."
    ['NORMALIZE_PATH', '//a///b', '/a/b'],
    ['NORMALIZE_PATH', '/a/./b/.', '/a/b'],
    ['NORMALIZE_PATH', '/a/x/../b', '/a/b'],
    ['NORMALIZE_PATH', '../a/b', '../a/b'],
    ['NORMALIZE_PATH', '/login/', '/login/'],
    ['NORMALIZE_PATH', '\\login', '\\login'],
    // "This is the same as NORMALIZE_PATH, but first converts backslash characters to forward slashes."
    ['NORMALIZE_PATH_WIN', '\\a\\x\\..\\\\b', '/a/b'],
    // "Replace these characters with a space character (decimal 32): \f, \t, \n, \r, \v, non-breaking space
    // (decimal 160). COMPRESS_WHITE_SPACE also replaces multiple spaces with one space."
    ['COMPRESS_WHITE_SPACE', 'a\f\t\n\r\vb  \u00a0c', 'a b c'],
    // "Remove all NULL bytes from the input." / "Replace NULL bytes in the input with space characters."
    ['REMOVE_NULLS', 'a\0b\0', 'ab'],
    ['REPLACE_NULLS', 'a\0b', 'a b'],
    // "Decode SQL hex data. Example (0x414243) will be decoded to (ABC)."
    ['SQL_HEX_DECODE', '0x414243', 'ABC'],
    ['NONE', '/%4C', '/%4C'],
  ])('%s: %j becomes %j', (type, input, output) => {
    expect(transform(type, input)).toBe(output);
  });

  test('a transformation this emulator does not know is refused, never skipped', () => {
    expect(() => transform('CMD_LINE', 'x')).toThrow(/CMD_LINE is not emulated/);
    expect(EMULATED_TRANSFORMATIONS).toEqual(
      expect.arrayContaining(['URL_DECODE', 'NORMALIZE_PATH', 'NORMALIZE_PATH_WIN', 'LOWERCASE']),
    );
  });

  test('"from lowest priority to highest": the priority orders them, not the list', () => {
    const decodeFirst = [
      { Priority: 1, Type: 'LOWERCASE' },
      { Priority: 0, Type: 'URL_DECODE' },
    ];
    expect(applyTransformations(decodeFirst, '/%4Cogin')).toBe('/login');
    const lowercaseFirst = decodeFirst.map((t) => ({ ...t, Priority: 1 - t.Priority }));
    expect(applyTransformations(lowercaseFirst, '/%4Cogin')).toBe('/Login');
    expect(() => applyTransformations([decodeFirst[0], { ...decodeFirst[1], Priority: 1 }], 'x')).toThrow(/priorities/);
  });
});

describe('EDGE-10 positional constraints and request components', () => {
  test.each([
    // CONTAINS_WORD: "SearchString is at the beginning ... or is preceded by a character other than an
    // alphanumeric character or underscore (_). Examples include the value of a header and ;BadBot." and "at the
    // end ... or is followed by [such] a character, for example, BadBot; and -BadBot;"
    ['CONTAINS_WORD', 'BadBot', 'BadBot', true],
    ['CONTAINS_WORD', ';BadBot', 'BadBot', true],
    ['CONTAINS_WORD', 'BadBot;', 'BadBot', true],
    ['CONTAINS_WORD', '-BadBot;', 'BadBot', true],
    ['CONTAINS_WORD', 'BadBots', 'BadBot', false],
    ['CONTAINS_WORD', 'a_BadBot', 'BadBot', false],
    ['CONTAINS', 'xBadBotx', 'BadBot', true],
    ['EXACTLY', '/login', '/login', true],
    ['EXACTLY', '/login/', '/login', false],
    ['STARTS_WITH', '/login/', '/login', true],
    ['STARTS_WITH', '/Login', '/login', false], // byte for byte: case-sensitive
    ['ENDS_WITH', '/api/login', '/login', true],
  ])('%s: %j against %j is %s', (constraint, value, search, expected) => {
    expect(positionMatches(constraint, value, search)).toBe(expected);
  });

  test('the URI path stops at the query string; the query string is what follows "?"', () => {
    const r = { target: '/login?next=/x' };
    expect(fieldValue({ UriPath: {} }, r)).toBe('/login');
    expect(fieldValue({ QueryString: {} }, r)).toBe('next=/x');
    expect(fieldValue({ QueryString: {} }, { target: '/login' })).toBeUndefined();
    expect(
      fieldValue({ SingleHeader: { Name: 'x-forwarded-for' } }, { target: '/', headers: { 'X-Forwarded-For': '1' } }),
    ).toBe('1');
    expect(() => fieldValue({ Body: {} }, r)).toThrow(/Body is not emulated/);
  });

  test('a component the request lacks never matches', () => {
    const s = { SearchString: 'x', FieldToMatch: { QueryString: {} }, PositionalConstraint: 'CONTAINS' };
    expect(byteMatches(s, { target: '/login' })).toBe(false);
    expect(byteMatches(s, { target: '/login?x' })).toBe(true);
  });

  test('SearchStringBase64 is decoded; SearchString is never transformed', () => {
    const base = { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'EXACTLY' };
    const lower = [{ Priority: 0, Type: 'LOWERCASE' }];
    expect(
      byteMatches({ ...base, SearchStringBase64: 'L2xvZ2lu', TextTransformations: lower }, { target: '/LOGIN' }),
    ).toBe(true);
    expect(byteMatches({ ...base, SearchString: '/LOGIN', TextTransformations: lower }, { target: '/LOGIN' })).toBe(
      false,
    );
  });

  test('Or, And and Not combine; any other statement is refused', () => {
    const path = (p: string) => ({
      ByteMatchStatement: { SearchString: p, FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH' },
    });
    const r = { target: '/b' };
    expect(statementMatches({ OrStatement: { Statements: [path('/a'), path('/b')] } }, r)).toBe(true);
    expect(statementMatches({ AndStatement: { Statements: [path('/a'), path('/b')] } }, r)).toBe(false);
    expect(statementMatches({ NotStatement: { Statement: path('/a') } }, r)).toBe(true);
    expect(() => statementMatches({ SqliMatchStatement: {} }, r)).toThrow(/not emulated/);
  });

  test('bytes and text convert both ways; bytes that are not UTF-8 are refused', () => {
    expect(bytesOf('/é')).toBe('/\u00c3\u00a9');
    expect(textOf(transform('URL_DECODE', '/caf%C3%A9'))).toBe('/café');
    expect(() => textOf('\u00ff')).toThrow();
  });
});

describe('EDGE-10 the spellings a login path scope-down must count', () => {
  test('the five of the issue, for /login', () => {
    expect(pathVariants('/login')).toEqual(['/LOGIN', '//login', '/%6Cogin', '/login/', '/login?x']);
  });
  test('the first letter or digit is the one encoded', () => {
    expect(pathVariants('/-/x')[2]).toBe('/-/%78');
  });
});

describe('EDGE-10 rate-based aggregation keys', () => {
  // CloudFront appends the address it sees to the X-Forwarded-For the client sent: the first entry is the client's.
  const forged = {
    target: '/login',
    sourceIp: '198.51.100.66',
    headers: { 'X-Forwarded-For': '203.0.113.7, 198.51.100.66' },
  };
  const club = { target: '/login', sourceIp: '203.0.113.7', headers: { 'X-Forwarded-For': '203.0.113.7' } };

  test('FORWARDED_IP keys on the first address of the header, which the client writes', () => {
    const rate = {
      AggregateKeyType: 'FORWARDED_IP',
      ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' },
    };
    expect(rateAggregationKey(rate, forged)).toBe(rateAggregationKey(rate, club));
    expect(rateAggregationKey(rate, { target: '/' })).toBeUndefined();
    expect(rateAggregationKey(rate, { target: '/', headers: { 'x-forwarded-for': 'nope' } })).toBe('(fallback MATCH)');
  });

  test('IP keys on the connection address: a forged header changes nothing', () => {
    const rate = { AggregateKeyType: 'IP' };
    expect(rateAggregationKey(rate, forged)).toBe('198.51.100.66');
    expect(rateAggregationKey(rate, forged)).not.toBe(rateAggregationKey(rate, club));
  });

  test('CONSTANT is one key for all; custom keys are refused', () => {
    expect(rateAggregationKey({ AggregateKeyType: 'CONSTANT' }, forged)).toBe('*');
    expect(() => rateAggregationKey({ AggregateKeyType: 'CUSTOM_KEYS' }, forged)).toThrow(/not emulated/);
  });
});
