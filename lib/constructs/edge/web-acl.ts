import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { applyTransformations, bytesOf, textOf } from '../../core/waf-match';
import { EDGE_REGION } from '../../defaults/constants';
import {
  DEFAULT_LOGIN_FAILURE_STATUS_CODES,
  DEFAULT_LOGIN_PASSWORD_FIELD,
  DEFAULT_LOGIN_PATH,
  DEFAULT_LOGIN_PAYLOAD_TYPE,
  DEFAULT_LOGIN_RATE_LIMIT,
  DEFAULT_LOGIN_SUCCESS_STATUS_CODES,
  DEFAULT_LOGIN_USERNAME_FIELD,
  DEFAULT_MAIL_RATE_LIMIT,
  DEFAULT_MAIL_SENDING_PATHS,
  DEFAULT_PASSWORD_RESET_PATHS,
  DEFAULT_WAF_LOG_RETENTION_DAYS,
  type LoginPayloadType,
} from '../../defaults/edge';
import { invalidProps } from '../../defaults/errors';
import { encryptedLogGroupProps } from '../../defaults/logs';
import { SecureKey } from '../secure-key';
import { WAF_METRICS } from './waf-metrics';

/**
 * Web ACL capacity units included in the base price; above it every request
 * costs more, and the hard limit is 5,000. The ACL must stay under this budget.
 */
export const WCU_BUDGET = 1500;

/**
 * Published WCU of each AWS managed rule group used here (AWS WAF developer guide, "AWS Managed Rules rule groups
 * list").
 */
export const MANAGED_GROUP_WCU = {
  AWSManagedRulesCommonRuleSet: 700,
  AWSManagedRulesKnownBadInputsRuleSet: 200,
  AWSManagedRulesSQLiRuleSet: 200,
  AWSManagedRulesAmazonIpReputationList: 25,
  AWSManagedRulesAnonymousIpList: 50,
  AWSManagedRulesATPRuleSet: 50,
} as const;

/** WCU of rule statements (AWS WAF developer guide, "Rule statements list"). */
const BYTE_MATCH_STARTS_WITH_WCU = 2;
const TEXT_TRANSFORMATION_WCU = 10;
const RATE_BASED_WCU = 2;

/**
 * EDGE-10: what every path scope-down does to the request's URI path before comparing it, in this order
 * (AWS WAF developer guide, "Text transformation options"): decode `%XX` first, so `/%6Cogin` and an encoded
 * `%2F` or `%2e` become what the application sees; then collapse doubled slashes, `/./` and `/x/../`
 * (the Windows variant also turns `\` into `/`, which costs nothing more and only counts more); then lower
 * case. `/LOGIN`, `//login`, `/%6Cogin` and `/login/` all become `/login/` or `/login`; `/login?x` is
 * `/login` already, since the URI path WAF inspects stops at the query string.
 */
export const PATH_TRANSFORMATIONS = ['URL_DECODE', 'NORMALIZE_PATH_WIN', 'LOWERCASE'] as const;

/** Rate-based rules count over five minutes, the window the rate limits are written for. */
const RATE_WINDOW_SECONDS = 300;

/**
 * Headers never written to WAF logs: they carry session cookies and credentials.
 * Request bodies (with the password fields) are never logged by WAF; the query
 * string is redacted too, because reset tokens and misposted passwords land there.
 */
export const REDACTED_HEADERS = ['authorization', 'cookie', 'x-api-key'] as const;

/**
 * What the rules protect and how hard: the login form, the paths that send mail, the limits and the
 * log retention. Named as in the stage config's `edge` section, so a caller can pass that section.
 */
export interface EdgeWebAclRules {
  /**
   * Login path: account takeover prevention and the per-IP login rate limit (EDGE-6).
   * @default DEFAULT_LOGIN_PATH ('/login')
   */
  readonly loginPath?: string;
  /**
   * Password-reset paths, rate-limited per IP with the login path (EDGE-6).
   * @default DEFAULT_PASSWORD_RESET_PATHS (['/password/reset'])
   */
  readonly passwordResetPaths?: readonly string[];
  /**
   * Paths that make the platform send an email, rate-limited per IP (MAIL-3).
   * @default DEFAULT_MAIL_SENDING_PATHS (['/password/reset', '/api/invitations'])
   */
  readonly mailSendingPaths?: readonly string[];
  /**
   * How the login form posts its credentials, so account takeover prevention can read them.
   * @default DEFAULT_LOGIN_PAYLOAD_TYPE ('FORM_ENCODED')
   */
  readonly loginPayloadType?: LoginPayloadType;
  /**
   * Username field of the login request: a form field name, or a JSON pointer for JSON.
   * @default DEFAULT_LOGIN_USERNAME_FIELD ('username')
   */
  readonly loginUsernameField?: string;
  /**
   * Password field of the login request: a form field name, or a JSON pointer for JSON.
   * @default DEFAULT_LOGIN_PASSWORD_FIELD ('password')
   */
  readonly loginPasswordField?: string;
  /**
   * Login response codes meaning success (response inspection, CLOUDFRONT scope only).
   * @default DEFAULT_LOGIN_SUCCESS_STATUS_CODES ([302, 303])
   */
  readonly loginSuccessStatusCodes?: readonly number[];
  /**
   * Login response codes meaning a failed attempt (response inspection, CLOUDFRONT scope only).
   * @default DEFAULT_LOGIN_FAILURE_STATUS_CODES ([401, 403])
   */
  readonly loginFailureStatusCodes?: readonly number[];
  /**
   * Requests per IP per 5 minutes on the login and password-reset paths.
   * @default DEFAULT_LOGIN_RATE_LIMIT (100)
   */
  readonly loginRateLimit?: number;
  /**
   * Requests per IP per 5 minutes on the mail-sending paths.
   * @default DEFAULT_MAIL_RATE_LIMIT (20)
   */
  readonly mailRateLimit?: number;
  /**
   * Days the WAF logs stay in CloudWatch Logs (a CloudWatch Logs retention value).
   * @default DEFAULT_WAF_LOG_RETENTION_DAYS (365)
   */
  readonly wafLogRetentionDays?: number;
}

/** Properties of {@link EdgeWebAcl}. */
export interface EdgeWebAclProps extends EdgeWebAclRules {
  /** CLOUDFRONT (must be created in us-east-1, {@link EDGE_REGION}) or REGIONAL (load balancer, same region). */
  readonly scope: 'CLOUDFRONT' | 'REGIONAL';
  /**
   * Name of the stage, in the WAF log group name `aws-waf-logs-<stageName>-<scope>` and the log key's description.
   */
  readonly stageName: string;
  /**
   * Whether the connections the ACL sees come from the clients themselves (EDGE-10). Set it to false for a
   * REGIONAL ACL behind a CloudFront VPC origin: its connections come from CloudFront's network interfaces in
   * the VPC, so an IP-keyed rule would count every user as one and an IP list would never match; and no header
   * names the client in a way the client cannot write. `FORWARDED_IP` takes the first address of the header
   * ("AWS WAF only evaluates the first IP address found in the specified HTTP header", CloudFormation
   * `ForwardedIPConfiguration`), and the first entry of `X-Forwarded-For` is the client's own text (CloudFront
   * appends the address it saw at the end). A custom key on the `CloudFront-Viewer-Address` header, which
   * CloudFront sets, keys on its whole value ("Each distinct value in the header contributes to the
   * aggregation instance", API reference `RateBasedStatementCustomKey`), and that value is `ip:port`: every
   * connection would be counted apart. Such an ACL therefore runs no rule keyed on an address: no per-IP rate
   * limit, no account takeover prevention, no IP reputation or anonymous-IP list; the CLOUDFRONT ACL in front
   * runs them on the connection address. It keeps the content rules. docs/web-edge.md gives the reasoning.
   * @default true
   */
  readonly seesClientAddresses?: boolean;
}

/** The rules with every default applied. */
type ResolvedRules = { readonly [K in keyof EdgeWebAclRules]-?: NonNullable<EdgeWebAclRules[K]> };

/** Rules in evaluation order, with their priorities and the capacity they use. */
class RuleList {
  readonly rules: wafv2.CfnWebACL.RuleProperty[] = [];
  capacity = 0;

  add(rule: Omit<wafv2.CfnWebACL.RuleProperty, 'priority'>, wcu: number): void {
    this.rules.push({ ...rule, priority: this.rules.length });
    this.capacity += wcu;
  }
}

/**
 * A WAF web ACL with the platform's rules (EDGE-6, EDGE-8, EDGE-10, DET-2, MAIL-3), logging
 * to an encrypted CloudWatch Logs group with sensitive fields redacted.
 *
 * Rule order: IP reputation first (cheapest, drops known-bad sources), then the
 * per-IP rate limits and account takeover prevention on the login path, then
 * the content inspection groups. An ACL that does not see its clients' addresses runs the content groups
 * only (EDGE-10, {@link EdgeWebAclProps.seesClientAddresses}).
 */
export class EdgeWebAcl extends Construct {
  /** The web ACL. */
  readonly webAcl: wafv2.CfnWebACL;
  /** The WAF log group (`aws-waf-logs-` prefix, required by WAF). */
  readonly logGroup: logs.LogGroup;
  /** The key encrypting the log group. */
  readonly logKey: SecureKey;
  /** WCU of the rules, computed from the published costs; kept under {@link WCU_BUDGET}. */
  readonly capacity: number;

  private readonly props: EdgeWebAclProps;
  private readonly settings: ResolvedRules;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    this.props = props;
    this.settings = resolveRules(props);
    const stageName = props.stageName;
    const region = Stack.of(this).region;
    if (props.scope === 'CLOUDFRONT' && !Token.isUnresolved(region) && region !== EDGE_REGION) {
      invalidProps(
        this,
        `a CLOUDFRONT web ACL must be created in ${EDGE_REGION}, not ${region}: place it in the edge stack`,
      );
    }

    const list = this.rules();
    if (list.capacity > WCU_BUDGET) {
      invalidProps(
        this,
        `web ACL needs ${list.capacity} WCU, over the ${WCU_BUDGET} budget: shorten passwordResetPaths or ` +
          'mailSendingPaths (edge.* in the stage config)',
      );
    }
    this.capacity = list.capacity;

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: props.scope,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.scope === 'CLOUDFRONT' ? WAF_METRICS.cloudFrontAcl : WAF_METRICS.regionalAcl),
      rules: list.rules,
    });
    const logging = this.addLogging(stageName);
    this.logKey = logging.key;
    this.logGroup = logging.group;
  }

  /** Every rule, in evaluation order. */
  private rules(): RuleList {
    const s = this.settings;
    const list = new RuleList();
    // EDGE-10: rules that key on the client's address, only where the ACL sees it.
    if (this.props.seesClientAddresses ?? true) {
      // EDGE-8: known-bad sources.
      managedGroup(list, 'AWSManagedRulesAmazonIpReputationList', 'IpReputation');
      // Hosting providers are counted, not blocked: corporate proxies and VPNs of real customers live there.
      managedGroup(list, 'AWSManagedRulesAnonymousIpList', 'AnonymousIp', {
        ruleActionOverrides: [{ name: 'HostingProviderIPList', actionToUse: { count: {} } }],
      });
      // EDGE-6: per-IP limit on login and password reset; MAIL-3: on the paths that send mail.
      this.rateLimit(list, 'LoginRateLimit', s.loginRateLimit, [s.loginPath, ...s.passwordResetPaths]);
      this.rateLimit(list, 'MailRateLimit', s.mailRateLimit, s.mailSendingPaths);
      this.accountTakeoverPrevention(list);
    }
    // EDGE-8: content inspection.
    managedGroup(list, 'AWSManagedRulesCommonRuleSet', 'CommonRules');
    managedGroup(list, 'AWSManagedRulesKnownBadInputsRuleSet', 'KnownBadInputs');
    // DET-2: the alarm on SQL injection matches reads this metric name.
    managedGroup(list, 'AWSManagedRulesSQLiRuleSet', WAF_METRICS.sqliRule);
    return list;
  }

  /**
   * A per-IP rate limit on `paths`, answering 429 above `limit` requests per window. EDGE-10: keyed on the
   * connection address (`IP`), the one address in the request the client cannot write.
   */
  private rateLimit(list: RuleList, name: string, limit: number, paths: readonly string[]): void {
    const scopeDown = pathsStatement(this, paths);
    list.add(
      {
        name,
        action: { block: { customResponse: { responseCode: 429 } } },
        statement: {
          rateBasedStatement: {
            limit,
            evaluationWindowSec: RATE_WINDOW_SECONDS,
            aggregateKeyType: 'IP',
            scopeDownStatement: scopeDown.statement,
          },
        },
        visibilityConfig: visibility(name),
      },
      RATE_BASED_WCU + scopeDown.wcu,
    );
  }

  /**
   * EDGE-6: account takeover prevention on the login path. Only CloudFront ACLs can read
   * responses, so only there do failed logins count toward locking a client out.
   */
  private accountTakeoverPrevention(list: RuleList): void {
    const s = this.settings;
    const scopeDown = pathsStatement(this, [s.loginPath]);
    const responseInspection: wafv2.CfnWebACL.AWSManagedRulesATPRuleSetProperty['responseInspection'] =
      this.props.scope === 'CLOUDFRONT'
        ? {
            statusCode: {
              successCodes: [...s.loginSuccessStatusCodes],
              failureCodes: [...s.loginFailureStatusCodes],
            },
          }
        : undefined;
    // The scope-down statement of a managed group costs WCU like any statement.
    managedGroup(
      list,
      'AWSManagedRulesATPRuleSet',
      'AccountTakeover',
      {
        scopeDownStatement: scopeDown.statement,
        managedRuleGroupConfigs: [
          {
            awsManagedRulesAtpRuleSet: {
              loginPath: s.loginPath,
              requestInspection: {
                payloadType: s.loginPayloadType,
                usernameField: { identifier: s.loginUsernameField },
                passwordField: { identifier: s.loginPasswordField },
              },
              ...(responseInspection ? { responseInspection } : {}),
            },
          },
        ],
      },
      scopeDown.wcu,
    );
  }

  /**
   * EDGE-8: logging, to an encrypted log group. WAF requires the `aws-waf-logs-` prefix, hence the
   * set name; a CLOUDFRONT ACL logs to us-east-1, where this construct then lives.
   */
  private addLogging(stageName: string): { key: SecureKey; group: logs.LogGroup } {
    const scope = this.props.scope;
    const logGroupName = `aws-waf-logs-${stageName}-${scope.toLowerCase()}`;
    const key = new SecureKey(this, 'LogKey', { description: `Encrypts the ${scope} WAF logs of ${stageName}` });
    // PROOF-4: CloudWatch Logs encrypts with the key only for this log group.
    key.allowCloudWatchLogs(logGroupName);
    const group = new logs.LogGroup(
      this,
      'Logs',
      encryptedLogGroupProps(key.key, this.settings.wafLogRetentionDays, logGroupName),
    );
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the `:*` suffix of `LogGroup.logGroupArn`.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // The inner field is typed `any`, so CDK does not convert its keys: write them as CloudFormation does.
      redactedFields: [...REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })), { queryString: {} }],
    });
    logging.node.addDependency(group);
    return { key, group };
  }
}

/** Every rule setting, from the props or its default. */
function resolveRules(r: EdgeWebAclRules): ResolvedRules {
  return {
    loginPath: r.loginPath ?? DEFAULT_LOGIN_PATH,
    passwordResetPaths: r.passwordResetPaths ?? DEFAULT_PASSWORD_RESET_PATHS,
    mailSendingPaths: r.mailSendingPaths ?? DEFAULT_MAIL_SENDING_PATHS,
    loginPayloadType: r.loginPayloadType ?? DEFAULT_LOGIN_PAYLOAD_TYPE,
    loginUsernameField: r.loginUsernameField ?? DEFAULT_LOGIN_USERNAME_FIELD,
    loginPasswordField: r.loginPasswordField ?? DEFAULT_LOGIN_PASSWORD_FIELD,
    loginSuccessStatusCodes: r.loginSuccessStatusCodes ?? DEFAULT_LOGIN_SUCCESS_STATUS_CODES,
    loginFailureStatusCodes: r.loginFailureStatusCodes ?? DEFAULT_LOGIN_FAILURE_STATUS_CODES,
    loginRateLimit: r.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT,
    mailRateLimit: r.mailRateLimit ?? DEFAULT_MAIL_RATE_LIMIT,
    wafLogRetentionDays: r.wafLogRetentionDays ?? DEFAULT_WAF_LOG_RETENTION_DAYS,
  };
}

/** An AWS managed rule group, its own verdicts applied (not overridden to count). */
function managedGroup(
  list: RuleList,
  name: keyof typeof MANAGED_GROUP_WCU,
  metricName: string,
  extra: Partial<wafv2.CfnWebACL.ManagedRuleGroupStatementProperty> = {},
  extraWcu = 0,
): void {
  list.add(
    {
      name,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...extra } },
      visibilityConfig: visibility(metricName),
    },
    MANAGED_GROUP_WCU[name] + extraWcu,
  );
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { metricName, cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true };
}

/**
 * EDGE-10: matches a request whose URI path, once decoded, normalized and lower-cased ({@link
 * PATH_TRANSFORMATIONS}), starts with any of `paths`. WAF transforms the request, never the search string, so
 * each path is written in the form the transformations produce, without a trailing slash (`/Sign-In/` is
 * searched as `/sign-in`). STARTS_WITH rather than EXACTLY: `/login/`, `/login;jsessionid=...` and
 * `/login/step2` reach the login page on common frameworks and must count; the price, counting a neighbour
 * such as `/loginhelp` against the same limit, is harmless, and it is how account takeover prevention reads
 * its own login path ("Login paths that start with the path that you provide are considered a match", API
 * reference, `AWSManagedRulesATPRuleSet.LoginPath`).
 */
function pathsStatement(
  scope: Construct,
  paths: readonly string[],
): { statement: wafv2.CfnWebACL.StatementProperty; wcu: number } {
  const transformations = PATH_TRANSFORMATIONS.map((type, priority) => ({ priority, type }));
  const searched = (p: string): string => {
    const bytes = applyTransformations(
      transformations.map((t) => ({ Priority: t.priority, Type: t.type })),
      bytesOf(p),
    );
    try {
      return textOf(bytes.length > 1 ? bytes.replace(/\/$/, '') : bytes);
    } catch {
      return invalidProps(scope, `path ${p} decodes to bytes that are not UTF-8: give it as plain text`);
    }
  };
  const unique = [...new Set(paths.map(searched))];
  const one = (p: string): wafv2.CfnWebACL.StatementProperty => ({
    byteMatchStatement: {
      searchString: p,
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      textTransformations: transformations,
    },
  });
  const wcu = unique.length * (BYTE_MATCH_STARTS_WITH_WCU + TEXT_TRANSFORMATION_WCU * transformations.length);
  return { statement: unique.length === 1 ? one(unique[0]) : { orStatement: { statements: unique.map(one) } }, wcu };
}
