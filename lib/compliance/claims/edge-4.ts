import { behaviors, cloudFront, httpsListeners } from '../model/edge';
import { asArray, field, getPath, type JsonObject, num, obj, str } from '../model/json';
import { ev, prop, propsOf, type Res, resolve, text } from '../model/query';
import type { ClaimResult, StageModel } from '../model/types';
import { Verdict, worst } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'EDGE-4';
// Two years, written out here rather than imported from lib/defaults/constants.ts: the check states what the page
// promises independently of what the code sets, so a change of the constant cannot quietly pass its own check.
const MIN_HSTS = 63072000;
const STRICT_REFERRER: readonly unknown[] = [
  'strict-origin-when-cross-origin',
  'no-referrer',
  'same-origin',
  'strict-origin',
];

/** HSTS two years with subdomains and preload; a strict CSP, the configured one; both overriding the origin. */
function checkHstsAndCsp(m: StageModel, v: Verdict, p: Res, sh: JsonObject): void {
  const hsts = obj(sh.StrictTransportSecurity);
  v.need(
    (num(hsts.AccessControlMaxAgeSec) ?? 0) >= MIN_HSTS &&
      hsts.IncludeSubdomains === true &&
      hsts.Preload === true &&
      hsts.Override === true,
    `${p.id}: HSTS is not two years + includeSubDomains + preload, overriding the origin`,
  );
  const csp = obj(sh.ContentSecurityPolicy);
  const policy = str(csp.ContentSecurityPolicy) ?? '';
  v.need(
    csp.Override === true && csp.ContentSecurityPolicy === m.config.edge.contentSecurityPolicy,
    `${p.id}: CSP is not the configured policy, overriding the origin`,
  );
  v.need(
    !/'unsafe-(inline|eval)'/.test(policy) &&
      /default-src/.test(policy) &&
      /frame-ancestors/.test(policy) &&
      /object-src 'none'/.test(policy),
    `${p.id}: CSP is not strict`,
  );
}

/** X-XSS-Protection and Expect-CT as configured (by default `0` and not sent: both are obsolete). */
function checkObsoleteHeaders(m: StageModel, v: Verdict, p: Res, sh: JsonObject, header: (n: string) => unknown): void {
  const e = m.config.edge;
  const xss = sh.XSSProtection;
  if (e.xssProtection === '0')
    v.need(
      field(xss, 'Protection') === false && field(xss, 'Override') === true,
      `${p.id}: X-XSS-Protection is not "0"`,
    );
  else if (e.xssProtection === 'omit')
    v.need(xss === undefined, `${p.id}: X-XSS-Protection is sent though configured "omit"`);
  else
    v.need(
      field(xss, 'Protection') === true && field(xss, 'ModeBlock') === true,
      `${p.id}: X-XSS-Protection is not "1; mode=block"`,
    );
  if (e.expectCtMaxAge === 0) v.need(!header('Expect-CT'), `${p.id}: sends the obsolete Expect-CT`);
  else
    v.need(
      String(field(header('Expect-CT'), 'Value') ?? '').includes(`max-age=${e.expectCtMaxAge}`),
      `${p.id}: Expect-CT max-age ${e.expectCtMaxAge} is not sent`,
    );
}

/** Header values of a response headers policy. */
function checkPolicy(m: StageModel, v: Verdict, p: Res): void {
  const cfg = obj(prop(p, 'ResponseHeadersPolicyConfig'));
  const sh = obj(cfg.SecurityHeadersConfig);
  v.add(
    ev(p, 'ResponseHeadersPolicyConfig.SecurityHeadersConfig', sh),
    ev(p, 'ResponseHeadersPolicyConfig.CustomHeadersConfig'),
    ev(p, 'ResponseHeadersPolicyConfig.RemoveHeadersConfig'),
  );
  checkHstsAndCsp(m, v, p, sh);
  v.need(
    ['DENY', 'SAMEORIGIN'].includes(String(getPath(sh, 'FrameOptions.FrameOption'))) &&
      getPath(sh, 'FrameOptions.Override') === true,
    `${p.id}: no X-Frame-Options`,
  );
  v.need(getPath(sh, 'ContentTypeOptions.Override') === true, `${p.id}: no X-Content-Type-Options`);
  const referrer = getPath(sh, 'ReferrerPolicy.ReferrerPolicy');
  v.need(
    STRICT_REFERRER.includes(referrer) && getPath(sh, 'ReferrerPolicy.Override') === true,
    `${p.id}: Referrer-Policy ${String(referrer)} is not strict`,
  );
  const custom = asArray(getPath(cfg, 'CustomHeadersConfig.Items'));
  const header = (n: string) => custom.find((h) => String(field(h, 'Header')).toLowerCase() === n.toLowerCase());
  v.need(
    field(header('Permissions-Policy'), 'Value') === m.config.edge.permissionsPolicy,
    `${p.id}: no Permissions-Policy`,
  );
  checkObsoleteHeaders(m, v, p, sh, header);
  const removed = asArray(getPath(cfg, 'RemoveHeadersConfig.Items')).map((h) =>
    String(field(h, 'Header')).toLowerCase(),
  );
  v.need(
    removed.includes('server') && removed.includes('x-powered-by'),
    `${p.id}: Server and X-Powered-By are not removed`,
  );
}

/** Every behavior has a declared response headers policy that passes. */
function checkDistribution(m: StageModel, v: Verdict, d: Res): void {
  for (const { name, b } of behaviors(d)) {
    const p = resolve(m, d.stack, b.ResponseHeadersPolicyId);
    v.add(ev(d, `DistributionConfig.${name}.ResponseHeadersPolicyId`, text(b.ResponseHeadersPolicyId)));
    if (p?.r.Type === 'AWS::CloudFront::ResponseHeadersPolicy') checkPolicy(m, v, p);
    else v.need(false, `${name} of ${d.id} has no declared response headers policy`);
  }
}

/** The ALB's own response headers (listener attributes), defense in depth. */
function albPart(m: StageModel): ClaimResult {
  const v = new Verdict(ID);
  const https = httpsListeners(m);
  v.need(https.length > 0, 'no HTTPS listener');
  for (const l of https) {
    const attrs: Record<string, unknown> = Object.fromEntries(
      asArray(propsOf(l).ListenerAttributes).map((a) => [String(field(a, 'Key')), field(a, 'Value')]),
    );
    v.add(ev(l, 'ListenerAttributes', attrs));
    for (const k of [
      'strict_transport_security',
      'content_security_policy',
      'x_content_type_options',
      'x_frame_options',
    ])
      v.want(
        !!attrs[`routing.http.response.${k}.header_value`],
        `listener ${l.id} does not set ${k.replace(/_/g, '-')}`,
      );
    const hsts = str(attrs['routing.http.response.strict_transport_security.header_value']) ?? '';
    const maxAge = /max-age=(\d+)/.exec(hsts);
    v.want(!!maxAge && Number(maxAge[1]) >= MIN_HSTS, `listener ${l.id}: HSTS under two years`);
  }
  return v.done('ALB');
}

export const edge4: Claim = {
  id: ID,
  promise:
    'security headers: X-XSS-Protection, CSP, HSTS (long lifespan), Expect-CT, Referrer-Policy; "A" on securityheaders',
  declared:
    'a CloudFront response headers policy on every behavior with HSTS (two years, includeSubDomains, preload), a ' +
    'strict CSP, X-Frame-Options, X-Content-Type-Options, Referrer-Policy, Permissions-Policy, overriding the ' +
    'origin, and the Server/X-Powered-By headers removed. Beyond: "A+". X-XSS-Protection and Expect-CT are ' +
    'obsolete (browsers dropped the XSS auditor; Chromium enforces Certificate Transparency by default since ' +
    'version 107): by default send `X-XSS-Protection: 0` (current OWASP advice) and no Expect-CT, both ' +
    'configurable, and the compliance report says why',
  check: (m) =>
    worst(
      ID,
      [cloudFront(m, ID, (v, d) => checkDistribution(m, v, d), 'CloudFront'), albPart(m)],
      'A response headers policy on every behavior: HSTS two years with includeSubDomains and preload, a strict ' +
        'CSP, X-Frame-Options, X-Content-Type-Options, Referrer-Policy, Permissions-Policy, all overriding the ' +
        'origin; Server and X-Powered-By removed; X-XSS-Protection: 0 and no Expect-CT (obsolete). The load ' +
        'balancer sets the same headers as defense in depth.',
    ),
  page: [
    {
      section: 'website',
      text: () =>
        '**Security headers on every response:** Strict-Transport-Security (two years, subdomains, preload), a ' +
        'strict Content-Security-Policy, X-Frame-Options, X-Content-Type-Options, Referrer-Policy ' +
        "`strict-origin-when-cross-origin` (stricter than the page's downgrade-only rule), Permissions-Policy; the " +
        'Server and X-Powered-By headers are removed. We aim for "A+" on securityheaders.com (the page said "A").',
    },
    {
      section: 'obsolete-headers',
      status: [],
      text: ({ config: { edge: e } }) =>
        `**X-XSS-Protection** is sent as \`${e.xssProtection === 'omit' ? '(not sent)' : e.xssProtection}\`. ` +
        'Browsers removed their XSS auditor (Chrome 78, Edge 17, Firefox never had one), and the auditor itself ' +
        'could be abused to leak data; current OWASP advice is `X-XSS-Protection: 0` with a strict ' +
        'Content-Security-Policy, which we send.',
    },
    {
      section: 'obsolete-headers',
      status: [],
      text: ({ config: { edge: e } }) =>
        `**Expect-CT** is ${e.expectCtMaxAge ? `sent with max-age=${e.expectCtMaxAge}` : 'not sent'}. It is ` +
        'obsolete: Chromium enforces Certificate Transparency by default since version 107 and the header was ' +
        'deprecated; our certificates are logged in public CT logs anyway.',
    },
  ],
  beyond: '"A+" target on securityheaders.com (the page: "A"), with a stricter Referrer-Policy.',
};
