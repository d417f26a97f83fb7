// PROOF-5: concrete values for template expressions. An IAM evaluator compares strings, so every Ref, GetAtt,
// Join, Sub and cross-stack reference of a policy or a request is turned into the string CloudFormation would
// produce at deploy time. A name the template does not fix (a log group, a role, a bucket without a name
// property) gets the shape CloudFormation gives it (`<stack>-<logicalId>-<suffix>`), with a suffix derived from
// the logical ID: deterministic, so evaluations can be cached, and never a wildcard, so it matches no more than
// the real name would.
import * as crypto from 'node:crypto';
import { asArray, isObject, str } from '../model/json';
import { crossStackOutput, propsOf, type Res } from '../model/query';
import type { StackModel, StageModel } from '../model/types';

/** Deterministic characters standing for what AWS generates (an ID suffix, a key UUID). */
function pseudo(seed: string, length: number, alphabet: string): string {
  const bytes = crypto.createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i % bytes.length] % alphabet.length];
  return out;
}

const HEX = '0123456789abcdef';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A UUID-shaped value for a resource (KMS key IDs, association IDs). */
export const uuidOf = (seed: string): string => {
  const h = pseudo(seed, 32, HEX);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** Name properties, by type: a template that sets one fixes the physical name. */
const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Events::Rule': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::Backup::BackupVault': 'BackupVaultName',
  'AWS::Backup::LogicallyAirGappedBackupVault': 'BackupVaultName',
  'AWS::Backup::RestoreTestingPlan': 'RestoreTestingPlanName',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::CloudTrail::Trail': 'TrailName',
  'AWS::Synthetics::Canary': 'Name',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::SES::ConfigurationSet': 'Name',
  'AWS::SES::ContactList': 'ContactListName',
  'AWS::SES::EmailIdentity': 'EmailIdentity',
};

/** Types whose generated names are lower case (S3 and RDS refuse upper case). */
const LOWER_CASE = new Set(['AWS::S3::Bucket', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance']);

/** Turns template values of one stage into the strings they become at deploy time. */
export class Materializer {
  constructor(readonly m: StageModel) {}

  /** The physical name of a resource: its name property, or the name CloudFormation generates. */
  nameOf(x: Res): string {
    const prop = NAME_PROPERTY[x.r.Type];
    const declared = prop === undefined ? undefined : propsOf(x)[prop];
    if (declared !== undefined) {
      const name = this.string(x.stack, declared);
      return LOWER_CASE.has(x.r.Type) ? name.toLowerCase() : name;
    }
    const generated = `${x.stack.name}-${x.id.slice(0, 40)}-${pseudo(`${x.stack.name}/${x.id}`, 12, UPPER)}`;
    return LOWER_CASE.has(x.r.Type) ? generated.toLowerCase() : generated;
  }

  /** The ARN of a resource (`Fn::GetAtt [X, Arn]` and its type-specific equivalents). */
  arnOf(x: Res): string {
    const { region, account } = x.stack;
    const name = this.nameOf(x);
    const regional = (service: string, resource: string) => `arn:aws:${service}:${region}:${account}:${resource}`;
    switch (x.r.Type) {
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${account}:role${str(propsOf(x).Path) ?? '/'}${name}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:aws:iam::${account}:policy${str(propsOf(x).Path) ?? '/'}${name}`;
      case 'AWS::Logs::LogGroup':
        return `${regional('logs', `log-group:${name}`)}:*`;
      case 'AWS::SNS::Topic':
        return regional('sns', name);
      case 'AWS::SQS::Queue':
        return regional('sqs', name);
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::KMS::Key':
        return regional('kms', `key/${this.keyIdOf(x)}`);
      case 'AWS::Lambda::Function':
        return regional('lambda', `function:${name}`);
      case 'AWS::Events::Rule':
        return regional('events', `rule/${name}`);
      case 'AWS::CloudWatch::Alarm':
        return regional('cloudwatch', `alarm:${name}`);
      case 'AWS::Backup::BackupVault':
      case 'AWS::Backup::LogicallyAirGappedBackupVault':
        return regional('backup', `backup-vault:${name}`);
      case 'AWS::Backup::RestoreTestingPlan':
        return regional('backup', `restore-testing-plan:${name}-${uuidOf(x.id)}`);
      case 'AWS::RDS::DBCluster':
        return regional('rds', `cluster:${name}`);
      case 'AWS::RDS::DBInstance':
        return regional('rds', `db:${name}`);
      case 'AWS::CloudTrail::Trail':
        return regional('cloudtrail', `trail/${name}`);
      case 'AWS::SecretsManager::Secret':
        return regional('secretsmanager', `secret:${name}-${pseudo(x.id, 6, UPPER)}`);
      case 'AWS::Synthetics::Canary':
        return regional('synthetics', `canary:${name}`);
      default: {
        const [, service = 'unknown', type = 'resource'] = x.r.Type.split('::');
        return regional(service.toLowerCase(), `${type.toLowerCase()}/${name}`);
      }
    }
  }

  /** The key ID of a KMS key (its `Ref`). */
  keyIdOf(key: Res): string {
    return uuidOf(`${key.stack.name}/${key.id}`);
  }

  /** The secret ARN RDS gives the master user secret of a cluster it manages. */
  managedSecretArnOf(cluster: Res): string {
    const { region, account } = cluster.stack;
    const id = `${cluster.stack.name}/${cluster.id}/MasterUserSecret`;
    return `arn:aws:secretsmanager:${region}:${account}:secret:rds!cluster-${uuidOf(id)}-${pseudo(id, 6, UPPER)}`;
  }

  /** What `Ref` returns for a resource. */
  private refOf(x: Res): string {
    switch (x.r.Type) {
      case 'AWS::SNS::Topic':
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::SecretsManager::Secret':
        return this.arnOf(x);
      case 'AWS::SQS::Queue':
        return `https://sqs.${x.stack.region}.amazonaws.com/${x.stack.account}/${this.nameOf(x)}`;
      case 'AWS::KMS::Key':
        return this.keyIdOf(x);
      case 'AWS::EC2::Instance':
        return `i-${pseudo(x.id, 17, HEX)}`;
      case 'AWS::EC2::SecurityGroup':
        return `sg-${pseudo(x.id, 17, HEX)}`;
      case 'AWS::EC2::VPC':
        return `vpc-${pseudo(x.id, 17, HEX)}`;
      case 'AWS::EC2::Subnet':
        return `subnet-${pseudo(x.id, 17, HEX)}`;
      default:
        return this.nameOf(x);
    }
  }

  /** What `Fn::GetAtt [X, attribute]` returns. */
  private attributeOf(x: Res, attribute: string): string {
    if (x.r.Type === 'AWS::RDS::DBCluster') {
      if (attribute === 'DBClusterResourceId') return `cluster-${pseudo(x.id, 26, UPPER)}`;
      if (attribute === 'MasterUserSecret.SecretArn') return this.managedSecretArnOf(x);
      if (attribute === 'Endpoint.Port') return String(propsOf(x).Port ?? 5432);
      if (attribute === 'Endpoint.Address')
        return `${this.nameOf(x)}.cluster-example.${x.stack.region}.rds.amazonaws.com`;
    }
    if (/(^|\.)(Arn|[A-Za-z]+Arn)$/.test(attribute)) return this.arnOf(x);
    if (attribute === 'KeyId') return this.keyIdOf(x);
    if (attribute === 'GroupId') return this.refOf(x);
    if (attribute === 'AssociationId') return uuidOf(`${x.stack.name}/${x.id}`);
    if (/Name$/.test(attribute)) return this.nameOf(x);
    return `${this.nameOf(x)}-${attribute}`;
  }

  private resource(stack: StackModel, id: string): Res {
    const r = stack.template.Resources?.[id];
    if (!r) throw new Error(`${stack.name} has no resource ${id}`);
    return { stack, id, r };
  }

  /** The stack and value of a `Fn::GetStackOutput` or `Fn::ImportValue`. */
  private output(value: Record<string, unknown>): { stack: StackModel; value: unknown } {
    const out = crossStackOutput(this.m, value);
    if (!out) throw new Error(`no stack output or export for ${JSON.stringify(value)}`);
    return out;
  }

  private pseudoParameter(stack: StackModel, name: string): string | undefined {
    const values: Record<string, string> = {
      'AWS::Region': stack.region,
      'AWS::AccountId': stack.account,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stack.name,
      'AWS::StackId': `arn:aws:cloudformation:${stack.region}:${stack.account}:stack/${stack.name}/${uuidOf(stack.name)}`,
    };
    return values[name];
  }

  /** `${X}`, `${X.Attr}` and `${AWS::Region}` of a `Fn::Sub` string. */
  private sub(stack: StackModel, template: string, vars: Record<string, unknown>): string {
    return template.replace(/\$\{(!?)([^}]+)\}/g, (_all, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      if (name in vars) return this.string(stack, vars[name]);
      const pseudoValue = this.pseudoParameter(stack, name);
      if (pseudoValue !== undefined) return pseudoValue;
      const [id, ...attr] = name.split('.');
      const x = this.resource(stack, id);
      return attr.length ? this.attributeOf(x, attr.join('.')) : this.refOf(x);
    });
  }

  /** A template value as a string or a list of strings (a list stays a list). */
  value(stack: StackModel, v: unknown): string | string[] {
    if (Array.isArray(v)) return v.flatMap((item) => this.value(stack, item));
    if (!isObject(v)) return String(v);
    if ('Ref' in v) {
      const name = String(v.Ref);
      return this.pseudoParameter(stack, name) ?? this.refOf(this.resource(stack, name));
    }
    if ('Fn::GetAtt' in v) {
      const ga = v['Fn::GetAtt'];
      const [id, ...attr] = Array.isArray(ga) ? ga.map(String) : String(ga).split('.');
      return this.attributeOf(this.resource(stack, id), attr.join('.'));
    }
    if ('Fn::Join' in v) {
      const [delimiter, parts] = asArray(v['Fn::Join']);
      return asArray(parts)
        .flatMap((p) => this.value(stack, p))
        .join(String(delimiter));
    }
    if ('Fn::Sub' in v) {
      const sub = v['Fn::Sub'];
      return Array.isArray(sub)
        ? this.sub(stack, String(sub[0]), sub[1] as Record<string, unknown>)
        : this.sub(stack, String(sub), {});
    }
    if ('Fn::Select' in v) {
      const [index, list] = asArray(v['Fn::Select']);
      return asArray(this.value(stack, list))[Number(index)];
    }
    if ('Fn::Split' in v) {
      const [delimiter, source] = asArray(v['Fn::Split']);
      return this.string(stack, source).split(String(delimiter));
    }
    if ('Fn::GetStackOutput' in v || 'Fn::ImportValue' in v) {
      const out = this.output(v);
      return this.value(out.stack, out.value);
    }
    throw new Error(`cannot materialize ${JSON.stringify(v).slice(0, 120)}`);
  }

  /** A template value that must be one string. */
  string(stack: StackModel, v: unknown): string {
    const out = this.value(stack, v);
    if (Array.isArray(out)) throw new Error(`expected one value, got a list: ${JSON.stringify(v).slice(0, 120)}`);
    return out;
  }

  /** A policy document with every intrinsic replaced by its value. */
  document(stack: StackModel, doc: unknown): Record<string, unknown> {
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.flatMap((item) => (isIntrinsic(item) ? this.value(stack, item) : [walk(item)]));
      if (!isObject(v)) return v;
      if (isIntrinsic(v)) return this.value(stack, v);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    };
    return walk(doc) as Record<string, unknown>;
  }
}

/** An object that is one CloudFormation intrinsic function or Ref. */
function isIntrinsic(v: unknown): v is Record<string, unknown> {
  if (!isObject(v) || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}
