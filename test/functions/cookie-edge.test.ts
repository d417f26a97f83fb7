// EDGE-7: the Lambda@Edge origin-response handler, run as CloudFormation deploys it (the inline index.js with the
// stage's settings baked in) on origin-response events shaped as the CloudFront developer guide documents them
// ("Lambda@Edge event structure": every Set-Cookie is its own { key, value } entry of headers['set-cookie']).
import * as vm from 'node:vm';
import { type ResponseTrigger, responseTriggerCovers } from '../../lib/compliance/model/edge';
import { type CookieSettings, cookieEdgeCode } from '../../lib/constructs/edge/cookie-hardening';

interface Header {
  key?: string;
  value: string;
}
interface CfResponse {
  status: string;
  statusDescription: string;
  headers: Record<string, Header[]>;
}
interface Handler {
  handler: (event: unknown) => Promise<CfResponse>;
  hardenSetCookie: (value: string, settings: CookieSettings) => string;
}

/** Loads the deployed code as Lambda's Node.js runtime does (a CommonJS module), with nothing else in scope. */
function load(settings: CookieSettings = { allowSameSiteNone: false }): Handler {
  const module = { exports: {} as Handler };
  vm.runInNewContext(cookieEdgeCode(settings), { module, exports: module.exports });
  return module.exports;
}

const DESCRIPTIONS: Record<number, string> = {
  200: 'OK',
  302: 'Found',
  401: 'Unauthorized',
  403: 'Forbidden',
  500: 'Internal Server Error',
};

/** An origin-response event (Lambda@Edge event structure, "Origin response example"). */
function originResponse(status: number, setCookies: readonly string[]) {
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: 'd111111abcdef8.cloudfront.net',
            distributionId: 'EDFDVBD6EXAMPLE',
            eventType: 'origin-response',
            requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==',
          },
          request: {
            clientIp: '203.0.113.178',
            method: 'POST',
            uri: '/login',
            querystring: '',
            headers: { host: [{ key: 'Host', value: 'origin.example.com' }] },
          },
          response: {
            status: String(status),
            statusDescription: DESCRIPTIONS[status] ?? 'Status',
            headers: {
              'content-type': [{ key: 'Content-Type', value: 'text/html; charset=utf-8' }],
              ...(setCookies.length ? { 'set-cookie': setCookies.map((value) => ({ key: 'Set-Cookie', value })) } : {}),
            },
          },
        },
      },
    ],
  };
}

/** The Set-Cookie values of `cookies` after the handler, for a response of `status`. */
async function run(status: number, cookies: readonly string[], settings?: CookieSettings): Promise<string[]> {
  const out = await load(settings).handler(originResponse(status, cookies));
  return (out.headers['set-cookie'] ?? []).map((h) => h.value);
}

const harden = (value: string, settings: CookieSettings = { allowSameSiteNone: false }) =>
  load(settings).hardenSetCookie(value, settings);

/** Attribute names of a Set-Cookie value (after the name=value pair), lower-cased, in order. */
const names = (setCookie: string) =>
  setCookie
    .split(';')
    .slice(1)
    .map((a) => a.split('=')[0].trim().toLowerCase())
    .filter(Boolean);

/** The name=value pair of a Set-Cookie value, as sent. */
const pair = (setCookie: string) => setCookie.split(';')[0];

describe('EDGE-7 cookie hardening on origin response', () => {
  test('the deployed code is one CommonJS file: no require or import, settings on one line, under 4096 characters', () => {
    const code = cookieEdgeCode({ allowSameSiteNone: false });
    expect(code).not.toMatch(/\brequire\(|^\s*import\b/m);
    expect(code).toMatch(/^const SETTINGS = \{"allowSameSiteNone":false\};$/m);
    expect(cookieEdgeCode({ allowSameSiteNone: true })).toMatch(/^const SETTINGS = \{"allowSameSiteNone":true\};$/m);
    expect(code).not.toMatch(/console\./); // cookies never reach a log
    // CloudFormation documents a 4 MB zip for inline code; it refused more than 4096 characters until 2022.
    expect(code.length).toBeLessThanOrEqual(4096);
  });

  test.each([200, 302, 401, 403, 500])('status %i: every Set-Cookie header is hardened', async (status) => {
    const out = await run(status, ['session=abc; Path=/', 'csrf=xyz', 'pref=dark; Max-Age=31536000; Secure']);
    expect(out).toEqual([
      'session=abc; Path=/; Secure; HttpOnly; SameSite=Lax',
      'csrf=xyz; Secure; HttpOnly; SameSite=Lax',
      'pref=dark; Max-Age=31536000; Secure; HttpOnly; SameSite=Lax',
    ]);
  });

  test('the response is returned whole: status, description, other headers and header keys unchanged', async () => {
    const event = originResponse(401, ['session=abc']);
    const out = await load().handler(event);
    expect(out).toBe(event.Records[0].cf.response);
    expect(out.status).toBe('401');
    expect(out.statusDescription).toBe('Unauthorized');
    expect(out.headers['content-type']).toEqual([{ key: 'Content-Type', value: 'text/html; charset=utf-8' }]);
    expect(out.headers['set-cookie']).toEqual([
      { key: 'Set-Cookie', value: 'session=abc; Secure; HttpOnly; SameSite=Lax' },
    ]);
  });

  test('a response without Set-Cookie passes through untouched', async () => {
    const event = originResponse(500, []);
    const before = structuredClone(event.Records[0].cf.response);
    expect(await load().handler(event)).toEqual(before);
  });

  test('Expires dates keep their comma: one header stays one cookie, its date untouched', async () => {
    const expires = 'Expires=Wed, 21 Oct 2026 07:28:00 GMT';
    const out = await run(401, [`session=abc; ${expires}; Path=/`, `remember=1; ${expires}`]);
    expect(out).toEqual([
      `session=abc; ${expires}; Path=/; Secure; HttpOnly; SameSite=Lax`,
      `remember=1; ${expires}; Secure; HttpOnly; SameSite=Lax`,
    ]);
  });

  test('attributes are recognised whatever their case and spacing; existing ones are kept in order', () => {
    expect(harden('s=x;path=/;SECURE;  httponly ; samesite=strict')).toBe(
      's=x;path=/;SECURE;  httponly ; samesite=strict',
    );
    expect(harden('s=x; path=/; SeCuRe')).toBe('s=x; path=/; SeCuRe; HttpOnly; SameSite=Lax');
    expect(harden('s=x; Domain=example.com; HTTPONLY; SAMESITE=LAX')).toBe(
      's=x; Domain=example.com; HTTPONLY; SAMESITE=LAX; Secure',
    );
  });

  test('an already hardened cookie is left byte for byte unchanged', () => {
    for (const value of [
      'session=abc; Path=/; Secure; HttpOnly; SameSite=Strict',
      'session=abc; Secure; HttpOnly; SameSite=Lax; Partitioned',
      '__Host-session=abc; Path=/; Secure; HttpOnly; SameSite=Lax',
    ]) {
      expect(harden(value)).toBe(value);
    }
  });

  test('only the missing attributes are added, never twice', () => {
    expect(harden('s=x; Secure')).toBe('s=x; Secure; HttpOnly; SameSite=Lax');
    expect(harden('s=x; HttpOnly; Path=/')).toBe('s=x; HttpOnly; Path=/; Secure; SameSite=Lax');
    expect(harden('s=x; SameSite=Strict')).toBe('s=x; SameSite=Strict; Secure; HttpOnly');
  });

  test('an attribute value that merely contains a keyword does not count as that attribute', () => {
    expect(names(harden('s=x; Path=/secure/httponly/samesite'))).toEqual(['path', 'secure', 'httponly', 'samesite']);
  });

  test("the cookie's name and value are never changed, even when they look like attributes", () => {
    const values = ['Secure', 'a=b=c', ' spaced value ', 'SameSite=None', '%22quoted%22', ''];
    for (const v of values) {
      const sent = `weird=${v}; Path=/`;
      expect(pair(harden(sent))).toBe(pair(sent));
    }
    expect(pair(harden('__Host-s=SameSite=None; Domain=example.com'))).toBe('__Host-s=SameSite=None');
  });

  test('a trailing or doubled semicolon leaves no empty attribute', () => {
    expect(harden('s=x; Path=/;')).toBe('s=x; Path=/; Secure; HttpOnly; SameSite=Lax');
    expect(harden('s=x;; Secure; HttpOnly; SameSite=Lax')).toBe('s=x; Secure; HttpOnly; SameSite=Lax');
  });

  test('running twice changes nothing the second time (idempotent)', () => {
    const settings = [{ allowSameSiteNone: false }, { allowSameSiteNone: true }];
    const inputs = [
      'a=1',
      'b=2; samesite=none',
      'c=3; SameSite=; SameSite=',
      '__Host-d=4; Domain=example.com; Path=/app',
      `e=5; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0`,
    ];
    for (const s of settings) {
      for (const input of inputs) {
        const once = harden(input, s);
        expect(harden(once, s)).toBe(once);
        const n = names(once);
        expect(n.length).toBe(new Set(n).size);
      }
    }
  });

  describe('SameSite', () => {
    test('None is rewritten to Lax by default (edge.allowSameSiteNone false)', async () => {
      expect(await run(200, ['t=1; SameSite=None; Secure', 'u=2; samesite=NONE'])).toEqual([
        't=1; Secure; HttpOnly; SameSite=Lax',
        'u=2; Secure; HttpOnly; SameSite=Lax',
      ]);
    });

    test('None is kept when the stage allows it, and Secure is then enforced', async () => {
      const allow = { allowSameSiteNone: true };
      expect(await run(200, ['t=1; SameSite=None', 'u=2; SameSite=None; Secure; HttpOnly'], allow)).toEqual([
        't=1; SameSite=None; Secure; HttpOnly',
        'u=2; SameSite=None; Secure; HttpOnly',
      ]);
    });

    test('an empty SameSite= is replaced by SameSite=Lax', () => {
      expect(harden('s=x; SameSite=; Secure; HttpOnly')).toBe('s=x; Secure; HttpOnly; SameSite=Lax');
      expect(harden('s=x; SameSite; Path=/')).toBe('s=x; Path=/; Secure; HttpOnly; SameSite=Lax');
      expect(harden('s=x; SameSite=  ', { allowSameSiteNone: true })).toBe('s=x; Secure; HttpOnly; SameSite=Lax');
    });

    test('an unknown value becomes Lax (browsers differ on what an invalid value means)', () => {
      expect(harden('s=x; SameSite=Relaxed')).toBe('s=x; Secure; HttpOnly; SameSite=Lax');
    });

    test('Strict and Lax set by the application are kept as written', () => {
      expect(harden('s=x; samesite=strict')).toBe('s=x; samesite=strict; Secure; HttpOnly');
      expect(harden('s=x; SameSite=Lax')).toBe('s=x; SameSite=Lax; Secure; HttpOnly');
    });

    test('several SameSite attributes become one: the last (the one browsers apply) if accepted, else Lax', () => {
      expect(harden('s=x; SameSite=None; SameSite=Strict')).toBe('s=x; Secure; HttpOnly; SameSite=Strict');
      expect(harden('s=x; SameSite=Strict; SameSite=None')).toBe('s=x; Secure; HttpOnly; SameSite=Lax');
      expect(harden('s=x; SameSite=Strict; SameSite=None', { allowSameSiteNone: true })).toBe(
        's=x; Secure; HttpOnly; SameSite=None',
      );
    });
  });

  describe('cookie prefixes', () => {
    test('__Host- cookies get Path=/ and lose any Domain, whatever the case of the prefix', async () => {
      expect(
        await run(403, [
          '__Host-session=abc; Domain=example.com; Path=/account; Secure',
          '__host-csrf=1',
          '__HOST-x=2; domain=.example.com; path=/',
        ]),
      ).toEqual([
        '__Host-session=abc; Secure; Path=/; HttpOnly; SameSite=Lax',
        '__host-csrf=1; Path=/; Secure; HttpOnly; SameSite=Lax',
        '__HOST-x=2; path=/; Secure; HttpOnly; SameSite=Lax',
      ]);
    });

    test('__Secure- cookies keep Secure (and their Domain and Path)', () => {
      expect(harden('__Secure-id=1; Domain=example.com; Path=/app')).toBe(
        '__Secure-id=1; Domain=example.com; Path=/app; Secure; HttpOnly; SameSite=Lax',
      );
      expect(harden('__Secure-id=1; Secure; HttpOnly; SameSite=Strict')).toBe(
        '__Secure-id=1; Secure; HttpOnly; SameSite=Strict',
      );
    });

    test('a cookie merely containing the prefix later in its name is not a __Host- cookie', () => {
      expect(harden('my__Host-x=1; Domain=example.com')).toBe(
        'my__Host-x=1; Domain=example.com; Secure; HttpOnly; SameSite=Lax',
      );
    });
  });

  test('a login failure (401) with several cookies, mixed case, Expires and existing attributes', async () => {
    const out = await run(401, [
      '__Host-session=; Max-Age=0; Path=/; secure',
      'login_attempts=3; EXPIRES=Fri, 31 Dec 2027 23:59:59 GMT; SAMESITE=None',
      'flash=Wrong%20password; Path=/login; HttpOnly',
    ]);
    expect(out).toEqual([
      '__Host-session=; Max-Age=0; Path=/; secure; HttpOnly; SameSite=Lax',
      'login_attempts=3; EXPIRES=Fri, 31 Dec 2027 23:59:59 GMT; Secure; HttpOnly; SameSite=Lax',
      'flash=Wrong%20password; Path=/login; HttpOnly; Secure; SameSite=Lax',
    ]);
  });
});

describe('EDGE-7 which trigger sees a 401: the reason for origin response', () => {
  /**
   * What the viewer receives for an origin response of `status` when the handler is associated on `trigger`,
   * following CloudFront's documented trigger rules (`responseTriggerCovers`): the function either runs on the
   * response (or on the response as it was cached), or it never sees it.
   */
  async function viewerGets(trigger: ResponseTrigger, status: number, cookie: string): Promise<string> {
    const event = originResponse(status, [cookie]);
    const response = responseTriggerCovers(trigger, status)
      ? await load().handler(event)
      : event.Records[0].cf.response;
    return response.headers['set-cookie']![0].value;
  }

  test.each([401, 403, 500])(
    'status %i: on viewer response (the association before this change) the cookie reaches the browser as the origin sent it',
    async (status) => {
      expect(await viewerGets('viewer-response', status, 'session=abc')).toBe('session=abc');
    },
  );

  test.each([401, 403, 500])('status %i: on origin response it is hardened', async (status) => {
    expect(await viewerGets('origin-response', status, 'session=abc')).toBe(
      'session=abc; Secure; HttpOnly; SameSite=Lax',
    );
  });

  test.each([200, 302])('status %i: both triggers harden it', async (status) => {
    for (const trigger of ['viewer-response', 'origin-response'] as const) {
      expect(await viewerGets(trigger, status, 'session=abc')).toBe('session=abc; Secure; HttpOnly; SameSite=Lax');
    }
  });
});
