import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

const FILE = path.join(__dirname, '../../lib/functions/cookie-hardening/index.js');
const CODE = fs.readFileSync(FILE, 'utf8');

interface Cookie {
  value: string;
  attributes?: string;
  multiValue?: Array<{ value: string; attributes?: string }>;
}
type Handler = (event: unknown) => {
  statusCode: number;
  headers: Record<string, unknown>;
  cookies: Record<string, Cookie>;
};

/** Runs the file as CloudFront does: plain script, no module system, no Node globals, `handler(event)`. */
function load(): Handler {
  return vm.runInNewContext(`${CODE}\n;handler`, {}) as Handler;
}

/** A viewer-response event as CloudFront Functions receive it (event structure version 1.0). */
function viewerResponse(cookies: Record<string, Cookie>) {
  return {
    version: '1.0',
    context: {
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType: 'viewer-response',
      requestId: 'r-1',
    },
    viewer: { ip: '198.51.100.11' },
    request: { method: 'POST', uri: '/login', querystring: {}, headers: {}, cookies: {} },
    response: { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/' } }, cookies },
  };
}

const run = (cookies: Record<string, Cookie>) => load()(viewerResponse(cookies));

/** Attribute names of a Set-Cookie attribute string, lower-cased, in order. */
const names = (attributes = '') =>
  attributes
    .split(';')
    .map((a) => a.split('=')[0].trim().toLowerCase())
    .filter(Boolean);

describe('EDGE-7 cookie hardening function', () => {
  test('the file is a plain CloudFront script: no require, import or module.exports, under the 10 KB limit', () => {
    expect(CODE).not.toMatch(/\brequire\(|\bimport\b|module\.exports|\bexports\./);
    expect(Buffer.byteLength(CODE)).toBeLessThan(10_240);
  });

  test('a cookie without attributes gets Secure, HttpOnly and SameSite=Lax', () => {
    const out = run({ session: { value: 'abc' } });
    expect(out.cookies.session).toEqual({ value: 'abc', attributes: 'Secure; HttpOnly; SameSite=Lax' });
  });

  test('a cookie with an empty attribute string gets the three attributes', () => {
    expect(run({ a: { value: '1', attributes: '' } }).cookies.a.attributes).toBe('Secure; HttpOnly; SameSite=Lax');
  });

  test('existing attributes are kept, in order, and the missing ones appended', () => {
    const attributes = 'Path=/; Domain=example.com; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600';
    const out = run({ session: { value: 'abc', attributes } });
    expect(out.cookies.session.attributes).toBe(`${attributes}; Secure; HttpOnly; SameSite=Lax`);
  });

  test('an already hardened cookie is left byte for byte unchanged', () => {
    const attributes = 'Path=/; Secure; HttpOnly; SameSite=Strict';
    expect(run({ s: { value: 'x', attributes } }).cookies.s.attributes).toBe(attributes);
  });

  test('attribute detection is case-insensitive and tolerates spacing', () => {
    const out = run({ s: { value: 'x', attributes: 'path=/;SECURE;  httponly ; samesite=none' } });
    expect(names(out.cookies.s.attributes)).toEqual(['path', 'secure', 'httponly', 'samesite']);
    expect(out.cookies.s.attributes).toContain('samesite=none');
  });

  test('an explicit SameSite is kept, never replaced by Lax', () => {
    const out = run({ s: { value: 'x', attributes: 'SameSite=Strict' } });
    expect(out.cookies.s.attributes).toBe('SameSite=Strict; Secure; HttpOnly');
  });

  test('only the missing attributes are added', () => {
    expect(run({ s: { value: 'x', attributes: 'Secure' } }).cookies.s.attributes).toBe(
      'Secure; HttpOnly; SameSite=Lax',
    );
    expect(run({ s: { value: 'x', attributes: 'HttpOnly; Path=/' } }).cookies.s.attributes).toBe(
      'HttpOnly; Path=/; Secure; SameSite=Lax',
    );
  });

  test('a trailing semicolon does not produce an empty attribute', () => {
    expect(run({ s: { value: 'x', attributes: 'Path=/;' } }).cookies.s.attributes).toBe(
      'Path=/; Secure; HttpOnly; SameSite=Lax',
    );
  });

  test('an attribute value that merely contains a keyword does not count as that attribute', () => {
    const out = run({ s: { value: 'x', attributes: 'Path=/secure/httponly' } });
    expect(names(out.cookies.s.attributes)).toEqual(['path', 'secure', 'httponly', 'samesite']);
  });

  test('a cookie value that looks like an attribute is not mistaken for one and never changed', () => {
    const out = run({ s: { value: 'Secure; HttpOnly', attributes: 'Path=/' } });
    expect(out.cookies.s).toEqual({ value: 'Secure; HttpOnly', attributes: 'Path=/; Secure; HttpOnly; SameSite=Lax' });
  });

  test('multi-value cookies: every Set-Cookie of the name is hardened, none dropped', () => {
    const out = run({
      pref: {
        value: 'a',
        attributes: 'Path=/',
        multiValue: [
          { value: 'a', attributes: 'Path=/' },
          { value: 'b', attributes: 'Path=/admin; Secure' },
          { value: 'c' },
        ],
      },
    });
    expect(out.cookies.pref.value).toBe('a');
    expect(out.cookies.pref.attributes).toBe('Path=/; Secure; HttpOnly; SameSite=Lax');
    expect(out.cookies.pref.multiValue).toEqual([
      { value: 'a', attributes: 'Path=/; Secure; HttpOnly; SameSite=Lax' },
      { value: 'b', attributes: 'Path=/admin; Secure; HttpOnly; SameSite=Lax' },
      { value: 'c', attributes: 'Secure; HttpOnly; SameSite=Lax' },
    ]);
  });

  test('several cookies: all are kept and hardened', () => {
    const out = run({
      a: { value: '1' },
      b: { value: '2', attributes: 'Max-Age=0' },
      __Host_c: { value: '3', attributes: 'Path=/; Secure' },
    });
    expect(Object.keys(out.cookies)).toEqual(['a', 'b', '__Host_c']);
    for (const c of Object.values(out.cookies)) {
      expect(names(c.attributes)).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite']));
    }
    expect(out.cookies.b.attributes).toBe('Max-Age=0; Secure; HttpOnly; SameSite=Lax');
  });

  test('running twice adds nothing the second time (never twice)', () => {
    const handler = load();
    const first = handler(
      viewerResponse({
        s: { value: 'x', attributes: 'Path=/' },
        m: { value: 'y', multiValue: [{ value: 'y' }, { value: 'z' }] },
      }),
    );
    const snapshot = JSON.parse(JSON.stringify(first.cookies));
    const second = handler({ ...viewerResponse({}), response: first });
    expect(second.cookies).toEqual(snapshot);
    for (const c of [second.cookies.s, ...(second.cookies.m.multiValue ?? [])]) {
      const n = names(c.attributes);
      expect(n.length).toBe(new Set(n).size);
    }
  });

  test('a response without cookies passes through untouched', () => {
    const event = viewerResponse({});
    delete (event.response as { cookies?: unknown }).cookies;
    const out = load()(event);
    expect(out.statusCode).toBe(302);
    expect(out.headers).toEqual({ location: { value: '/' } });
  });

  test('status, headers and body fields of the response are returned unchanged', () => {
    const out = run({ s: { value: 'x' } });
    expect(out.statusCode).toBe(302);
    expect(out.headers).toEqual({ location: { value: '/' } });
  });
});
