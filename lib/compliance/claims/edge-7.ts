import { EDGE_REGION } from '../../defaults/constants';
import { behaviors, cloudFront, responseTriggerCovers } from '../model/edge';
import { actionsOf, roleStatements, statementsOf } from '../model/iam';
import { asArray, field, getPath, type JsonObject } from '../model/json';
import { ev, note, prop, propsOf, type Res, resolve, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import type { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'EDGE-7';

/** What a login flow answers: success, redirect, and the error statuses a viewer-response trigger skips. */
const STATUSES = [200, 302, 401, 403, 500] as const;

/** Node.js runtimes Lambda@Edge runs (the current ones of Lambda's supported list). */
const EDGE_NODE_RUNTIME = /^nodejs(2[2-9]|[3-9]\d)\.x$/;

/** The settings line the cookie function's code carries (Lambda@Edge has no environment variables). */
const SETTINGS_LINE = /^const SETTINGS = (\{.*\});$/m;

/** The only actions the function's role may have: writing its own logs. */
const LOG_ACTIONS = new Set(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']);

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A function associated on a response trigger of one behavior. */
interface Association {
  readonly trigger: string;
  readonly fn: Res;
}

/** Whether a function's code hardens Set-Cookie headers: Secure, HttpOnly and SameSite. */
function hardensCookies(fn: Res): boolean {
  const code = String(prop(fn, 'Code.ZipFile') ?? propsOf(fn).FunctionCode ?? '');
  return /set-cookie|cookies/i.test(code) && /Secure/.test(code) && /HttpOnly/i.test(code) && /SameSite/i.test(code);
}

/** Cookie functions of a behavior: Lambda@Edge (through its version) and CloudFront Functions, by trigger. */
function associations(m: StageModel, d: Res, b: JsonObject): Association[] {
  const edge = asArray(b.LambdaFunctionAssociations).flatMap((a) => {
    const version = resolve(m, d.stack, field(a, 'LambdaFunctionARN'));
    const fn =
      version?.r.Type === 'AWS::Lambda::Version' ? resolve(m, version.stack, prop(version, 'FunctionName')) : version;
    return fn?.r.Type === 'AWS::Lambda::Function' ? [{ trigger: String(field(a, 'EventType')), fn }] : [];
  });
  const cf = asArray(b.FunctionAssociations).flatMap((a) => {
    const fn = resolve(m, d.stack, field(a, 'FunctionARN'));
    return fn?.r.Type === 'AWS::CloudFront::Function' ? [{ trigger: String(field(a, 'EventType')), fn }] : [];
  });
  return [...edge, ...cf].filter((a) => hardensCookies(a.fn));
}

/** A CloudFront Function kept on viewer response: the runtime that supports the cookies object. */
function checkCloudFrontFunction(v: Verdict, fn: Res): void {
  v.add(ev(fn, 'FunctionConfig.Runtime'));
  v.need(prop(fn, 'FunctionConfig.Runtime') === 'cloudfront-js-2.0', `${fn.id} is not on cloudfront-js-2.0`);
}

/** The Lambda@Edge log groups: declared in us-east-1 (encrypted, with retention), created by Lambda@Edge elsewhere. */
function checkLogGroups(v: Verdict, fn: Res, name: string): void {
  const groupName = `/aws/lambda/${EDGE_REGION}.${name}`;
  const declared = resources([fn.stack], 'AWS::Logs::LogGroup').find(
    (g) => text(prop(g, 'LogGroupName')) === groupName,
  );
  if (declared) v.add(ev(declared, 'KmsKeyId'), ev(declared, 'RetentionInDays'));
  v.want(
    !!declared && prop(declared, 'KmsKeyId') !== undefined && prop(declared, 'RetentionInDays') !== undefined,
    `${groupName} is not declared in ${EDGE_REGION} with a key and a retention`,
  );
  v.add(
    note(
      fn.stack.name,
      fn.id,
      'Lambda@Edge log groups',
      `${groupName} outside ${EDGE_REGION}`,
      'created by Lambda@Edge on first use in each region whose regional edge cache runs the function (the role ' +
        "may create them): no retention and CloudWatch Logs' own encryption unless the account's log-group " +
        'StackSet creates them first',
      '*',
    ),
  );
}

/** The role: trusted by Lambda@Edge, and allowed nothing but writing the function's own log groups. */
function checkRole(m: StageModel, v: Verdict, fn: Res, name: string): void {
  const role = resolve(m, fn.stack, propsOf(fn).Role);
  if (!v.need(role?.r.Type === 'AWS::IAM::Role', `${fn.id}: its role is not a role of the stage`) || !role) return;
  const trusted = statementsOf(propsOf(role).AssumeRolePolicyDocument).flatMap((s) =>
    asArray(getPath(s, 'Principal.Service')).map(String),
  );
  v.add(ev(role, 'AssumeRolePolicyDocument', trusted));
  v.need(trusted.includes('edgelambda.amazonaws.com'), `${role.id} is not trusted by edgelambda.amazonaws.com`);
  // AWS-managed policies cannot be read here; the stage's own are read with the role's other statements.
  const awsManaged = asArray(propsOf(role).ManagedPolicyArns).filter((arn) => !resolve(m, role.stack, arn));
  v.need(!awsManaged.length, `${role.id} has AWS-managed policies attached: ${awsManaged.map(text).join(', ')}`);
  const group = `/aws/lambda/${EDGE_REGION}.${name}`;
  // Any partition, region and account field (literal or a `${...}` placeholder), then exactly its own group.
  const part = '(?:\\$\\{[^}]*\\}|[^:$]*)';
  const own = new RegExp(
    `^arn:${part}:logs:${part}:${part}:log-group:${escapeRegExp(group)}(?::\\*|:log-stream:\\*)?$`,
  );
  for (const { stmt, doc } of roleStatements(m, role)) {
    if (stmt.Effect !== 'Allow') continue;
    v.add(ev(doc.res, doc.property, stmt));
    const extra = actionsOf(stmt).filter((a) => !LOG_ACTIONS.has(a));
    const elsewhere = asArray(stmt.Resource)
      .map(text)
      .filter((r) => !own.test(r));
    v.need(!extra.length, `${role.id} may ${extra.join(', ')}: more than writing its logs`);
    v.need(!elsewhere.length, `${role.id} may write outside its log group ${group}: ${elsewhere.join(', ')}`);
  }
}

/** The Lambda@Edge function: us-east-1, a current Node.js runtime, no environment, settings as the stage says. */
function checkEdgeFunction(m: StageModel, v: Verdict, fn: Res): void {
  const name = text(prop(fn, 'FunctionName'));
  v.add(ev(fn, 'FunctionName'), ev(fn, 'Runtime'), ev(fn, 'Environment'));
  v.need(fn.stack.region === EDGE_REGION, `${fn.id} is in ${fn.stack.region}: Lambda@Edge runs ${EDGE_REGION} only`);
  v.need(EDGE_NODE_RUNTIME.test(String(prop(fn, 'Runtime'))), `${fn.id} is not on a current Node.js runtime`);
  v.need(prop(fn, 'Environment') === undefined, `${fn.id} has environment variables, which Lambda@Edge refuses`);
  const line = String(prop(fn, 'Code.ZipFile') ?? '').match(SETTINGS_LINE);
  let baked: unknown;
  try {
    baked = line ? JSON.parse(line[1]) : undefined;
  } catch {
    baked = undefined;
  }
  v.add(ev(fn, 'Code.ZipFile(SETTINGS)', line ? line[1] : '(none)'));
  const allowsNone = field(baked, 'allowSameSiteNone');
  if (v.need(typeof allowsNone === 'boolean', `${fn.id}: no settings line in its code`)) {
    v.need(
      !allowsNone || m.config.edge.allowSameSiteNone,
      `${fn.id} keeps SameSite=None while the stage does not allow it (edge.allowSameSiteNone false)`,
    );
  }
  checkRole(m, v, fn, name);
  checkLogGroups(v, fn, name);
}

/** Every behavior hardens cookies on every status: 200, 302, and the 401, 403 and 500 a viewer trigger skips. */
function checkDistribution(m: StageModel, v: Verdict, d: Res): void {
  const checked = new Set<string>();
  for (const { name, b } of behaviors(d)) {
    v.add(
      ev(d, `DistributionConfig.${name}.LambdaFunctionAssociations`, asArray(b.LambdaFunctionAssociations)),
      ev(d, `DistributionConfig.${name}.FunctionAssociations`, asArray(b.FunctionAssociations)),
    );
    const found = associations(m, d, b);
    const uncovered = STATUSES.filter((s) => !found.some((a) => responseTriggerCovers(a.trigger, s)));
    v.need(
      !uncovered.length,
      found.length
        ? `${name} of ${d.id}: cookies on ${uncovered.join(', ')} responses are not hardened (a viewer-response ` +
            'function does not run when the origin answers 400 or more)'
        : `${name} of ${d.id} has no cookie-hardening function`,
    );
    for (const { fn } of found) {
      if (checked.has(fn.id)) continue;
      checked.add(fn.id);
      if (fn.r.Type === 'AWS::Lambda::Function') checkEdgeFunction(m, v, fn);
      else checkCloudFrontFunction(v, fn);
    }
  }
}

export const edge7: Claim = {
  id: ID,
  promise: 'cookies always HttpOnly and Secure',
  declared:
    'a Lambda@Edge function (us-east-1, current Node.js runtime, no environment variables, a role that may only ' +
    'write its own log groups) on origin response of every behavior, so on every status the origin returns ' +
    '(CloudFront Functions on viewer response do not run when the origin answers 400 or more) and, through the ' +
    'cache, on cached responses: it adds `Secure`, `HttpOnly` and `SameSite` to every Set-Cookie missing them, ' +
    'rewrites `SameSite=None` to `Lax` unless `edge.allowSameSiteNone`, fixes an empty `SameSite=`, gives ' +
    "`__Host-` cookies `Path=/` and no `Domain`; its handler's unit tests run it on crafted origin-response events " +
    '(200, 302, 401, 403, 500)',
  check: (m) =>
    cloudFront(
      m,
      ID,
      (v, d) => checkDistribution(m, v, d),
      'A Lambda@Edge function on origin response of every behavior hardens every Set-Cookie (Secure, HttpOnly, ' +
        'SameSite) on every status the origin returns, 4xx and 5xx included; cached responses keep its headers.',
    ),
  page: [
    {
      section: 'website',
      text: (m) =>
        '**Cookies** are marked Secure, HttpOnly and SameSite (Lax unless the application asks for Strict' +
        `${m.config.edge.allowSameSiteNone ? ' or None' : ''}) by our CDN on every response, error responses ` +
        'included, whatever the application sends.',
    },
  ],
};
