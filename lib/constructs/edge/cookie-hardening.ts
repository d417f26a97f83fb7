import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CfnResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EDGE_REGION } from '../../defaults/constants';
import { DEFAULT_ALLOW_SAME_SITE_NONE, DEFAULT_EDGE_FUNCTION_LOG_RETENTION_DAYS } from '../../defaults/edge';
import { invalidProps } from '../../defaults/errors';
import { encryptedLogGroupProps } from '../../defaults/logs';
import { acknowledge } from '../../defaults/nag';
import { SecureKey } from '../secure-key';

/** The origin-response handler that hardens cookies (EDGE-7), unit-tested on its own. */
export const COOKIE_EDGE_FUNCTION_FILE = path.join(__dirname, '..', '..', 'functions', 'cookie-edge', 'index.js');

/**
 * A current Node.js runtime, on Lambda's list of supported runtimes (Lambda@Edge runs the Node.js and Python
 * runtimes Lambda supports). The handler is `async`: Node.js 24 has no callback-style handlers.
 */
export const COOKIE_EDGE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** The one line of the handler that holds the stage's settings (Lambda@Edge allows no environment variables). */
const SETTINGS_LINE = /^const SETTINGS = \{.*\};$/m;

/** What the handler is told at synth. */
export interface CookieSettings {
  /** Keep `SameSite=None` (with `Secure`) instead of rewriting it to `Lax`. */
  readonly allowSameSiteNone: boolean;
}

/** The handler's source with `settings` baked into its SETTINGS line: the exact code CloudFormation deploys. */
export function cookieEdgeCode(settings: CookieSettings): string {
  const source = fs.readFileSync(COOKIE_EDGE_FUNCTION_FILE, 'utf8');
  if ((source.match(new RegExp(SETTINGS_LINE.source, 'gm')) ?? []).length !== 1) {
    throw new Error(`${COOKIE_EDGE_FUNCTION_FILE} must hold exactly one line \`const SETTINGS = {...};\``);
  }
  const baked = { allowSameSiteNone: settings.allowSameSiteNone };
  return source.replace(SETTINGS_LINE, `const SETTINGS = ${JSON.stringify(baked)};`);
}

/** The log group Lambda@Edge writes a function's logs to, in every region that runs it. */
export function edgeLogGroupName(functionName: string): string {
  return `/aws/lambda/${EDGE_REGION}.${functionName}`;
}

/** Properties of {@link CookieHardeningFunction}. */
export interface CookieHardeningFunctionProps {
  /**
   * Keep `SameSite=None` set by the application (`Secure` is enforced on every cookie) instead of rewriting it to
   * `Lax`; for cookies a third-party frame or cross-site POST must carry.
   * @default DEFAULT_ALLOW_SAME_SITE_NONE (false)
   */
  readonly allowSameSiteNone?: boolean;
  /**
   * Days the function's us-east-1 log group keeps events (a CloudWatch Logs retention value).
   * @default DEFAULT_EDGE_FUNCTION_LOG_RETENTION_DAYS (365)
   */
  readonly logRetentionDays?: number;
  /**
   * The function's name, fixed so its log group names are known before it runs (at most 64 characters).
   * @default `<stack name>-cookie-hardening`
   */
  readonly functionName?: string;
}

/**
 * EDGE-7: the Lambda@Edge function that hardens every Set-Cookie on origin response, so on every status the
 * origin returns (a viewer-response trigger skips 400 and above) and, through the cache, on every cached response.
 * It lives in us-east-1 (Lambda@Edge functions must), has no environment variables (its settings are baked into
 * its inline code), and its role may only write its own log groups. Lambda@Edge writes those logs to
 * `/aws/lambda/us-east-1.<name>` in each region that runs it: the us-east-1 group is declared here, encrypted and
 * with a retention; the others are created by Lambda@Edge on first use.
 */
export class CookieHardeningFunction extends Construct {
  /** The function, in us-east-1. */
  readonly function: lambda.Function;
  /** The published version CloudFront associates (Lambda@Edge takes a numbered version only). */
  readonly version: lambda.Version;
  /** Its execution role: assumed by Lambda and Lambda@Edge, writes its log groups only. */
  readonly role: iam.Role;
  /** The log group Lambda@Edge writes to when the function runs in us-east-1. */
  readonly logGroup: logs.LogGroup;
  /** The function's name. */
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: CookieHardeningFunctionProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.region) && stack.region !== EDGE_REGION) {
      invalidProps(this, `Lambda@Edge functions must be created in ${EDGE_REGION}, not ${stack.region}`);
    }
    this.functionName = props.functionName ?? `${stack.stackName}-cookie-hardening`;
    if (this.functionName.length > 64 || !/^[A-Za-z0-9_-]+$/.test(this.functionName)) {
      invalidProps(this, `function name "${this.functionName}" must be 1 to 64 letters, digits, - or _`);
    }
    this.logGroup = this.createLogGroup(props.logRetentionDays ?? DEFAULT_EDGE_FUNCTION_LOG_RETENTION_DAYS);
    this.role = this.createRole();
    this.function = new lambda.Function(this, 'Function', {
      functionName: this.functionName,
      description: 'Hardens every Set-Cookie on origin response, all statuses (EDGE-7)',
      runtime: COOKIE_EDGE_RUNTIME,
      architecture: lambda.Architecture.X86_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(
        cookieEdgeCode({ allowSameSiteNone: props.allowSameSiteNone ?? DEFAULT_ALLOW_SAME_SITE_NONE }),
      ),
      role: this.role,
      // The name Lambda@Edge would choose anyway; named here, the function gets no second, unused group.
      logGroup: this.logGroup,
      memorySize: 128,
      // On the path of every response: well under the 30 s origin-response limit, a slow run fails fast (5xx).
      timeout: Duration.seconds(5),
      // Versions replicated to the edge cannot be deleted until CloudFront removes their replicas.
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
    });
    // The role's policy is in place before CloudFront can invoke the function.
    this.function.node.addDependency(this.node.findChild('LogsPolicy'));
    // cfn-lint W3005: CDK adds a DependsOn on the role next to the GetAtt of its ARN; harmless, silenced here only.
    (this.function.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    this.version = this.function.currentVersion;
    this.acknowledgeEdgeLimits();
  }

  /** The us-east-1 log group, encrypted with a key that admits CloudWatch Logs for this group only. */
  private createLogGroup(retentionDays: number): logs.LogGroup {
    const name = edgeLogGroupName(this.functionName);
    const key = new SecureKey(this, 'LogKey', { description: `Encrypts ${name}, the cookie function's edge logs` });
    key.allowCloudWatchLogs(name);
    return new logs.LogGroup(this, 'Logs', encryptedLogGroupProps(key.key, retentionDays, name));
  }

  /**
   * Trusted by Lambda and Lambda@Edge (CloudFront replicates the function with it); allowed to create and write
   * its `/aws/lambda/us-east-1.<name>` log groups in any region, since Lambda@Edge logs where it runs. The
   * stream ARN is built from the group name: `LogGroup.logGroupArn` already ends in `:*`.
   */
  private createRole(): iam.Role {
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('lambda.amazonaws.com'),
        new iam.ServicePrincipal('edgelambda.amazonaws.com'),
      ),
      description: `Lambda@Edge ${this.functionName}: writes its own log groups, nothing else (EDGE-7)`,
    });
    const stack = Stack.of(this);
    // Literal where the stack's environment is: the form cdk-nag names the resource in its findings.
    const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const groupIn = (p: string, a: string) => `arn:${p}:logs:*:${a}:log-group:${edgeLogGroupName(this.functionName)}`;
    const group = groupIn(stack.partition, stack.account);
    const policy = new iam.ManagedPolicy(this, 'LogsPolicy', {
      description: `Lets ${this.functionName} write its own Lambda@Edge log groups in every region (EDGE-7)`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogGroup'], resources: [group] }),
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${group}:log-stream:*`],
        }),
      ],
    });
    acknowledge(
      policy,
      'Lambda@Edge runs in the regional edge cache nearest the viewer and logs in that region, so the region is a ' +
        "wildcard; the log group is this function's own, named after it.",
      `AwsSolutions-IAM5[Resource::${groupIn(partition, account)}]`,
    );
    acknowledge(
      policy,
      "Lambda names its log streams at run time; the wildcard covers streams of this function's own log groups.",
      `AwsSolutions-IAM5[Resource::${groupIn(partition, account)}:log-stream:*]`,
    );
    return role;
  }

  /** The cdk-nag rules that Lambda@Edge makes impossible or harmful, each with the control that stands instead. */
  private acknowledgeEdgeLimits(): void {
    const fn = this.function.node.defaultChild as lambda.CfnFunction;
    acknowledge(
      fn,
      'Lambda@Edge functions cannot be placed in a VPC (CloudFront developer guide, restrictions on Lambda@Edge); ' +
        'this one makes no network call at all: it only rewrites the Set-Cookie headers of the response it is given.',
      { compliance: 'LambdaInsideVPC' },
    );
    acknowledge(
      fn,
      'CloudFront invokes Lambda@Edge synchronously, and a dead-letter queue only receives failed asynchronous ' +
        'invocations; a failed run makes CloudFront answer 5xx, so no unhardened cookie is ever served.',
      { compliance: 'LambdaDLQ' },
    );
    acknowledge(
      fn,
      'The function runs on every origin response: a concurrency cap would turn traffic peaks into 5xx errors for ' +
        'the whole site. Request volume is bounded in front of it by the CloudFront web ACL (rate limits, ATP).',
      { compliance: 'LambdaConcurrency' },
    );
  }
}
