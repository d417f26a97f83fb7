import { pathVariants, statementMatches } from '../../core/waf-match';
import { aclsBehindVpcOrigin, internalStage, managedGroups, rateRules } from '../model/edge';
import { asArray, getPath, isObject, type JsonObject } from '../model/json';
import { ev, propsOf, type Res, resources, sameRes } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'EDGE-10';

/**
 * Rules that read the connection address (managed groups keyed on it, and address statements): behind a VPC
 * origin that address is one of CloudFront's in the VPC, so they never see a client.
 */
const ADDRESS_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesATPRuleSet',
  'AWSManagedRulesACFPRuleSet',
];
const ADDRESS_STATEMENTS = ['IPSetReferenceStatement', 'GeoMatchStatement', 'AsnMatchStatement'];

/** Transformations a path scope-down needs, each satisfied by any of its types, in this order. */
const PATH_STEPS: ReadonlyArray<readonly string[]> = [
  ['URL_DECODE', 'URL_DECODE_UNI'],
  ['NORMALIZE_PATH', 'NORMALIZE_PATH_WIN'],
  ['LOWERCASE'],
];

/** Every object in a JSON value, with the key that holds it (depth first). */
function* members(v: unknown, key = ''): Generator<[string, JsonObject]> {
  if (!isObject(v)) return;
  if (!Array.isArray(v)) yield [key, v];
  for (const [k, x] of Object.entries(v)) yield* members(x, Array.isArray(v) ? key : k);
}

/** No rule of any ACL takes an address from a header: every header reaching WAF here is client-written. */
function checkNoForwardedAddress(v: Verdict, acl: Res): void {
  for (const r of asArray(propsOf(acl).Rules)) {
    const header = [...members(r)].find(([k, x]) => /ForwardedIP/.test(k) || x.AggregateKeyType === 'FORWARDED_IP');
    v.need(
      !header,
      `${acl.id}: rule ${String(getPath(r, 'Name'))} keys on an address taken from a request header, whose first ` +
        'entry the client writes (X-Forwarded-For: CloudFront appends the real address at the end)',
    );
  }
}

/** Behind the VPC origin: no rule reads the connection address, no rate rule counts per client. */
function checkBehindVpcOrigin(v: Verdict, acl: Res): void {
  const groups = managedGroups(acl).map((g) => g.name);
  v.add(ev(acl, 'Rules (managed groups)', groups));
  for (const g of groups.filter((x) => ADDRESS_GROUPS.includes(x)))
    v.need(false, `${acl.id}: ${g} runs behind the VPC origin, where it sees only CloudFront's private addresses`);
  for (const [k] of members(propsOf(acl).Rules))
    if (ADDRESS_STATEMENTS.includes(k)) v.need(false, `${acl.id}: a ${k} behind the VPC origin sees private addresses`);
  for (const r of rateRules(acl)) {
    v.add(ev(acl, `Rules[${String(r.rule.Name)}].RateBasedStatement.AggregateKeyType`, r.key));
    v.need(
      r.key === 'CONSTANT',
      `${acl.id}: rate rule ${String(r.rule.Name)} counts per ${String(r.key)} behind the VPC origin, where no ` +
        'address names the client (CloudFront counts per client at the edge)',
    );
  }
}

/** The byte matches of a scope-down each decode, normalize and lowercase the path, in that order. */
function pathStepsProblem(scope: unknown): string | undefined {
  for (const [k, match] of members(scope)) {
    if (k !== 'ByteMatchStatement' || !isObject(match.FieldToMatch) || !('UriPath' in match.FieldToMatch)) continue;
    const types = asArray(match.TextTransformations as JsonObject[])
      .slice()
      .sort((a, b) => Number(a.Priority) - Number(b.Priority))
      .map((t) => String(t.Type));
    const at = PATH_STEPS.map((step) => types.findIndex((t) => step.includes(t)));
    if (at.some((i) => i < 0) || at.some((i, n) => n > 0 && i < at[n - 1]))
      return `${String(match.SearchString)} is transformed by [${types.join(', ')}], not URL decode, path normalization and lowercase in that order`;
  }
  return undefined;
}

/** The first spelling of `path` a scope-down does not count (none: it counts them all; no scope-down counts all). */
function missedSpelling(scope: unknown, path: string): string | undefined {
  if (scope === undefined) return undefined;
  if (!isObject(scope)) return path;
  return [path, ...pathVariants(path)].find((target) => {
    try {
      return !statementMatches(scope, { target });
    } catch {
      return true;
    }
  });
}

/** Where the ACL sees its clients: rate rules on the connection address, over every spelling of the paths. */
function checkSeesClients(m: StageModel, v: Verdict, acl: Res): void {
  const e = m.config.edge;
  const rates = rateRules(acl);
  for (const r of rates) {
    const name = String(r.rule.Name);
    const scope = getPath(r.rule, 'Statement.RateBasedStatement.ScopeDownStatement');
    v.add(
      ev(acl, `Rules[${name}].RateBasedStatement.AggregateKeyType`, r.key),
      ev(acl, `Rules[${name}].RateBasedStatement.ScopeDownStatement (transformations)`, transformationsOf(scope)),
    );
    v.need(r.key === 'IP', `${acl.id}: rate rule ${name} is keyed on ${String(r.key)}, not the connection address`);
    const problem = pathStepsProblem(scope);
    v.need(!problem, `${acl.id}: rate rule ${name}: ${problem}`);
  }
  const atp = managedGroups(acl).find((g) => g.name === 'AWSManagedRulesATPRuleSet');
  const atpScope = getPath(atp?.rule, 'Statement.ManagedRuleGroupStatement.ScopeDownStatement');
  if (atp && atpScope) {
    const missed = missedSpelling(atpScope, e.loginPath);
    v.need(!missed, `${acl.id}: the account takeover prevention scope-down does not count ${missed} as ${e.loginPath}`);
  }
  if (!rates.length) return;
  for (const path of [e.loginPath, ...e.passwordResetPaths, ...e.mailSendingPaths]) {
    const misses = rates.map((r) =>
      missedSpelling(getPath(r.rule, 'Statement.RateBasedStatement.ScopeDownStatement'), path),
    );
    v.need(
      misses.some((x) => x === undefined),
      `${acl.id}: no rate rule counts ${misses.find(Boolean)} as ${path}`,
    );
  }
}

const transformationsOf = (scope: unknown): string[] => [
  ...new Set(
    [...members(scope)]
      .filter(([k]) => k === 'ByteMatchStatement')
      .map(([, x]) =>
        asArray(x.TextTransformations as JsonObject[])
          .map((t) => String(t.Type))
          .join(' > '),
      ),
  ),
];

export const edge10: Claim = {
  id: ID,
  promise: 'brute-force and abuse limits count the real client',
  declared:
    'no WAF rule keys on an address the client can write: a rate rule behind CloudFront never keys on the first ' +
    '`X-Forwarded-For` entry; IP-reputation and anonymous-IP rules run only where the web ACL sees client ' +
    'addresses (not behind a VPC origin, where it sees private ones); login and mail path scope-downs normalize ' +
    'the path (URL decode, path normalization, lowercase) so `/LOGIN`, `//login`, `/%6Cogin` count as `/login`',
  check: (m) => {
    const v = new Verdict(ID);
    const acls = resources(m, 'AWS::WAFv2::WebACL');
    v.need(acls.length > 0, 'no web ACL');
    const behind = aclsBehindVpcOrigin(m);
    const seeing = acls.filter((acl) => !behind.some((b) => sameRes(b, acl)));
    for (const acl of acls) {
      checkNoForwardedAddress(v, acl);
      if (seeing.includes(acl)) checkSeesClients(m, v, acl);
      else checkBehindVpcOrigin(v, acl);
    }
    v.need(
      internalStage(m) || seeing.some((acl) => rateRules(acl).length > 0),
      'no rate rule in a web ACL that sees client addresses: nothing counts the real client',
    );
    const login = m.config.edge.loginPath;
    const where = internalStage(m)
      ? 'Rate rules count the connection address: the web ACL of this internal stage sees its clients'
      : 'Rate rules count the connection address at CloudFront, which sees the clients; behind the VPC origin no ' +
        'rule keys on an address or runs an address list';
    return v.done(
      `${where}; every path scope-down URL-decodes, normalizes and lowercases the path, so ` +
        `${pathVariants(login).join(', ')} count as ${login}.`,
    );
  },
};
