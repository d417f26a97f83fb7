import { Problems } from '../../lib/config/problems';
import { checkEdge } from '../../lib/config/sections/edge-checks';
import { problemsOf, testConfig } from '../config-helpers';

/** Problems of the edge cross-field rules alone, on a valid config whose edge section is overridden. */
function edgeProblems(edge: Record<string, unknown>, overrides: Record<string, unknown> = {}): string[] {
  const c = { ...testConfig(), ...overrides };
  const p = new Problems();
  checkEdge({ ...c, edge: { ...c.edge, ...edge } }, p);
  return p.list;
}

describe('PROOF-3 edge defaults', () => {
  test('defaults fill the edge section', () => {
    const e = testConfig().edge;
    expect(e).toMatchObject({
      loginPath: '/login',
      loginPayloadType: 'FORM_ENCODED',
      loginUsernameField: 'username',
      loginPasswordField: 'password',
      loginSuccessStatusCodes: [302, 303],
      loginFailureStatusCodes: [401, 403],
      xssProtection: '0',
      expectCtMaxAge: 0,
      originSubdomain: 'origin',
      cachedPathPatterns: ['/assets/*'],
    });
    expect(e.caaIodefEmail).toBeUndefined();
  });

  test('the example configs pass the edge cross-field rules', () => {
    expect(edgeProblems({})).toEqual([]);
    const p = new Problems();
    checkEdge(testConfig({}, 'example-internal.json'), p);
    expect(p.list).toEqual([]);
  });
});

// [case, mutation, field path the message must name, words the message must contain]
const BAD: Array<[string, (c: Record<string, any>) => void, string, RegExp]> = [
  [
    'CSP with unsafe-inline',
    (c) =>
      (c.edge = {
        contentSecurityPolicy: "default-src 'self' 'unsafe-inline'; frame-ancestors 'none'; object-src 'none'",
      }),
    'edge.contentSecurityPolicy',
    /unsafe-inline/,
  ],
  [
    'CSP without object-src none',
    (c) => (c.edge = { contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'" }),
    'edge.contentSecurityPolicy',
    /object-src 'none'/,
  ],
  ['unknown X-XSS-Protection value', (c) => (c.edge = { xssProtection: '1' }), 'edge.xssProtection', /"0"/],
  [
    'SameSite=None switch not a boolean',
    (c) => (c.edge = { allowSameSiteNone: 'yes' }),
    'edge.allowSameSiteNone',
    /boolean/,
  ],
  [
    'unknown login payload type',
    (c) => (c.edge = { loginPayloadType: 'XML' }),
    'edge.loginPayloadType',
    /FORM_ENCODED/,
  ],
  [
    'status code out of range',
    (c) => (c.edge = { loginFailureStatusCodes: [99] }),
    'edge.loginFailureStatusCodes[0]',
    /100|>=/,
  ],
  ['empty failure code list', (c) => (c.edge = { loginFailureStatusCodes: [] }), 'edge.loginFailureStatusCodes', /1/],
  [
    'malformed iodef email',
    (c) => (c.edge = { caaIodefEmail: 'caa-at-example.com' }),
    'edge.caaIodefEmail',
    /not an email address/,
  ],
  [
    'cached pattern without a leading slash',
    (c) => (c.edge = { cachedPathPatterns: ['assets/*'] }),
    'edge.cachedPathPatterns[0]',
    /path pattern/,
  ],
  [
    'login path with a query string',
    (c) => (c.edge = { loginPath: '/login?next=/' }),
    'edge.loginPath',
    /absolute URL path/,
  ],
  [
    'origin subdomain with a dot',
    (c) => (c.edge = { originSubdomain: 'a.b' }),
    'edge.originSubdomain',
    /one DNS label/,
  ],
];

describe('PROOF-3 bad edge config is refused with the field named', () => {
  test.each(BAD)('%s', (_name, mutate, field, words) => {
    const problems = problemsOf(mutate);
    const line = problems.find((p) => p.startsWith(`${field}: `));
    expect(line ?? problems).toEqual(expect.stringMatching(words));
    expect(line).toMatch(/Fix: /);
  });
});

// [case, edge override, field path, words]
const BAD_CROSS: Array<[string, Record<string, unknown>, string, RegExp]> = [
  [
    'JSON login with form field names',
    { loginPayloadType: 'JSON' },
    'edge.loginUsernameField',
    /not a JSON pointer.*Fix: write it as "\/username"/,
  ],
  [
    'form login with a JSON pointer',
    { loginPasswordField: '/password' },
    'edge.loginPasswordField',
    /JSON pointer, but the login form is FORM_ENCODED/,
  ],
  ['same username and password field', { loginPasswordField: 'username' }, 'edge.loginPasswordField', /same field/],
  [
    'a status code both success and failure',
    { loginSuccessStatusCodes: [200, 302], loginFailureStatusCodes: [200, 401] },
    'edge.loginFailureStatusCodes',
    /200.*cannot tell/,
  ],
  ['rate limit on the whole site', { passwordResetPaths: ['/'] }, 'edge.loginPath', /whole site/],
  ['caching the whole app', { cachedPathPatterns: ['/*'] }, 'edge.cachedPathPatterns[0]', /whole application/],
  ['duplicate cached pattern', { cachedPathPatterns: ['/a/*', '/a/*'] }, 'edge.cachedPathPatterns[1]', /listed twice/],
];

describe('PROOF-3 edge cross-field rules (checkEdge)', () => {
  test.each(BAD_CROSS)('%s', (_name, edge, field, words) => {
    const problems = edgeProblems(edge);
    const line = problems.find((p) => p.startsWith(`${field}: `));
    expect(line ?? problems).toEqual(expect.stringMatching(words));
    expect(line).toMatch(/Fix: /);
  });

  test('an origin name equal to a served domain is refused', () => {
    const problems = edgeProblems({}, { domains: [{ name: 'example.com' }, { name: 'origin.example.com' }] });
    expect(problems.find((p) => p.startsWith('edge.originSubdomain: '))).toMatch(/equal to a served domain/);
  });
});
