import { originName } from '../../core/naming';
import type { Problems } from '../problems';
import type { StageConfig } from '../schema';

type Edge = StageConfig['edge'];

/** Cross-field rules of the edge section (EDGE-6, EDGE-9). */
export function checkEdge(c: Partial<StageConfig>, p: Problems): void {
  const edge = c.edge;
  if (!edge) return;
  checkLoginFields(edge, p);
  checkLoginStatusCodes(edge, p);
  checkRateLimitedPaths(edge, p);
  if (c.exposure === 'public' && c.domains?.length) checkOriginName(edge, c.domains, p);
  checkCachedPaths(edge, p);
}

/** ATP reads credentials by form field name, or by JSON pointer for JSON bodies; the wrong form never matches. */
function checkLoginFields(edge: Edge, p: Problems): void {
  for (const field of ['loginUsernameField', 'loginPasswordField'] as const) {
    const v = edge[field];
    if (edge.loginPayloadType === 'JSON' && !v.startsWith('/')) {
      p.add(
        `edge.${field}`,
        v,
        'is not a JSON pointer, so account takeover prevention never finds the credentials in a JSON login body',
        `write it as "/${v}"`,
      );
    }
    if (edge.loginPayloadType === 'FORM_ENCODED' && v.startsWith('/')) {
      p.add(
        `edge.${field}`,
        v,
        'is a JSON pointer, but the login form is FORM_ENCODED',
        `write the form field name, e.g. "${v.replace(/^\/+/, '')}", or set edge.loginPayloadType to "JSON"`,
      );
    }
  }
  if (edge.loginUsernameField === edge.loginPasswordField) {
    p.add(
      'edge.loginPasswordField',
      edge.loginPasswordField,
      'is the same field as edge.loginUsernameField',
      'name the password field of the login form',
    );
  }
}

/** ATP tells a failed login from a successful one by its status code only. */
function checkLoginStatusCodes(edge: Edge, p: Problems): void {
  const both = edge.loginSuccessStatusCodes.filter((s) => edge.loginFailureStatusCodes.includes(s));
  if (both.length) {
    p.add(
      'edge.loginFailureStatusCodes',
      edge.loginFailureStatusCodes,
      `lists ${both.join(', ')} also in edge.loginSuccessStatusCodes, so WAF cannot tell a failed login from ` +
        'a successful one',
      'list each status code in one of the two only',
    );
  }
}

/** EDGE-6, MAIL-3: the rate limits cover named endpoints, never the whole site. */
function checkRateLimitedPaths(edge: Edge, p: Problems): void {
  const login = [edge.loginPath, ...edge.passwordResetPaths].map((x) => x.toLowerCase());
  if (login.includes('/') || edge.mailSendingPaths.includes('/')) {
    p.add(
      'edge.loginPath',
      edge.loginPath,
      'or a rate-limited path is "/", which would rate-limit the whole site',
      'give the exact paths of the login, reset and mail-sending endpoints',
    );
  }
}

/** EDGE-9: the origin name (`<originSubdomain>.<first domain>`) must be a valid name no served domain uses. */
function checkOriginName(edge: Edge, domains: StageConfig['domains'], p: Problems): void {
  const origin = originName(edge.originSubdomain, domains[0].name);
  if (origin.length > 253)
    p.add(
      'edge.originSubdomain',
      edge.originSubdomain,
      `makes the origin name ${origin} longer than 253 characters`,
      'use a shorter label',
    );
  if (domains.some((d) => d.name === origin)) {
    p.add(
      'edge.originSubdomain',
      edge.originSubdomain,
      `makes the origin name ${origin} equal to a served domain`,
      'choose a label no domain uses, e.g. "origin"',
    );
  }
}

/** CloudFront caches static assets only, never personal pages. */
function checkCachedPaths(edge: Edge, p: Problems): void {
  const seen = new Set<string>();
  edge.cachedPathPatterns.forEach((pattern, i) => {
    if (seen.has(pattern)) p.add(`edge.cachedPathPatterns[${i}]`, pattern, 'is listed twice', 'list each pattern once');
    seen.add(pattern);
    if (pattern === '/*' || pattern === '*')
      p.add(
        `edge.cachedPathPatterns[${i}]`,
        pattern,
        'would cache the whole application, including personal pages',
        'list only static asset paths such as /assets/*',
      );
  });
}
