// EDGE-7: Lambda@Edge on ORIGIN RESPONSE, every behavior. It runs on every response the origin returns, 4xx and
// 5xx included, before caching (viewer response skips 400 and above, when a failed login sets its cookies);
// cached responses keep the headers it set. Every Set-Cookie gets Secure, HttpOnly and SameSite (Lax unless the
// app chose Strict, or None where the stage allows it); an empty or unknown SameSite becomes Lax; `__Host-`
// cookies get `Path=/` and no Domain. Name and value (before the first `;`) never change; a header needing
// nothing is returned as is. Split on `;` only: `Expires` dates keep their comma.
// Inline (one CommonJS file, no require). No environment variables on Lambda@Edge: the SETTINGS line is
// rewritten at synth (lib/constructs/edge/cookie-hardening.ts). Logs nothing: cookies never reach a log.

const SETTINGS = { allowSameSiteNone: false };

const HOST_PREFIX = '__host-';

/** One attribute of a Set-Cookie header: its trimmed text, lower-cased name and trimmed value. */
function parseAttribute(text) {
  const eq = text.indexOf('=');
  return {
    text: text.trim(),
    name: (eq < 0 ? text : text.slice(0, eq)).trim().toLowerCase(),
    value: eq < 0 ? '' : text.slice(eq + 1).trim(),
  };
}

/** The SameSite values this stage accepts, lower-cased, with the spelling written when one is rewritten. */
function sameSiteValues(settings) {
  const values = { strict: 'Strict', lax: 'Lax' };
  if (settings.allowSameSiteNone) values.none = 'None';
  return values;
}

/**
 * Hardens one Set-Cookie header value. `settings.allowSameSiteNone` keeps `SameSite=None` (Secure is enforced
 * on every cookie anyway); otherwise it becomes Lax.
 */
function hardenSetCookie(header, settings) {
  if (typeof header !== 'string' || header.trim() === '') return header;
  const semi = header.indexOf(';');
  const pair = semi < 0 ? header : header.slice(0, semi);
  const original =
    semi < 0
      ? []
      : header
          .slice(semi + 1)
          .split(';')
          .map(parseAttribute);
  let attributes = original.filter((a) => a.text !== '');
  const eq = pair.indexOf('=');
  const cookieName = (eq < 0 ? '' : pair.slice(0, eq)).trim().toLowerCase();
  const added = [];

  if (cookieName.startsWith(HOST_PREFIX)) {
    // Browsers reject a __Host- cookie with a Domain or a Path other than /.
    attributes = attributes.filter((a) => a.name !== 'domain' && (a.name !== 'path' || a.value === '/'));
    if (!attributes.some((a) => a.name === 'path')) added.push('Path=/');
  }
  if (!attributes.some((a) => a.name === 'secure')) added.push('Secure');
  if (!attributes.some((a) => a.name === 'httponly')) added.push('HttpOnly');

  const accepted = sameSiteValues(settings);
  const sameSite = attributes.filter((a) => a.name === 'samesite');
  const last = sameSite.length ? sameSite[sameSite.length - 1].value.toLowerCase() : '';
  if (sameSite.length !== 1 || !Object.hasOwn(accepted, last)) {
    // Missing, empty, unknown, repeated or a None the stage does not allow: one SameSite, Lax unless accepted.
    attributes = attributes.filter((a) => a.name !== 'samesite');
    added.push(`SameSite=${Object.hasOwn(accepted, last) ? accepted[last] : 'Lax'}`);
  }

  if (!added.length && attributes.length === original.length) return header;
  return [pair, ...attributes.map((a) => a.text), ...added].join('; ');
}

exports.hardenSetCookie = hardenSetCookie;

/** Origin-response handler: hardens every Set-Cookie entry and returns the response. */
exports.handler = async (event) => {
  const response = event.Records[0].cf.response;
  const cookies = response.headers ? response.headers['set-cookie'] : undefined;
  if (Array.isArray(cookies)) {
    for (const entry of cookies) entry.value = hardenSetCookie(entry.value, SETTINGS);
  }
  return response;
};
