// EDGE-1..EDGE-9 and ORG-2: CloudFront, load balancer, WAF, certificates, DNS.
import type { Checker, ClaimResult, StageModel } from '../model';
import {
  asArray,
  ev,
  getPath,
  notApplicable,
  propsOf,
  type Res,
  resolve,
  resources,
  text,
  Verdict,
  worst,
} from '../query';
import { managedGroups } from './detection';

const dists = (m: StageModel) => resources(m, 'AWS::CloudFront::Distribution');
const albs = (m: StageModel) =>
  resources(m, 'AWS::ElasticLoadBalancingV2::LoadBalancer').filter(
    (l) => (propsOf(l).Type ?? 'application') === 'application',
  );
const listeners = (m: StageModel) => resources(m, 'AWS::ElasticLoadBalancingV2::Listener');
const behaviors = (d: Res): Array<{ name: string; b: any }> => {
  const cfg = propsOf(d).DistributionConfig ?? {};
  return [
    { name: 'DefaultCacheBehavior', b: cfg.DefaultCacheBehavior ?? {} },
    ...asArray(cfg.CacheBehaviors).map((b: any, i: number) => ({ name: `CacheBehaviors.${i}(${b.PathPattern})`, b })),
  ];
};
const internalStage = (m: StageModel) => m.config.exposure !== 'public';
const NO_CF = 'internal stage: no CloudFront distribution by design (ORG-2)';

/** CloudFront part of a claim: not applicable on internal stages, required on public ones. */
function cloudFront(m: StageModel, id: string, check: (v: Verdict, d: Res) => void, keptWhy: string): ClaimResult {
  if (internalStage(m)) return notApplicable(id, NO_CF);
  const v = new Verdict(id);
  const ds = dists(m);
  v.need(ds.length > 0, 'no CloudFront distribution in the public stage');
  ds.forEach((d) => check(v, d));
  return v.done(keptWhy);
}

const HTTPS_LISTENERS = (m: StageModel) => listeners(m).filter((l) => propsOf(l).Protocol === 'HTTPS');

export const edge1: Checker = (m) => {
  const cf = cloudFront(
    m,
    'EDGE-1',
    (v, d) => {
      for (const { name, b } of behaviors(d)) {
        v.add(ev(d, `DistributionConfig.${name}.ViewerProtocolPolicy`, b.ViewerProtocolPolicy));
        v.need(['redirect-to-https', 'https-only'].includes(b.ViewerProtocolPolicy), `${name} of ${d.id} allows HTTP`);
      }
      for (const o of asArray(getPath(propsOf(d), 'DistributionConfig.Origins')) as any[]) {
        const vo = o.VpcOriginConfig ? resolve(m, d.stack, o.VpcOriginConfig.VpcOriginId) : undefined;
        const policy =
          o.CustomOriginConfig?.OriginProtocolPolicy ??
          (vo ? getPath(propsOf(vo), 'VpcOriginEndpointConfig.OriginProtocolPolicy') : undefined);
        v.add(
          vo
            ? ev(vo, 'VpcOriginEndpointConfig.OriginProtocolPolicy')
            : ev(d, `Origin ${o.Id} OriginProtocolPolicy`, policy ?? (o.S3OriginConfig ? 's3 (https)' : undefined)),
        );
        v.need(
          policy === 'https-only' || (!!o.S3OriginConfig && !o.CustomOriginConfig),
          `origin ${o.Id} of ${d.id} is not reached over HTTPS only`,
        );
      }
    },
    'CloudFront',
  );
  const v = new Verdict('EDGE-1');
  v.need(albs(m).length > 0, 'no application load balancer');
  v.need(HTTPS_LISTENERS(m).length > 0, 'no HTTPS listener');
  for (const l of listeners(m).filter((x) => propsOf(x).Protocol === 'HTTP')) {
    const actions = asArray(propsOf(l).DefaultActions);
    v.add(
      ev(
        l,
        'DefaultActions',
        actions.map((a: any) => ({
          type: a.Type,
          protocol: a.RedirectConfig?.Protocol,
          status: a.RedirectConfig?.StatusCode,
        })),
      ),
    );
    v.need(
      actions.length > 0 &&
        actions.every(
          (a: any) =>
            a.Type === 'redirect' &&
            a.RedirectConfig?.Protocol === 'HTTPS' &&
            a.RedirectConfig?.StatusCode === 'HTTP_301',
        ),
      `HTTP listener ${l.id} does not only redirect (301) to HTTPS`,
    );
    v.need(
      !resources(m, 'AWS::ElasticLoadBalancingV2::ListenerRule').some(
        (r) => resolve(m, r.stack, propsOf(r).ListenerArn)?.id === l.id,
      ),
      `HTTP listener ${l.id} has rules that may serve content`,
    );
  }
  return worst(
    'EDGE-1',
    [cf, v.done('ALB')],
    'Every CloudFront behavior redirects HTTP to HTTPS and reaches the origin over HTTPS only; the load balancer serves HTTPS and its port 80 only redirects with a 301.',
  );
};

const CF_TLS = ['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'];
const ALB_TLS = /^ELBSecurityPolicy-TLS13-1-(2-Res|3)(-FIPS)?(-PQ)?-20\d\d-\d\d$/;

export const edge2: Checker = (m) => {
  const cf = cloudFront(
    m,
    'EDGE-2',
    (v, d) => {
      const vc = getPath(propsOf(d), 'DistributionConfig.ViewerCertificate') as any;
      v.add(
        ev(d, 'DistributionConfig.ViewerCertificate.MinimumProtocolVersion'),
        ev(d, 'DistributionConfig.ViewerCertificate.SslSupportMethod'),
      );
      v.need(
        CF_TLS.includes(vc?.MinimumProtocolVersion),
        `${d.id}: minimum viewer protocol ${vc?.MinimumProtocolVersion} is below TLSv1.2_2021`,
      );
      v.need(vc?.SslSupportMethod === 'sni-only', `${d.id}: not sni-only`);
      for (const o of asArray(getPath(propsOf(d), 'DistributionConfig.Origins')) as any[]) {
        const vo = o.VpcOriginConfig ? resolve(m, d.stack, o.VpcOriginConfig.VpcOriginId) : undefined;
        const protos =
          o.CustomOriginConfig?.OriginSSLProtocols ??
          (vo ? getPath(propsOf(vo), 'VpcOriginEndpointConfig.OriginSSLProtocols') : undefined);
        v.add(
          vo
            ? ev(vo, 'VpcOriginEndpointConfig.OriginSSLProtocols')
            : ev(d, `Origin ${o.Id} OriginSSLProtocols`, protos),
        );
        if (!o.S3OriginConfig)
          v.need(
            JSON.stringify(protos) === JSON.stringify(['TLSv1.2']),
            `origin ${o.Id}: origin TLS is ${JSON.stringify(protos ?? '(default: TLSv1, TLSv1.1, TLSv1.2)')}, not TLS 1.2 only`,
          );
      }
    },
    'CloudFront',
  );
  const v = new Verdict('EDGE-2');
  const https = HTTPS_LISTENERS(m);
  v.need(https.length > 0, 'no HTTPS listener');
  for (const l of https) {
    v.add(ev(l, 'SslPolicy'));
    v.need(
      ALB_TLS.test(String(propsOf(l).SslPolicy)),
      `listener ${l.id}: SslPolicy ${propsOf(l).SslPolicy ?? '(CloudFormation default, allows TLS 1.0)'} is not TLS 1.2+ with AEAD suites only`,
    );
  }
  return worst(
    'EDGE-2',
    [cf, v.done('ALB')],
    'TLS 1.2 and 1.3 only, with forward-secret AEAD suites: CloudFront TLSv1.2_2021 or newer, the load balancer a TLS13-1-2-Res policy or stricter, the origin TLS 1.2 only.',
  );
};

const CAA_OK = /^0 (issue|issuewild) "(amazon\.com|amazontrust\.com|awstrust\.com|amazonaws\.com)"$|^0 iodef "/;

export const edge3: Checker = (m) => {
  const v = new Verdict('EDGE-3');
  const certs = resources(m, 'AWS::CertificateManager::Certificate');
  v.need(certs.length > 0, 'no ACM certificate');
  for (const c of certs) {
    v.add(ev(c, 'DomainName'), ev(c, 'ValidationMethod'), ev(c, 'SubjectAlternativeNames'));
    v.need(
      propsOf(c).ValidationMethod === 'DNS',
      `certificate ${c.id} is not DNS-validated (auto-renewal needs DNS validation)`,
    );
  }
  // Private zones (resolution inside the VPC) are not where certificates are requested for.
  const zones = resources(m, 'AWS::Route53::HostedZone').filter((z) => !propsOf(z).VPCs);
  const caa = resources(m, 'AWS::Route53::RecordSet').filter((r) => propsOf(r).Type === 'CAA');
  for (const z of zones) {
    const mine = caa.filter((r) => resolve(m, r.stack, propsOf(r).HostedZoneId)?.id === z.id);
    mine.forEach((r) => v.add(ev(r, 'ResourceRecords')));
    if (!v.need(mine.length > 0, `zone ${text(propsOf(z).Name)} has no CAA record`)) continue;
    for (const r of mine)
      for (const val of asArray(propsOf(r).ResourceRecords).map(String))
        v.need(CAA_OK.test(val), `CAA value ${val} lets another authority issue`);
  }
  if (!zones.length)
    v.add({
      stack: '(config)',
      region: '-',
      logicalId: 'domains',
      type: 'config',
      property: 'hostedZoneId',
      value: m.config.domains.map((d) => d.hostedZoneId ?? 'created'),
    });
  return v.done(
    'ACM certificates validated by DNS renew automatically; CAA records in every zone let only Amazon issue certificates.',
  );
};

const MIN_HSTS = 63072000;

/** Header values of a response headers policy. */
function headersOk(v: Verdict, p: Res, m: StageModel): void {
  const cfg = (getPath(propsOf(p), 'ResponseHeadersPolicyConfig') as any) ?? {};
  const sh = cfg.SecurityHeadersConfig ?? {};
  const e = m.config.edge;
  v.add(
    ev(p, 'ResponseHeadersPolicyConfig.SecurityHeadersConfig', sh),
    ev(p, 'ResponseHeadersPolicyConfig.CustomHeadersConfig'),
    ev(p, 'ResponseHeadersPolicyConfig.RemoveHeadersConfig'),
  );
  const hsts = sh.StrictTransportSecurity ?? {};
  v.need(
    hsts.AccessControlMaxAgeSec >= MIN_HSTS &&
      hsts.IncludeSubdomains === true &&
      hsts.Preload === true &&
      hsts.Override === true,
    `${p.id}: HSTS is not two years + includeSubDomains + preload, overriding the origin`,
  );
  const csp = sh.ContentSecurityPolicy ?? {};
  v.need(
    csp.Override === true && csp.ContentSecurityPolicy === e.contentSecurityPolicy,
    `${p.id}: CSP is not the configured policy, overriding the origin`,
  );
  v.need(
    !/'unsafe-(inline|eval)'/.test(csp.ContentSecurityPolicy ?? '') &&
      /default-src/.test(csp.ContentSecurityPolicy ?? '') &&
      /frame-ancestors/.test(csp.ContentSecurityPolicy ?? '') &&
      /object-src 'none'/.test(csp.ContentSecurityPolicy ?? ''),
    `${p.id}: CSP is not strict`,
  );
  v.need(
    ['DENY', 'SAMEORIGIN'].includes(sh.FrameOptions?.FrameOption) && sh.FrameOptions?.Override === true,
    `${p.id}: no X-Frame-Options`,
  );
  v.need(sh.ContentTypeOptions?.Override === true, `${p.id}: no X-Content-Type-Options`);
  v.need(
    ['strict-origin-when-cross-origin', 'no-referrer', 'same-origin', 'strict-origin'].includes(
      sh.ReferrerPolicy?.ReferrerPolicy,
    ) && sh.ReferrerPolicy?.Override === true,
    `${p.id}: Referrer-Policy ${sh.ReferrerPolicy?.ReferrerPolicy} is not strict`,
  );
  const custom = asArray(cfg.CustomHeadersConfig?.Items);
  const header = (n: string) => custom.find((h: any) => String(h.Header).toLowerCase() === n.toLowerCase());
  v.need(header('Permissions-Policy')?.Value === e.permissionsPolicy, `${p.id}: no Permissions-Policy`);
  if (e.xssProtection === '0')
    v.need(
      sh.XSSProtection?.Protection === false && sh.XSSProtection?.Override === true,
      `${p.id}: X-XSS-Protection is not "0"`,
    );
  else if (e.xssProtection === 'omit')
    v.need(sh.XSSProtection === undefined, `${p.id}: X-XSS-Protection is sent though configured "omit"`);
  else
    v.need(
      sh.XSSProtection?.Protection === true && sh.XSSProtection?.ModeBlock === true,
      `${p.id}: X-XSS-Protection is not "1; mode=block"`,
    );
  if (e.expectCtMaxAge === 0) v.need(!header('Expect-CT'), `${p.id}: sends the obsolete Expect-CT`);
  else
    v.need(
      String(header('Expect-CT')?.Value ?? '').includes(`max-age=${e.expectCtMaxAge}`),
      `${p.id}: Expect-CT max-age ${e.expectCtMaxAge} is not sent`,
    );
  const removed = asArray(cfg.RemoveHeadersConfig?.Items).map((h: any) => String(h.Header).toLowerCase());
  v.need(
    removed.includes('server') && removed.includes('x-powered-by'),
    `${p.id}: Server and X-Powered-By are not removed`,
  );
}

/** The ALB's own response headers (listener attributes), defense in depth. */
function albHeaders(m: StageModel): ClaimResult {
  const v = new Verdict('EDGE-4');
  const https = HTTPS_LISTENERS(m);
  v.need(https.length > 0, 'no HTTPS listener');
  for (const l of https) {
    const attrs = Object.fromEntries(asArray(propsOf(l).ListenerAttributes).map((a: any) => [a.Key, a.Value]));
    v.add(ev(l, 'ListenerAttributes', attrs));
    for (const k of [
      'strict_transport_security',
      'content_security_policy',
      'x_content_type_options',
      'x_frame_options',
    ]) {
      v.want(
        !!attrs[`routing.http.response.${k}.header_value`],
        `listener ${l.id} does not set ${k.replace(/_/g, '-')}`,
      );
    }
    v.want(
      /max-age=(\d+)/.test(attrs['routing.http.response.strict_transport_security.header_value'] ?? '') &&
        Number(/max-age=(\d+)/.exec(attrs['routing.http.response.strict_transport_security.header_value'])![1]) >=
          MIN_HSTS,
      `listener ${l.id}: HSTS under two years`,
    );
  }
  return v.done('ALB');
}

export const edge4: Checker = (m) => {
  const cf = cloudFront(
    m,
    'EDGE-4',
    (v, d) => {
      for (const { name, b } of behaviors(d)) {
        const p = resolve(m, d.stack, b.ResponseHeadersPolicyId);
        v.add(ev(d, `DistributionConfig.${name}.ResponseHeadersPolicyId`, text(b.ResponseHeadersPolicyId)));
        if (
          v.need(
            p?.r.Type === 'AWS::CloudFront::ResponseHeadersPolicy',
            `${name} of ${d.id} has no declared response headers policy`,
          )
        )
          headersOk(v, p!, m);
      }
    },
    'CloudFront',
  );
  return worst(
    'EDGE-4',
    [cf, albHeaders(m)],
    'A response headers policy on every behavior: HSTS two years with includeSubDomains and preload, a strict CSP, X-Frame-Options, X-Content-Type-Options, Referrer-Policy, Permissions-Policy, all overriding the origin; Server and X-Powered-By removed; X-XSS-Protection: 0 and no Expect-CT (obsolete). The load balancer sets the same headers as defense in depth.',
  );
};

export const edge5: Checker = (m) => {
  if (internalStage(m)) return notApplicable('EDGE-5', `${NO_CF}; the load balancer is internal (ORG-2)`);
  const parts = [edge1(m), edge2(m), edge3(m), edge4(m)];
  const v = new Verdict('EDGE-5');
  for (const p of parts) v.need(p.status === 'kept', `${p.id} is ${p.status}`);
  for (const lb of albs(m)) {
    v.add(ev(lb, 'Scheme', propsOf(lb).Scheme ?? 'internet-facing (default)'));
    if (propsOf(lb).Scheme === 'internal') {
      const vo = resources(m, 'AWS::CloudFront::VpcOrigin').filter(
        (o) => resolve(m, o.stack, getPath(propsOf(o), 'VpcOriginEndpointConfig.Arn'))?.id === lb.id,
      );
      vo.forEach((o) =>
        v.add(ev(o, 'VpcOriginEndpointConfig.Arn', text(getPath(propsOf(o), 'VpcOriginEndpointConfig.Arn')))),
      );
      v.need(vo.length > 0, `internal load balancer ${lb.id} is not the target of a CloudFront VPC origin`);
    } else {
      const sgs = asArray(propsOf(lb).SecurityGroups)
        .map((g) => resolve(m, lb.stack, g))
        .filter((g): g is Res => !!g);
      const ins = sgs.flatMap((g) => [
        ...asArray(propsOf(g).SecurityGroupIngress),
        ...resources(m, 'AWS::EC2::SecurityGroupIngress')
          .filter((i) => resolve(m, i.stack, propsOf(i).GroupId)?.id === g.id)
          .map(propsOf),
      ]);
      v.need(
        ins.length > 0 && ins.every((i: any) => i.SourcePrefixListId !== undefined),
        `internet-facing load balancer ${lb.id} admits more than the CloudFront origin-facing prefix list`,
      );
      v.need(
        resources(m, 'AWS::ElasticLoadBalancingV2::ListenerRule').some((r) =>
          asArray(propsOf(r).Conditions).some((c: any) => c.Field === 'http-header'),
        ),
        `internet-facing load balancer ${lb.id} checks no secret origin header`,
      );
    }
  }
  return v.done(
    'With HSTS and TLS 1.2+ only (EDGE-1..4), and the load balancer internal, reachable only through a CloudFront VPC origin.',
  );
};

/** The rate-based rules of an ACL with their scope-down text. */
function rateRules(acl: Res): Array<{ rule: any; limit: number; scope: string; key: string }> {
  return asArray(propsOf(acl).Rules)
    .filter((r: any) => r.Statement?.RateBasedStatement)
    .map((r: any) => ({
      rule: r,
      limit: r.Statement.RateBasedStatement.Limit,
      key: r.Statement.RateBasedStatement.AggregateKeyType,
      scope: JSON.stringify(r.Statement.RateBasedStatement.ScopeDownStatement ?? {}),
    }));
}

export const edge6: Checker = (m) => {
  if (internalStage(m))
    return notApplicable(
      'EDGE-6',
      "internal stage: no public login page (ORG-2); login protection is on the public stage's CloudFront web ACL",
    );
  const v = new Verdict('EDGE-6');
  const e = m.config.edge;
  const acls = resources(m, 'AWS::WAFv2::WebACL').filter((a) => propsOf(a).Scope === 'CLOUDFRONT');
  v.need(acls.length > 0, 'no CLOUDFRONT web ACL');
  for (const acl of acls) {
    const atp = managedGroups(acl).find((g) => g.name === 'AWSManagedRulesATPRuleSet');
    const cfg = asArray(atp?.rule.Statement.ManagedRuleGroupStatement.ManagedRuleGroupConfigs)
      .map((c: any) => c.AWSManagedRulesATPRuleSet)
      .find(Boolean);
    v.add(
      ev(acl, 'Rules[AWSManagedRulesATPRuleSet].LoginPath', cfg?.LoginPath),
      ev(
        acl,
        'Rules[AWSManagedRulesATPRuleSet].ResponseInspection',
        cfg?.ResponseInspection ? 'configured' : '(absent)',
      ),
    );
    v.need(
      !!atp && !atp.counting && cfg?.LoginPath === e.loginPath,
      `${acl.id}: no blocking account takeover prevention on ${e.loginPath}`,
    );
    v.want(
      !!cfg?.ResponseInspection,
      `${acl.id}: ATP has no response inspection, so failed logins do not lock an attacker out`,
    );
    const rate = rateRules(acl).filter(
      (r) => r.key === 'IP' && r.scope.includes(e.loginPath) && e.passwordResetPaths.every((p) => r.scope.includes(p)),
    );
    rate.forEach((r) => v.add(ev(acl, `Rules[${r.rule.Name}].RateBasedStatement.Limit`, r.limit)));
    v.need(
      rate.some((r) => r.limit === e.loginRateLimit),
      `${acl.id}: no per-IP rate rule of ${e.loginRateLimit} on ${[e.loginPath, ...e.passwordResetPaths].join(', ')}`,
    );
  }
  return v.done(
    `WAF account takeover prevention on ${e.loginPath} (failed logins lock the source out) and at most ${e.loginRateLimit} requests per IP per 5 minutes on the login and password-reset paths.`,
  );
};

export const edge7: Checker = (m) =>
  cloudFront(
    m,
    'EDGE-7',
    (v, d) => {
      for (const { name, b } of behaviors(d)) {
        const fa = asArray(b.FunctionAssociations).filter((f: any) => f.EventType === 'viewer-response');
        const fns = fa
          .map((f: any) => resolve(m, d.stack, f.FunctionARN))
          .filter((f): f is Res => f?.r.Type === 'AWS::CloudFront::Function');
        v.add(
          ev(
            d,
            `DistributionConfig.${name}.FunctionAssociations`,
            fa.map((f: any) => text(f.FunctionARN)),
          ),
        );
        if (!v.need(fns.length > 0, `${name} of ${d.id} has no viewer-response cookie function`)) continue;
        for (const f of fns) {
          const code = String(propsOf(f).FunctionCode ?? '');
          v.add(ev(f, 'FunctionConfig.Runtime'));
          v.need(
            getPath(propsOf(f), 'FunctionConfig.Runtime') === 'cloudfront-js-2.0',
            `${f.id} is not on cloudfront-js-2.0`,
          );
          v.need(
            /set-cookie|cookies/i.test(code) && /Secure/.test(code) && /HttpOnly/i.test(code),
            `${f.id} does not add Secure and HttpOnly to cookies`,
          );
        }
      }
    },
    'A CloudFront Function on viewer response adds Secure, HttpOnly and SameSite to every Set-Cookie that lacks them, on every behavior.',
  );

const WAF_BASE = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];

function aclChecks(m: StageModel, v: Verdict, acl: Res): void {
  const groups = managedGroups(acl);
  v.add(
    ev(acl, 'Scope'),
    ev(
      acl,
      'Rules (managed groups)',
      groups.map((g) => `${g.name}${g.counting ? ' (count)' : ''}`),
    ),
  );
  for (const g of WAF_BASE)
    v.need(
      groups.some((x) => x.name === g && !x.counting),
      `${acl.id}: ${g} missing or counting only`,
    );
  const logging = resources(m, 'AWS::WAFv2::LoggingConfiguration').filter(
    (l) => resolve(m, l.stack, propsOf(l).ResourceArn)?.id === acl.id,
  );
  logging.forEach((l) => v.add(ev(l, 'RedactedFields')));
  if (!v.need(logging.length > 0, `${acl.id}: no logging configuration`)) return;
  const red = JSON.stringify(logging.map((l) => propsOf(l).RedactedFields)).toLowerCase();
  v.need(
    red.includes('authorization') && red.includes('cookie'),
    `${acl.id}: logs do not redact Authorization and cookies`,
  );
}

export const edge8: Checker = (m) => {
  const v = new Verdict('EDGE-8');
  const acls = resources(m, 'AWS::WAFv2::WebACL');
  if (!internalStage(m)) {
    const cf = acls.filter((a) => propsOf(a).Scope === 'CLOUDFRONT');
    v.need(cf.length > 0 && cf.every((a) => a.stack.region === 'us-east-1'), 'no CLOUDFRONT web ACL in us-east-1');
    for (const d of dists(m)) {
      v.add(ev(d, 'DistributionConfig.WebACLId', text(getPath(propsOf(d), 'DistributionConfig.WebACLId'))));
      v.need(
        resolve(m, d.stack, getPath(propsOf(d), 'DistributionConfig.WebACLId'))?.r.Type === 'AWS::WAFv2::WebACL',
        `distribution ${d.id} has no web ACL`,
      );
    }
  }
  for (const lb of albs(m)) {
    const assoc = resources(m, 'AWS::WAFv2::WebACLAssociation').filter(
      (a) => resolve(m, a.stack, propsOf(a).ResourceArn)?.id === lb.id,
    );
    assoc.forEach((a) => v.add(ev(a, 'WebACLArn', text(propsOf(a).WebACLArn))));
    if (propsOf(lb).Scheme !== 'internal')
      v.need(assoc.length > 0, `internet-facing load balancer ${lb.id} has no regional web ACL`);
  }
  if (internalStage(m) && !acls.length)
    return notApplicable('EDGE-8', 'internal stage: no public entry to put a WAF in front of (ORG-2)');
  for (const acl of acls) aclChecks(m, v, acl);
  return v.done(
    'Web ACLs with the common, known-bad-inputs, SQL injection and IP reputation rule groups: CLOUDFRONT scope in us-east-1 on the distribution and REGIONAL on the load balancer; logs redact Authorization and cookies.',
  );
};

const www = (d: string) => [d, `www.${d}`];

export const edge9: Checker = (m) => {
  const v = new Verdict('EDGE-9');
  const domains = m.config.domains.map((d) => d.name);
  v.add({ stack: '(config)', region: '-', logicalId: 'domains', type: 'config', property: 'name', value: domains });
  const certs = resources(m, 'AWS::CertificateManager::Certificate');
  const covered = (name: string, region?: string) =>
    certs.some(
      (c) =>
        (!region || c.stack.region === region) &&
        [propsOf(c).DomainName, ...asArray(propsOf(c).SubjectAlternativeNames)]
          .map(text)
          .some((n) => n === name || (n.startsWith('*.') && name.endsWith(n.slice(1)))),
    );
  const identities = resources(m, 'AWS::SES::EmailIdentity').map((i) => text(propsOf(i).EmailIdentity));
  for (const d of domains) {
    v.need(
      certs.some((c) =>
        [propsOf(c).DomainName, ...asArray(propsOf(c).SubjectAlternativeNames)]
          .map(text)
          .some((n) => n === d || n.endsWith(`.${d}`)),
      ),
      `no certificate for ${d}`,
    );
    v.need(identities.includes(d), `no SES identity for ${d}`);
    if (!internalStage(m)) {
      for (const n of www(d)) v.need(covered(n, 'us-east-1'), `the CloudFront certificate does not cover ${n}`);
      const aliases = dists(m).flatMap((x) => asArray(getPath(propsOf(x), 'DistributionConfig.Aliases')).map(text));
      for (const n of www(d)) v.need(aliases.includes(n), `${n} is not an alias of the distribution`);
      const records = resources(m, 'AWS::Route53::RecordSet').filter(
        (r) => ['A', 'AAAA'].includes(propsOf(r).Type) && www(d).includes(text(propsOf(r).Name).replace(/\.$/, '')),
      );
      v.need(
        records.some((r) => text(propsOf(r).Name).replace(/\.$/, '') === d),
        `no A/AAAA record for ${d}`,
      );
    }
  }
  dists(m).forEach((d) => v.add(ev(d, 'DistributionConfig.Aliases')));
  return v.done(
    internalStage(m)
      ? `${domains.join(', ')}: certificate and mail identity each; no public aliases or DNS on this internal stage (ORG-2).`
      : `${domains.join(', ')}: each with apex and www on the certificate and the distribution, DNS records and a mail identity.`,
  );
};

export const org2: Checker = (m) => {
  const v = new Verdict('ORG-2');
  const ds = dists(m);
  const lbs = albs(m);
  const privateZone = (r: Res) => !!propsOf(resolve(m, r.stack, propsOf(r).HostedZoneId) ?? ({ r: {} } as Res)).VPCs;
  const entries = resources(m, 'AWS::Route53::RecordSet').filter(
    (r) =>
      !privateZone(r) &&
      (['A', 'AAAA'].includes(propsOf(r).Type) ||
        (propsOf(r).Type === 'CNAME' && !/_domainkey|DkimDNSToken/.test(JSON.stringify(propsOf(r))))),
  );
  const natEips = new Set(
    resources(m, 'AWS::EC2::NatGateway').map((n) => resolve(m, n.stack, propsOf(n).AllocationId)?.id),
  );
  lbs.forEach((l) => v.add(ev(l, 'Scheme', propsOf(l).Scheme ?? 'internet-facing (default)')));
  v.add({
    stack: '(config)',
    region: '-',
    logicalId: 'exposure',
    type: 'config',
    property: 'exposure',
    value: m.config.exposure,
  });
  if (!internalStage(m)) {
    lbs.forEach((l) =>
      v.need(
        propsOf(l).Scheme === 'internal',
        `load balancer ${l.id} is internet-facing; the public entry is CloudFront only`,
      ),
    );
    const r = v.done('Production: the only public entry is CloudFront; the load balancer is internal.');
    return r.status === 'kept'
      ? notApplicable(
          'ORG-2',
          'public (production) stage: the claim is about development and test stages; here too the load balancer is internal and CloudFront is the only public entry',
          r.evidence,
        )
      : r;
  }
  v.need(ds.length === 0, `${ds.length} CloudFront distribution(s) in an internal stage`);
  lbs.forEach((l) => v.need(propsOf(l).Scheme === 'internal', `load balancer ${l.id} is internet-facing`));
  v.need(
    entries.length === 0,
    `public DNS entries in an internal stage: ${entries.map((e) => text(propsOf(e).Name)).join(', ')}`,
  );
  v.need(
    resources(m, ['AWS::EC2::EIP', 'AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api', 'AWS::Lambda::Url']).filter(
      (x) => x.r.Type !== 'AWS::EC2::EIP' || !natEips.has(x.id),
    ).length === 0,
    'another public entry (API, function URL, Elastic IP) exists',
  );
  for (const g of resources(m, 'AWS::EC2::SecurityGroup')) {
    for (const i of asArray(propsOf(g).SecurityGroupIngress))
      v.need(
        !['0.0.0.0/0', '::/0'].includes((i as any).CidrIp ?? (i as any).CidrIpv6),
        `security group ${g.id} admits the internet`,
      );
  }
  for (const i of resources(m, 'AWS::EC2::SecurityGroupIngress'))
    v.need(
      !['0.0.0.0/0', '::/0'].includes(propsOf(i).CidrIp ?? propsOf(i).CidrIpv6),
      `ingress ${i.id} admits the internet`,
    );
  return v.done(
    'No CloudFront, no public DNS entry, no internet-facing load balancer, no security group open to the internet: the stage is reachable from the VPC only.',
  );
};

export const edgeCheckers: Record<string, Checker> = {
  'EDGE-1': edge1,
  'EDGE-2': edge2,
  'EDGE-3': edge3,
  'EDGE-4': edge4,
  'EDGE-5': edge5,
  'EDGE-6': edge6,
  'EDGE-7': edge7,
  'EDGE-8': edge8,
  'EDGE-9': edge9,
  'ORG-2': org2,
};
