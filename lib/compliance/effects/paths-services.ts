// PROOF-5 paths of AWS services writing into the stage's buckets and topics and with its keys: CloudTrail, CloudWatch
// alarms and EventBridge rules publishing to encrypted topics, RDS. The context keys are those each service documents
// sending: aws:SourceArn/SourceAccount where it sends them (CloudTrail, CloudWatch alarms, EventBridge to SNS), none
// to KMS for EventBridge (not supported there), kms:ViaService when a service uses a key on a principal's behalf.
import { deploymentRoleName } from '../../core/key-guard';
import { asArray, field } from '../model/json';
import { kmsKey, propsOf, type Res, resolve, resources, sameRes } from '../model/query';
import { type Derivation, type EffectPath, type RequestSpec, unique, viaService } from './path';
import { logsUseKey } from './paths-logs';

const TRAIL = 'cloudtrail.amazonaws.com';

/** The objects CloudTrail writes: a log file, and a digest file when log file validation is on. */
function trailFiles(trail: Res): string[] {
  const { account, region } = trail.stack;
  const files = [`CloudTrail/${region}/2026/01/01/${account}_CloudTrail_${region}_20260101T0000Z_a1b2c3d4e5f6.json.gz`];
  if (propsOf(trail).EnableLogFileValidation === true)
    files.push(
      `CloudTrail-Digest/${region}/2026/01/01/${account}_CloudTrail-Digest_${region}_20260101T000000Z.json.gz`,
    );
  return files;
}

/** CloudTrail checks its bucket's ACL and writes its files. */
function trailBucket(d: Derivation, trail: Res, source: Record<string, string>): EffectPath[] {
  const bucket = resolve(d.m, trail.stack, propsOf(trail).S3BucketName);
  if (bucket?.r.Type !== 'AWS::S3::Bucket') throw new Error(`${trail.id}: its bucket is not a bucket of the stage`);
  const on = { resourceAccount: bucket.stack.account, resourcePolicy: d.policies.resourcePolicyOf(bucket) };
  const bucketArn = d.mat.arnOf(bucket);
  const prefixValue = propsOf(trail).S3KeyPrefix;
  const prefix = prefixValue === undefined ? '' : `${d.mat.string(trail.stack, prefixValue)}/`;
  return [
    d.byService('cloudtrail', 'Allowed', TRAIL, bucket, `s3:GetBucketAcl (${trail.id})`, {
      ...on,
      action: 's3:GetBucketAcl',
      resource: bucketArn,
      context: source,
    }),
    ...trailFiles(trail).map((file) =>
      d.byService('cloudtrail', 'Allowed', TRAIL, bucket, `s3:PutObject ${file.split('/')[0]} (${trail.id})`, {
        ...on,
        action: 's3:PutObject',
        resource: `${bucketArn}/${prefix}AWSLogs/${trail.stack.account}/${file}`,
        context: { ...source, 's3:x-amz-acl': 'bucket-owner-full-control' },
      }),
    ),
  ];
}

/** CloudTrail encrypts its files with its key (encryption context: the trail) and describes the key. */
function trailKey(d: Derivation, trail: Res, source: Record<string, string>): EffectPath[] {
  if (propsOf(trail).KMSKeyId === undefined) return [];
  const key = kmsKey(d.m, trail, propsOf(trail).KMSKeyId);
  if (!key) throw new Error(`${trail.id}: KMSKeyId is not a key of the stage`);
  const encryption = {
    'kms:EncryptionContext:aws:cloudtrail:arn': source['aws:SourceArn'],
    'kms:EncryptionContextKeys': ['aws:cloudtrail:arn'],
  };
  return [
    d.byService('cloudtrail', 'Allowed', TRAIL, key, `kms:GenerateDataKey (${trail.id})`, {
      ...d.onKey(key),
      action: 'kms:GenerateDataKey',
      context: { ...source, ...encryption },
    }),
    d.byService('cloudtrail', 'Allowed', TRAIL, key, `kms:DescribeKey (${trail.id})`, {
      ...d.onKey(key),
      action: 'kms:DescribeKey',
      context: source,
    }),
  ];
}

/** CloudTrail: bucket ACL check, log and digest files, and the trail key. */
export function cloudTrail(d: Derivation): EffectPath[] {
  return resources(d.m, 'AWS::CloudTrail::Trail').flatMap((trail) =>
    d.guard('cloudtrail', 'Allowed', trail, `delivery of ${trail.id}`, () => {
      const source = { 'aws:SourceArn': d.mat.arnOf(trail), 'aws:SourceAccount': trail.stack.account };
      return [...trailBucket(d, trail, source), ...trailKey(d, trail, source)];
    }),
  );
}

/** A topic's publishers: alarms whose actions name it, EventBridge rule targets that name it. */
function publishers(d: Derivation, topic: Res): { alarms: Res[]; targets: Array<{ rule: Res; target: unknown }> } {
  const arn = d.mat.arnOf(topic);
  const names = (x: Res, v: unknown) => sameRes(resolve(d.m, x.stack, v), topic) || d.mat.value(x.stack, v) === arn;
  const actions = ['AlarmActions', 'OKActions', 'InsufficientDataActions'];
  const alarms = resources(d.m, 'AWS::CloudWatch::Alarm').filter((a) =>
    actions.some((k) => asArray(propsOf(a)[k]).some((v) => names(a, v))),
  );
  const targets = resources(d.m, 'AWS::Events::Rule').flatMap((rule) =>
    asArray(propsOf(rule).Targets)
      .filter((t) => names(rule, field(t, 'Arn')))
      .map((target) => ({ rule, target })),
  );
  return { alarms, targets };
}

/** What publishing to an encrypted topic takes: sns:Publish on the topic, then the key for the publisher. */
interface TopicUse {
  readonly topic: Res;
  readonly key: Res;
  readonly publish: RequestSpec;
  readonly encryption: Record<string, string | string[]>;
}

/** One publisher, as a service principal: sns:Publish with its source, the key with `keyContext`. */
function servicePublishes(d: Derivation, use: TopicUse, service: string, from: Res, keyContext: object): EffectPath[] {
  const source = { 'aws:SourceArn': d.mat.arnOf(from), 'aws:SourceAccount': from.stack.account };
  return [
    d.byService('topics', 'Allowed', service, use.topic, `sns:Publish from ${from.id}`, {
      ...use.publish,
      context: source,
    }),
    ...['kms:GenerateDataKey', 'kms:Decrypt'].map((action) =>
      d.byService('topics', 'Allowed', service, use.key, `${action} for topic ${use.topic.id} (${from.id})`, {
        ...d.onKey(use.key),
        action,
        context: { ...keyContext, ...use.encryption },
      }),
    ),
  ];
}

/** A rule that publishes as its own role: the role's policies decide, and SNS uses the key for the role. */
function rolePublishes(d: Derivation, use: TopicUse, role: Res, rule: Res): EffectPath[] {
  return [
    d.byRole('topics', 'Allowed', role, use.topic, `sns:Publish for rule ${rule.id}`, use.publish),
    ...['kms:GenerateDataKey', 'kms:Decrypt'].map((action) =>
      d.byRole('topics', 'Allowed', role, use.key, `${action} for topic ${use.topic.id} (rule ${rule.id})`, {
        ...d.onKey(use.key),
        action,
        context: { ...viaService('sns', use.topic.stack.region, role.stack.account, false), ...use.encryption },
      }),
    ),
  ];
}

/** CloudWatch alarms and EventBridge rules publish to every encrypted topic, and use its key. */
export function topics(d: Derivation): EffectPath[] {
  const encrypted = resources(d.m, 'AWS::SNS::Topic').filter((t) => propsOf(t).KmsMasterKeyId !== undefined);
  return encrypted.flatMap((topic) =>
    d.guard('topics', 'Allowed', topic, `publishers of ${topic.id}`, () => {
      const key = kmsKey(d.m, topic, propsOf(topic).KmsMasterKeyId);
      if (!key) throw new Error(`${topic.id}: KmsMasterKeyId is not a key of the stage`);
      const arn = d.mat.arnOf(topic);
      const use: TopicUse = {
        topic,
        key,
        publish: {
          action: 'sns:Publish',
          resource: arn,
          resourceAccount: topic.stack.account,
          resourcePolicy: d.policies.resourcePolicyOf(topic),
        },
        encryption: {
          'kms:EncryptionContext:aws:sns:topicArn': arn,
          'kms:EncryptionContextKeys': ['aws:sns:topicArn'],
        },
      };
      const { alarms, targets } = publishers(d, topic);
      return [
        ...alarms.flatMap((alarm) =>
          servicePublishes(d, use, 'cloudwatch.amazonaws.com', alarm, {
            'aws:SourceArn': d.mat.arnOf(alarm),
            'aws:SourceAccount': alarm.stack.account,
          }),
        ),
        ...targets.flatMap(({ rule, target }) => {
          const role = resolve(d.m, rule.stack, field(target, 'RoleArn'));
          if (role?.r.Type === 'AWS::IAM::Role') return rolePublishes(d, use, role, rule);
          // EventBridge sends no aws:SourceArn/SourceAccount to KMS for an encrypted topic (not supported there).
          return servicePublishes(d, use, 'events.amazonaws.com', rule, {});
        }),
      ];
    }),
  );
}

/** The principal that creates the cluster and lets RDS use its keys: the CDK bootstrap's execution role. */
function deployer(qualifier: string, account: string, region: string) {
  // AdministratorAccess unless the stage was bootstrapped with a tighter policy (docs/operations.md): the key
  // policy is what this path proves, the execution policy being the bootstrap's.
  const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const arn = `arn:aws:iam::${account}:role/${deploymentRoleName(qualifier, account, region)}`;
  return { who: 'CloudFormation execution role', arn, account, policies: [admin] };
}

/** The distinct keys a cluster names for its storage and Performance Insights. */
function clusterKeys(d: Derivation, cluster: Res): Res[] {
  const keys = ['KmsKeyId', 'PerformanceInsightsKmsKeyId']
    .map((p) => propsOf(cluster)[p])
    .filter((v) => v !== undefined)
    .map((v) => {
      const key = kmsKey(d.m, cluster, v);
      if (!key) throw new Error(`${cluster.id}: a key of the cluster is not a key of the stage`);
      return key;
    });
  return unique(keys);
}

/** The encrypted log groups a cluster exports to (`/aws/rds/cluster/<id>/<log>`), CloudWatch Logs using their keys. */
function clusterLogs(d: Derivation, cluster: Res): EffectPath[] {
  const id = d.mat.nameOf(cluster);
  return asArray(propsOf(cluster).EnableCloudwatchLogsExports).flatMap((log) => {
    const name = `/aws/rds/cluster/${id}/${String(log)}`;
    const group = resources(d.m, 'AWS::Logs::LogGroup').find(
      (g) => g.stack.region === cluster.stack.region && d.mat.nameOf(g) === name,
    );
    const key = group && kmsKey(d.m, group, propsOf(group).KmsKeyId);
    if (!group || !key) throw new Error(`${cluster.id}: log export ${String(log)} has no encrypted log group ${name}`);
    return logsUseKey(d, 'rds', group, key, ` (RDS ${String(log)} export of ${cluster.id})`);
  });
}

/** RDS: its storage and Performance Insights keys through kms:ViaService, its log exports' keys. */
export function rds(d: Derivation): EffectPath[] {
  return resources(d.m, 'AWS::RDS::DBCluster').flatMap((cluster) =>
    d.guard('rds', 'Allowed', cluster, `keys of ${cluster.id}`, () => {
      const { account, region } = cluster.stack;
      const storage = clusterKeys(d, cluster).flatMap((key) =>
        (['kms:CreateGrant', 'kms:DescribeKey'] as const).map((action) =>
          d.byPrincipal(
            'rds',
            'Allowed',
            deployer(d.m.config.keyGuard.bootstrapQualifier, account, region),
            key,
            `${action} via rds for ${cluster.id}`,
            {
              ...d.onKey(key),
              action,
              context: viaService('rds', region, account, action === 'kms:CreateGrant'),
            },
          ),
        ),
      );
      return [...storage, ...clusterLogs(d, cluster)];
    }),
  );
}

/** Keys by which a service names the account it acts for: its source, or (CloudWatch Logs) the group ARN. */
const IDENTIFYING = ['aws:sourceaccount', 'aws:sourcearn', 'kms:encryptioncontext:aws:logs:arn'];

/** The foreign-account twin of a service path, or undefined when its request names no account to change. */
export function fromForeignAccount(d: Derivation, p: EffectPath, foreign: string): EffectPath | undefined {
  const e = p.evaluation;
  if (!e || e.identityPolicies.length) return undefined;
  // A request that names no account (EventBridge to KMS) has no twin: nothing in it tells accounts apart.
  if (!Object.keys(e.context).some((k) => IDENTIFYING.includes(k.toLowerCase()))) return undefined;
  const own = d.m.config.account;
  const swap = (v: string) => v.split(`:${own}:`).join(`:${foreign}:`);
  const context: Record<string, string | readonly string[]> = {};
  for (const [k, v] of Object.entries(e.context)) {
    const accountBearing = /^(aws:Source(Account|Arn)|kms:EncryptionContext:.+)$/i.test(k);
    context[k] = !accountBearing || typeof v !== 'string' ? v : k === 'aws:SourceAccount' ? foreign : swap(v);
  }
  const what = `${p.what}, acting for account ${foreign}`;
  return { ...p, category: 'foreign-account', expect: 'Denied', what, evaluation: { ...e, context } };
}
