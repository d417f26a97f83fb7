// The AWS SDK v3 clients in node_modules ship their service models as static Smithy schemas (dist-cjs/index.js,
// exported as `<Operation>$` and `<Structure>$`). This reads the operations, their input members and the waiters,
// and checks an AWS CLI command against them (OPS-2): the operation exists, every option is an input member (or a
// global CLI option), and every required member is given.
import * as fs from 'node:fs';
import { type CliCommand, cliName } from '../../lib/core/cli-command';

/** CLI service name → its SDK v3 client package. */
export const CLI_SERVICE_CLIENTS: Readonly<Record<string, string>> = {
  acm: '@aws-sdk/client-acm',
  backup: '@aws-sdk/client-backup',
  cloudformation: '@aws-sdk/client-cloudformation',
  cloudfront: '@aws-sdk/client-cloudfront',
  cloudtrail: '@aws-sdk/client-cloudtrail',
  cloudwatch: '@aws-sdk/client-cloudwatch',
  configservice: '@aws-sdk/client-config-service',
  ec2: '@aws-sdk/client-ec2',
  ecr: '@aws-sdk/client-ecr',
  ecs: '@aws-sdk/client-ecs',
  elbv2: '@aws-sdk/client-elastic-load-balancing-v2',
  events: '@aws-sdk/client-eventbridge',
  guardduty: '@aws-sdk/client-guardduty',
  iam: '@aws-sdk/client-iam',
  kms: '@aws-sdk/client-kms',
  lambda: '@aws-sdk/client-lambda',
  logs: '@aws-sdk/client-cloudwatch-logs',
  organizations: '@aws-sdk/client-organizations',
  ram: '@aws-sdk/client-ram',
  resourcegroupstaggingapi: '@aws-sdk/client-resource-groups-tagging-api',
  rds: '@aws-sdk/client-rds',
  route53: '@aws-sdk/client-route-53',
  route53domains: '@aws-sdk/client-route-53-domains',
  s3api: '@aws-sdk/client-s3',
  secretsmanager: '@aws-sdk/client-secrets-manager',
  securityhub: '@aws-sdk/client-securityhub',
  ses: '@aws-sdk/client-ses',
  sesv2: '@aws-sdk/client-sesv2',
  sns: '@aws-sdk/client-sns',
  ssm: '@aws-sdk/client-ssm',
  sts: '@aws-sdk/client-sts',
  wafv2: '@aws-sdk/client-wafv2',
};

/** Options the AWS CLI v2 accepts on every command (and the pagination ones it adds to paginated operations). */
export const GLOBAL_OPTIONS: ReadonlySet<string> = new Set([
  'region',
  'profile',
  'output',
  'query',
  'endpoint-url',
  'debug',
  'no-verify-ssl',
  'no-paginate',
  'no-cli-pager',
  'color',
  'ca-bundle',
  'cli-read-timeout',
  'cli-connect-timeout',
  'cli-binary-format',
  'no-sign-request',
  'cli-input-json',
  'cli-input-yaml',
  'generate-cli-skeleton',
  'page-size',
  'max-items',
  'starting-token',
]);

/** Commands the CLI adds on its own (customizations): no API operation behind them; their options. */
export const CLI_CUSTOMIZATIONS: Readonly<Record<string, readonly string[]>> = {
  'ecr get-login-password': [],
  'rds generate-db-auth-token': ['hostname', 'port', 'username'],
  'cloudtrail validate-logs': [
    'trail-arn',
    'start-time',
    'end-time',
    's3-bucket',
    's3-prefix',
    'account-id',
    'verbose',
  ],
  'logs tail': ['follow', 'since', 'format', 'filter-pattern', 'log-stream-names', 'log-stream-name-prefix'],
  's3 ls': ['recursive', 'human-readable', 'summarize'],
  's3 rb': ['force'],
  's3 rm': ['recursive', 'include', 'exclude', 'dryrun'],
  's3 cp': ['recursive', 'include', 'exclude', 'dryrun', 'sse', 'sse-kms-key-id'],
};

/** One operation of a service model. */
export interface OperationModel {
  /** API name, e.g. `StartRestoreJob`. */
  readonly name: string;
  /** Input member names, e.g. `RecoveryPointArn`. */
  readonly members: readonly string[];
  /** The members the API requires. */
  readonly required: readonly string[];
  /** Boolean members: the CLI also accepts `--no-<member>`. */
  readonly booleans: ReadonlySet<string>;
}

/** The operations and waiters of one SDK client, by their CLI names. */
export interface ServiceModel {
  readonly operations: ReadonlyMap<string, OperationModel>;
  /** Waiter (CLI name, e.g. `db-cluster-available`) → the operation it polls. */
  readonly waiters: ReadonlyMap<string, string>;
}

// Static Smithy schemas (@smithy/types, static-schemas.d.ts): [9, ns, name, traits, input, output] for an
// operation, [3, ns, name, traits, memberNames, memberSchemas, requiredCount?] for a structure; a member schema
// of 2 is a boolean (sentinels.d.ts), required members come first.
const OPERATION = 9;
const STRUCTURE = 3;
const BOOLEAN = 2;

type Lazy = () => unknown;
type StaticOperation = [typeof OPERATION, string, string, unknown, Lazy, Lazy];
type StaticStructure = [typeof STRUCTURE, string, string, unknown, string[], unknown[], number?];

function isOperation(v: unknown): v is StaticOperation {
  return Array.isArray(v) && v[0] === OPERATION && typeof v[2] === 'string' && typeof v[4] === 'function';
}

function isStructure(v: unknown): v is StaticStructure {
  return Array.isArray(v) && v[0] === STRUCTURE && Array.isArray(v[4]) && Array.isArray(v[5]);
}

/** Reads one operation's input structure. */
function operationModel(op: StaticOperation): OperationModel {
  const input = op[4]();
  if (!isStructure(input)) return { name: op[2], members: [], required: [], booleans: new Set() };
  const [, , , , members, schemas, requiredCount = 0] = input;
  return {
    name: op[2],
    members,
    required: members.slice(0, requiredCount),
    booleans: new Set(members.filter((_, i) => schemas[i] === BOOLEAN)),
  };
}

/** Waiters of a client, read from its bundle: `waitUntilX` calls a check that sends one `<Op>Command`. */
function waitersOf(bundle: string, exported: readonly string[]): Map<string, string> {
  const waiters = new Map<string, string>();
  for (const name of exported.filter((k) => k.startsWith('waitUntil'))) {
    const body = new RegExp(`const ${name} = async[\\s\\S]*?(checkState\\$?\\d*)\\)`).exec(bundle);
    const check =
      body && new RegExp(`const ${body[1].replace('$', '\\$')} = async[\\s\\S]*?new (\\w+)Command\\(`).exec(bundle);
    if (check) waiters.set(cliName(name.slice('waitUntil'.length)), check[1]);
  }
  return waiters;
}

const models = new Map<string, ServiceModel | undefined>();

/** The model of a CLI service from its SDK client in node_modules; undefined when the client is not installed. */
export function serviceModel(
  service: string,
  clients: Readonly<Record<string, string>> = CLI_SERVICE_CLIENTS,
): ServiceModel | undefined {
  const pkg = clients[service];
  const cacheKey = `${service}\0${pkg}`;
  if (models.has(cacheKey)) return models.get(cacheKey);
  let model: ServiceModel | undefined;
  let entry: string | undefined;
  try {
    entry = pkg ? require.resolve(pkg) : undefined;
  } catch {
    entry = undefined;
  }
  if (entry) {
    const mod = require(entry) as Record<string, unknown>;
    const operations = new Map<string, OperationModel>();
    for (const v of Object.values(mod)) if (isOperation(v)) operations.set(cliName(v[2]), operationModel(v));
    const file = entry;
    let waiters: Map<string, string> | undefined;
    model = {
      operations,
      // Read from the bundle's text only when a waiter is asked for.
      get waiters() {
        waiters ??= waitersOf(fs.readFileSync(file, 'utf8'), Object.keys(mod));
        return waiters;
      },
    };
  }
  models.set(cacheKey, model);
  return model;
}

/**
 * What is wrong with one command against the SDK models; empty when the command is right. `clients` maps CLI service
 * names to SDK client packages (the tests give another table to see a missing client reported).
 */
export function commandProblems(
  cmd: CliCommand,
  clients: Readonly<Record<string, string>> = CLI_SERVICE_CLIENTS,
): string[] {
  const where = `aws ${cmd.service} ${cmd.operation}${cmd.waiter ? ` ${cmd.waiter}` : ''}`;
  const custom = CLI_CUSTOMIZATIONS[`${cmd.service} ${cmd.operation}`];
  if (custom) {
    return cmd.options
      .filter((o) => !GLOBAL_OPTIONS.has(o.name) && !custom.includes(o.name))
      .map((o) => `${where}: unknown option --${o.name}`);
  }
  const pkg = clients[cmd.service];
  if (!pkg) return [`${where}: unknown CLI service "${cmd.service}": add its SDK client to CLI_SERVICE_CLIENTS`];
  const model = serviceModel(cmd.service, clients);
  if (!model) return [`${where}: install ${pkg} (its model checks this command)`];
  let op: OperationModel | undefined;
  if (cmd.operation === 'wait') {
    const polled = cmd.waiter ? model.waiters.get(cmd.waiter) : undefined;
    if (!polled) return [`${where}: no such waiter`];
    op = model.operations.get(cliName(polled));
  } else op = model.operations.get(cmd.operation);
  if (!op) return [`${where}: no such operation`];
  return optionProblems(cmd, op).map((p) => `${where}: ${p}`);
}

function optionProblems(cmd: CliCommand, op: OperationModel): string[] {
  const byCli = new Map(op.members.map((m) => [cliName(m), m]));
  const problems: string[] = [];
  const given = new Set<string>();
  for (const o of cmd.options) {
    if (GLOBAL_OPTIONS.has(o.name)) continue;
    const member = byCli.get(o.name) ?? byCli.get(o.name.replace(/^no-/, ''));
    if (!member || (o.name.startsWith('no-') && !byCli.has(o.name) && !op.booleans.has(member))) {
      problems.push(`unknown option --${o.name} (${op.name} takes ${[...byCli.keys()].join(', ') || 'none'})`);
      continue;
    }
    if (o.value === undefined && !op.booleans.has(member)) problems.push(`--${o.name} needs a value`);
    given.add(member);
  }
  const whole = cmd.options.some((o) => o.name === 'cli-input-json' || o.name === 'cli-input-yaml');
  // A waiter polls with whatever identifies the resource; the polled operation's own requirements still hold.
  if (!whole) for (const r of op.required) if (!given.has(r)) problems.push(`misses required --${cliName(r)}`);
  return problems;
}
