// PROOF-5 paths to logs: every writer reaches its log group's streams, and CloudWatch Logs the key of every
// encrypted group. Log streams are named as the services name them, so a policy that grants a pattern matching
// no stream (`<group ARN>:*:log-stream:*`, the group ARN already ending in `:*`) is caught.
import { asArray, field, str } from '../model/json';
import { kmsKey, prop, propsOf, type Res, resolve, resources } from '../model/query';
import type { Derivation, EffectPath } from './path';

const WRITE = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** A log group named by a value: a LogGroup resource of the stage, or a literal name. */
function groupNamed(d: Derivation, x: Res, value: unknown): { name: string; group?: Res } {
  const group = resolve(d.m, x.stack, value);
  if (group?.r.Type === 'AWS::Logs::LogGroup') return { name: d.mat.nameOf(group), group };
  // A group ARN (`...:log-group:NAME:*`) or a name.
  const text = d.mat.string(x.stack, value);
  const name = /:log-group:([^:]+)/.exec(text)?.[1] ?? text;
  return { name, group: resources(d.m, 'AWS::Logs::LogGroup').find((g) => d.mat.nameOf(g) === name) };
}

const streamArn = (x: Res, group: string, stream: string, region = x.stack.region) =>
  `arn:aws:logs:${region}:${x.stack.account}:log-group:${group}:log-stream:${stream}`;

/** The role a value names, or a problem. */
function roleOf(d: Derivation, x: Res, value: unknown): Res {
  const role = resolve(d.m, x.stack, value);
  if (role?.r.Type !== 'AWS::IAM::Role')
    throw new Error(`${x.stack.name}/${x.id}: its role is not a role of the stage`);
  return role;
}

/** Where a writer writes: the group's name (and resource, when the stage declares it), a stream, a region. */
interface Destination {
  readonly name: string;
  readonly group?: Res;
  readonly stream: string;
  readonly region?: string;
}

/** A role creates a stream in a group and writes to it; `x` is the resource that writes (function, trail...). */
function writes(d: Derivation, category: 'function-logs' | 'delivery-logs', role: Res, x: Res, to: Destination) {
  return WRITE.map((action) =>
    d.byRole(category, 'Allowed', role, to.group ?? x, `${action} to ${to.name} (${x.id})`, {
      action,
      resource: streamArn(x, to.name, to.stream, to.region),
      resourceAccount: x.stack.account,
    }),
  );
}

const LAMBDA_STREAM = `2026/01/01/[$LATEST]${'0123456789abcdef'.repeat(2)}`;

/** Lambda functions (their own or the default group) and Synthetics canaries (which run as Lambda functions). */
export function functionLogs(d: Derivation): EffectPath[] {
  const functions = resources(d.m, 'AWS::Lambda::Function').flatMap((fn) =>
    d.guard('function-logs', 'Allowed', fn, `logs of ${fn.id}`, () => {
      const configured = prop(fn, 'LoggingConfig.LogGroup');
      const named =
        configured === undefined ? { name: `/aws/lambda/${d.mat.nameOf(fn)}` } : groupNamed(d, fn, configured);
      return writes(d, 'function-logs', roleOf(d, fn, propsOf(fn).Role), fn, { ...named, stream: LAMBDA_STREAM });
    }),
  );
  const canaries = resources(d.m, 'AWS::Synthetics::Canary').flatMap((canary) =>
    d.guard('function-logs', 'Allowed', canary, `logs of ${canary.id}`, () => {
      // Synthetics names the canary's function cwsyn-<canary name>-<id>, and Lambda its group after the function.
      const name = `/aws/lambda/cwsyn-${d.mat.nameOf(canary)}-0123abcd-4567-89ab-cdef-0123456789ab`;
      const role = roleOf(d, canary, propsOf(canary).ExecutionRoleArn);
      return writes(d, 'function-logs', role, canary, { name, stream: LAMBDA_STREAM });
    }),
  );
  return [...functions, ...canaries];
}

/** ECS task execution roles write their containers' awslogs streams. */
function containerLogs(d: Derivation): EffectPath[] {
  return resources(d.m, 'AWS::ECS::TaskDefinition').flatMap((task) =>
    asArray(propsOf(task).ContainerDefinitions)
      .filter((c) => field(field(c, 'LogConfiguration'), 'LogDriver') === 'awslogs')
      .flatMap((container) =>
        d.guard('delivery-logs', 'Allowed', task, `container logs of ${task.id}`, () => {
          const options = field(field(container, 'LogConfiguration'), 'Options');
          const prefix = str(field(options, 'awslogs-stream-prefix')) ?? 'ecs';
          const region = field(options, 'awslogs-region');
          return writes(d, 'delivery-logs', roleOf(d, task, propsOf(task).ExecutionRoleArn), task, {
            ...groupNamed(d, task, field(options, 'awslogs-group')),
            stream: `${prefix}/${String(field(container, 'Name'))}/0123456789abcdef0123456789abcdef`,
            region: region === undefined ? undefined : d.mat.string(task.stack, region),
          });
        }),
      ),
  );
}

/** ECS task execution roles (awslogs driver), CloudTrail's log role, VPC flow log roles. */
export function deliveryLogs(d: Derivation): EffectPath[] {
  const trails = resources(d.m, 'AWS::CloudTrail::Trail')
    .filter((t) => propsOf(t).CloudWatchLogsRoleArn)
    .flatMap((trail) =>
      d.guard('delivery-logs', 'Allowed', trail, `trail logs of ${trail.id}`, () =>
        writes(d, 'delivery-logs', roleOf(d, trail, propsOf(trail).CloudWatchLogsRoleArn), trail, {
          ...groupNamed(d, trail, propsOf(trail).CloudWatchLogsLogGroupArn),
          stream: `${trail.stack.account}_CloudTrail_${trail.stack.region}`,
        }),
      ),
    );
  const flowLogs = resources(d.m, 'AWS::EC2::FlowLog')
    .filter((f) => propsOf(f).DeliverLogsPermissionArn)
    .flatMap((flow) =>
      d.guard('delivery-logs', 'Allowed', flow, `flow logs of ${flow.id}`, () =>
        writes(d, 'delivery-logs', roleOf(d, flow, propsOf(flow).DeliverLogsPermissionArn), flow, {
          ...groupNamed(d, flow, propsOf(flow).LogGroupName ?? propsOf(flow).LogDestination),
          stream: 'eni-0123456789abcdef0-all',
        }),
      ),
    );
  return [...containerLogs(d), ...trails, ...flowLogs];
}

/** The ARN CloudWatch Logs puts in the encryption context: the group's ARN without the trailing `:*`. */
export const groupContextArn = (d: Derivation, group: Res): string => d.mat.arnOf(group).replace(/:\*$/, '');

/** CloudWatch Logs uses the key of a group with the group's encryption context. */
export function logsUseKey(d: Derivation, category: 'logs-keys' | 'rds', group: Res, key: Res, why = ''): EffectPath[] {
  const service = `logs.${group.stack.region}.amazonaws.com`;
  const context = groupContextArn(d, group);
  return ['kms:GenerateDataKey', 'kms:Decrypt'].map((action) =>
    d.byService(category, 'Allowed', service, key, `${action} for log group ${group.id}${why}`, {
      ...d.onKey(key),
      action,
      context: { 'kms:EncryptionContext:aws:logs:arn': context, 'kms:EncryptionContextKeys': ['aws:logs:arn'] },
    }),
  );
}

/** Every encrypted log group: CloudWatch Logs may use its key. */
export function logsKeys(d: Derivation): EffectPath[] {
  return resources(d.m, 'AWS::Logs::LogGroup')
    .filter((g) => propsOf(g).KmsKeyId !== undefined)
    .flatMap((group) =>
      d.guard('logs-keys', 'Allowed', group, `key of ${group.id}`, () => {
        const key = kmsKey(d.m, group, propsOf(group).KmsKeyId);
        if (!key) throw new Error(`${group.stack.name}/${group.id}: KmsKeyId is not a key of the stage`);
        return logsUseKey(d, 'logs-keys', group, key);
      }),
    );
}
