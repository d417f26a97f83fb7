import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { StageConfig } from '../../config/schema';
import { SecureKey } from '../secure-key';
import { WAF_METRICS } from './waf-metrics';

/**
 * Web ACL capacity units included in the base price; above it every request
 * costs more, and the hard limit is 5,000. The ACL must stay under this budget.
 */
export const WCU_BUDGET = 1500;

/** Published WCU of each AWS managed rule group used here (AWS WAF developer guide, "AWS Managed Rules rule groups list"). */
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

/** Rate-based rules count over five minutes, the window the config limits are written for. */
const RATE_WINDOW_SECONDS = 300;

/**
 * Headers never written to WAF logs: they carry session cookies and credentials.
 * Request bodies (with the password fields) are never logged by WAF; the query
 * string is redacted too, because reset tokens and misposted passwords land there.
 */
export const REDACTED_HEADERS = ['authorization', 'cookie', 'x-api-key'] as const;

/** Properties of {@link EdgeWebAcl}. */
export interface EdgeWebAclProps {
  /** CLOUDFRONT (must be created in us-east-1) or REGIONAL (load balancer, same region). */
  readonly scope: 'CLOUDFRONT' | 'REGIONAL';
  /** The validated stage: paths, rate limits and log retention come from `edge`. */
  readonly config: StageConfig;
  /**
   * Header carrying the client address, for an ACL that does not see the client's
   * connection (a REGIONAL ACL behind CloudFront sees CloudFront's addresses). The
   * per-IP rate rules then aggregate on the first address of that header, with
   * requests lacking it counted as matches. The first address is client-supplied,
   * so keep the CLOUDFRONT ACL as the authoritative per-IP control.
   * @default - the connection's source address
   */
  readonly forwardedIpHeader?: string;
  /**
   * Whether the ACL runs account takeover prevention on the login path. Turn it off on an
   * ACL that sees a proxy instead of the clients (a load balancer behind a CloudFront VPC
   * origin sees the origin's network interfaces in the VPC): ATP aggregates and blocks per
   * connection address, which it cannot take from a header, so it would count every user's
   * logins against a handful of addresses and lock them all out; it is also billed per
   * login request, a second time. The CLOUDFRONT ACL in front runs it, with response inspection.
   * @default true
   */
  readonly accountTakeoverPrevention?: boolean;
}

/**
 * A WAF web ACL with the platform's rules (EDGE-6, EDGE-8, DET-2, MAIL-3), logging
 * to an encrypted CloudWatch Logs group with sensitive fields redacted.
 *
 * Rule order: IP reputation first (cheapest, drops known-bad sources), then the
 * per-IP rate limits and account takeover prevention on the login path, then
 * the content inspection groups.
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

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    const edge = props.config.edge;
    const cloudFront = props.scope === 'CLOUDFRONT';
    let capacity = 0;
    let priority = 0;
    const rules: wafv2.CfnWebACL.RuleProperty[] = [];

    const managed = (
      name: keyof typeof MANAGED_GROUP_WCU,
      metricName: string,
      extra: Partial<wafv2.CfnWebACL.ManagedRuleGroupStatementProperty> = {},
    ): void => {
      capacity += MANAGED_GROUP_WCU[name];
      rules.push({
        name,
        priority: priority++,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...extra } },
        visibilityConfig: visibility(metricName),
      });
    };

    const rateLimit = (name: string, limit: number, paths: readonly string[]): void => {
      const scopeDown = pathsStatement(paths);
      capacity += RATE_BASED_WCU + scopeDown.wcu;
      rules.push({
        name,
        priority: priority++,
        action: { block: { customResponse: { responseCode: 429 } } },
        statement: {
          rateBasedStatement: {
            limit,
            evaluationWindowSec: RATE_WINDOW_SECONDS,
            ...(props.forwardedIpHeader
              ? {
                  aggregateKeyType: 'FORWARDED_IP',
                  forwardedIpConfig: { headerName: props.forwardedIpHeader, fallbackBehavior: 'MATCH' },
                }
              : { aggregateKeyType: 'IP' }),
            scopeDownStatement: scopeDown.statement,
          },
        },
        visibilityConfig: visibility(name),
      });
    };

    // EDGE-8: known-bad sources.
    managed('AWSManagedRulesAmazonIpReputationList', 'IpReputation');
    // Hosting providers are counted, not blocked: corporate proxies and VPNs of real customers live there.
    managed('AWSManagedRulesAnonymousIpList', 'AnonymousIp', {
      ruleActionOverrides: [{ name: 'HostingProviderIPList', actionToUse: { count: {} } }],
    });
    // EDGE-6: per-IP limit on login and password reset; MAIL-3: on the paths that send mail.
    rateLimit('LoginRateLimit', edge.loginRateLimit, [edge.loginPath, ...edge.passwordResetPaths]);
    rateLimit('MailRateLimit', edge.mailRateLimit, edge.mailSendingPaths);
    // EDGE-6: account takeover prevention on the login path; only CloudFront ACLs can read
    // responses, so only there do failed logins count toward locking a client out.
    const atp = props.accountTakeoverPrevention ?? true;
    if (atp)
      managed('AWSManagedRulesATPRuleSet', 'AccountTakeover', {
        scopeDownStatement: pathsStatement([edge.loginPath]).statement,
        managedRuleGroupConfigs: [
          {
            awsManagedRulesAtpRuleSet: {
              loginPath: edge.loginPath,
              requestInspection: {
                payloadType: edge.loginPayloadType,
                usernameField: { identifier: edge.loginUsernameField },
                passwordField: { identifier: edge.loginPasswordField },
              },
              ...(cloudFront
                ? {
                    responseInspection: {
                      statusCode: {
                        successCodes: edge.loginSuccessStatusCodes,
                        failureCodes: edge.loginFailureStatusCodes,
                      },
                    },
                  }
                : {}),
            },
          },
        ],
      });
    // The scope-down statement of a managed group costs WCU like any statement.
    if (atp) capacity += pathsStatement([edge.loginPath]).wcu;
    // EDGE-8: content inspection.
    managed('AWSManagedRulesCommonRuleSet', 'CommonRules');
    managed('AWSManagedRulesKnownBadInputsRuleSet', 'KnownBadInputs');
    // DET-2: the alarm on SQL injection matches reads this metric name.
    managed('AWSManagedRulesSQLiRuleSet', WAF_METRICS.sqliRule);

    if (capacity > WCU_BUDGET) {
      throw new Error(
        `web ACL needs ${capacity} WCU, over the ${WCU_BUDGET} budget: shorten edge.passwordResetPaths or edge.mailSendingPaths`,
      );
    }
    this.capacity = capacity;

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: props.scope,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(cloudFront ? WAF_METRICS.cloudFrontAcl : WAF_METRICS.regionalAcl),
      rules,
    });

    // EDGE-8: logging. WAF requires the `aws-waf-logs-` prefix, hence the set name;
    // a CLOUDFRONT ACL logs to us-east-1, where this construct then lives.
    const logGroupName = `aws-waf-logs-${props.config.name}-${props.scope.toLowerCase()}`;
    this.logKey = new SecureKey(this, 'LogKey', {
      description: `Encrypts the ${props.scope} WAF logs of ${props.config.name}`,
    });
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // PROOF-4: CloudWatch Logs encrypts with the key only for this log group.
    this.logKey.allowCloudWatchLogs(logGroupName);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: this.logKey.key,
      retention: edge.wafLogRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the `:*` suffix of `logGroupArn`.
      logDestinationConfigs: [logGroupArn],
      // The inner field is typed `any`, so CDK does not convert its keys: write them as CloudFormation does.
      redactedFields: [...REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })), { queryString: {} }],
    });
    logging.node.addDependency(this.logGroup);
  }
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { metricName, cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true };
}

/**
 * Matches a request whose path starts with any of `paths`, compared in lower
 * case so that `/LOGIN` cannot slip past a rule written for `/login`.
 */
function pathsStatement(paths: readonly string[]): { statement: wafv2.CfnWebACL.StatementProperty; wcu: number } {
  const unique = [...new Set(paths.map((p) => p.toLowerCase()))];
  const one = (p: string): wafv2.CfnWebACL.StatementProperty => ({
    byteMatchStatement: {
      searchString: p,
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
    },
  });
  const wcu = unique.length * (BYTE_MATCH_STARTS_WITH_WCU + TEXT_TRANSFORMATION_WCU);
  return { statement: unique.length === 1 ? one(unique[0]) : { orStatement: { statements: unique.map(one) } }, wcu };
}
