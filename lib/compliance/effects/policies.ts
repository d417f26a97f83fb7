// PROOF-5: the policies that decide a request, read from the synthesized templates of the whole stage and
// materialized (materialize.ts): a role's identity policies (inline, customer-managed, attached from any stack,
// AWS-managed from aws-managed-policies.ts), and the resource's own policy (key, bucket, topic, queue, secret or
// vault policy, or a role's trust policy).

import { policyDocuments } from '../model/iam';
import { asArray } from '../model/json';
import { key as keyOf, propsOf, type Res, resolve, resources, sameRes } from '../model/query';
import type { StageModel } from '../model/types';
import { AWS_MANAGED_POLICIES, awsManagedName } from './aws-managed-policies';
import type { PolicyJson } from './evaluate';
import { Materializer } from './materialize';

/** A role's identity policies, materialized, and the AWS-managed ones by name. */
export interface RolePolicies {
  readonly arn: string;
  readonly policies: readonly PolicyJson[];
  readonly awsManaged: readonly string[];
}

/** Resource-policy resources and the property naming what they protect. */
const POLICY_RESOURCES: ReadonlyArray<readonly [string, string, string]> = [
  ['AWS::S3::BucketPolicy', 'Bucket', 'PolicyDocument'],
  ['AWS::SNS::TopicPolicy', 'Topics', 'PolicyDocument'],
  ['AWS::SQS::QueuePolicy', 'Queues', 'PolicyDocument'],
  ['AWS::SecretsManager::ResourcePolicy', 'SecretId', 'ResourcePolicy'],
];

const withVersion = (doc: PolicyJson): PolicyJson => ({ Version: '2012-10-17', ...doc });

/** Reads the policies of one stage; each role's and resource's policies are read once. */
export class StagePolicies {
  readonly mat: Materializer;
  private readonly roles = new Map<string, RolePolicies>();
  private readonly documents;

  constructor(readonly m: StageModel) {
    this.mat = new Materializer(m);
    this.documents = policyDocuments(m);
  }

  /** The identity policies of a role of the stage. */
  ofRole(role: Res): RolePolicies {
    const k = keyOf(role);
    const known = this.roles.get(k);
    if (known) return known;
    const policies = this.documents
      .filter((d) => d.roles.some((r) => sameRes(r, role)) && d.doc !== undefined)
      .map((d) => withVersion(this.mat.document(d.res.stack, d.doc)));
    const awsManaged: string[] = [];
    for (const arn of asArray(propsOf(role).ManagedPolicyArns)) {
      const name = awsManagedName(this.mat.string(role.stack, arn));
      if (name === undefined) continue;
      awsManaged.push(name);
      const extract = AWS_MANAGED_POLICIES[name];
      if (extract) policies.push({ Version: '2012-10-17', Statement: extract.statements });
    }
    const out = { arn: this.mat.arnOf(role), policies, awsManaged };
    this.roles.set(k, out);
    return out;
  }

  /** A role's trust policy. */
  trustOf(role: Res): PolicyJson {
    return withVersion(this.mat.document(role.stack, propsOf(role).AssumeRolePolicyDocument));
  }

  /** A key's key policy. */
  keyPolicyOf(key: Res): PolicyJson {
    return withVersion(this.mat.document(key.stack, propsOf(key).KeyPolicy));
  }

  /**
   * The resource policy of a bucket, topic, queue, secret or backup vault, merged when several policy resources
   * name it; undefined when it has none.
   */
  resourcePolicyOf(x: Res): PolicyJson | undefined {
    if (x.r.Type === 'AWS::Backup::BackupVault' || x.r.Type === 'AWS::Backup::LogicallyAirGappedBackupVault') {
      const access = propsOf(x).AccessPolicy;
      return access === undefined ? undefined : withVersion(this.mat.document(x.stack, access));
    }
    const statements: unknown[] = [];
    for (const [type, target, property] of POLICY_RESOURCES) {
      for (const p of resources(this.m, type)) {
        if (!asArray(propsOf(p)[target]).some((t) => sameRes(resolve(this.m, p.stack, t), x))) continue;
        statements.push(...asArray(this.mat.document(p.stack, propsOf(p)[property]).Statement));
      }
    }
    return statements.length ? { Version: '2012-10-17', Statement: statements } : undefined;
  }
}
