// PROOF-5: what a data path is (a principal, one action on one resource, the context the service sends, the
// policies that decide it, and the decision it must get), and the helpers that build the requests of the paths.
import { type Res, sameRes } from '../model/query';
import type { StageModel } from '../model/types';
import { coverageProblem } from './aws-managed-policies';
import type { Evaluation, PolicyJson, RequestContext } from './evaluate';
import { StagePolicies } from './policies';

/** The categories of paths, each derived from the templates (paths-*.ts); the tests assert each finds one. */
export const CATEGORIES = {
  'function-logs': 'Lambda functions and canaries write to their log groups',
  'delivery-logs': 'services write through their delivery roles (ECS task execution, CloudTrail, VPC flow logs)',
  'logs-keys': 'CloudWatch Logs uses the key of every encrypted log group (encryption context of the group)',
  cloudtrail: 'CloudTrail writes to its bucket (PutObject, GetBucketAcl) and encrypts with its key',
  backup: 'AWS Backup (its service role) uses each vault key and copies into the vaults of the backup region',
  restore: 'AWS Backup (its restore role) restores the protected cluster under the cluster key',
  topics: 'CloudWatch alarms and EventBridge rules publish to every encrypted topic and use its key',
  rds: 'RDS uses its storage key (kms:ViaService), CloudWatch Logs its log key',
  'app-db': 'the application role connects to each cluster as the application database user',
  'restore-validator': 'the restore validator reads restored clusters and the master secret',
  'operator-access': 'operators assume their roles with MFA from the operator ranges',
  'app-secrets': 'the application role cannot read the master secret or connect as another database user',
  'key-deletion': 'no role of the stage but a break-glass role can schedule deletion of or disable a key',
  'key-guard':
    'an administrator cannot delete, disable or re-key a guarded key; the break-glass role can; the deployment role can only re-key',
  'operator-conditions': 'no operator session without MFA or from outside the operator ranges',
  'foreign-account': 'no other account reaches a resource through a service principal',
} as const;

export type Category = keyof typeof CATEGORIES;

/** The decision a path must get: a data path works, a forbidden one is closed. */
export type Expected = 'Allowed' | 'Denied';

/** One data path of the stage. */
export interface EffectPath {
  readonly category: Category;
  readonly expect: Expected;
  /** Who acts: a role's logical ID or a service principal. */
  readonly who: string;
  /** The action and what it reaches, in words. */
  readonly what: string;
  /** The resource the path reaches, for the report. */
  readonly target: Res;
  /** The request; absent when the path could not be built (then `problem` says why). */
  readonly evaluation?: Evaluation;
  readonly problem?: string;
}

/** Resources without repeats. */
export const unique = (xs: readonly Res[]): Res[] => xs.filter((x, i) => xs.findIndex((y) => sameRes(x, y)) === i);

/** An account that is not the stage's, standing for any other account. */
export function foreignAccount(m: StageModel): string {
  return m.config.account === '999988887777' ? '888877776666' : '999988887777';
}

/** The always-present keys of a request by an IAM principal (a role session). */
export function principalContext(arn: string, account: string): Record<string, string> {
  return {
    'aws:PrincipalArn': arn,
    'aws:PrincipalAccount': account,
    'aws:PrincipalIsAWSService': 'false',
    'aws:SecureTransport': 'true',
  };
}

/** The always-present keys of a request by an AWS service principal. */
export const serviceContext = (): Record<string, string> => ({
  'aws:PrincipalIsAWSService': 'true',
  'aws:SecureTransport': 'true',
});

/** The keys a KMS request carries when a service uses a key on a principal's behalf. */
export const viaService = (service: string, region: string, account: string, grant: boolean) => ({
  'kms:ViaService': `${service}.${region}.amazonaws.com`,
  'kms:CallerAccount': account,
  ...(grant ? { 'kms:GrantIsForAWSResource': 'true' } : {}),
});

/** What a path's request is: one action on one resource, its context, and the resource's policy. */
export interface RequestSpec {
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly context?: RequestContext;
  readonly resourcePolicy?: PolicyJson;
  readonly trust?: boolean;
}

/** Builds the paths of one stage: the policies once, the requests per path. */
export class Derivation {
  readonly policies: StagePolicies;

  constructor(readonly m: StageModel) {
    this.policies = new StagePolicies(m);
  }

  get mat() {
    return this.policies.mat;
  }

  /** A request on a key of the stage: its ARN, account and key policy. */
  onKey(key: Res): Pick<RequestSpec, 'resource' | 'resourceAccount' | 'resourcePolicy'> {
    return {
      resource: this.mat.arnOf(key),
      resourceAccount: key.stack.account,
      resourcePolicy: this.policies.keyPolicyOf(key),
    };
  }

  /** A path whose request is made by a role of the stage, with its identity policies. */
  byRole(category: Category, expect: Expected, role: Res, target: Res, what: string, spec: RequestSpec): EffectPath {
    const who = role.id;
    try {
      const own = this.policies.ofRole(role);
      const problem = coverageProblem(own.awsManaged, spec.action);
      if (problem) return { category, expect, who, what, target, problem };
      const context = { ...principalContext(own.arn, role.stack.account), ...spec.context };
      return { category, expect, who, what, target, evaluation: this.evaluation(own.arn, own.policies, spec, context) };
    } catch (e) {
      return { category, expect, who, what, target, problem: e instanceof Error ? e.message : String(e) };
    }
  }

  /** A path whose request is made by a principal outside the templates, with the identity policies given. */
  byPrincipal(
    category: Category,
    expect: Expected,
    principal: { who: string; arn: string; account: string; policies: readonly PolicyJson[] },
    target: Res,
    what: string,
    spec: RequestSpec,
  ): EffectPath {
    const context = { ...principalContext(principal.arn, principal.account), ...spec.context };
    const evaluation = this.evaluation(principal.arn, principal.policies, spec, context);
    return { category, expect, who: principal.who, what, target, evaluation };
  }

  /** A path whose request is made by an AWS service principal (no identity policy: the resource decides). */
  byService(category: Category, expect: Expected, service: string, target: Res, what: string, spec: RequestSpec) {
    const context = { ...serviceContext(), ...spec.context };
    return { category, expect, who: service, what, target, evaluation: this.evaluation(service, [], spec, context) };
  }

  private evaluation(
    principal: string,
    identityPolicies: readonly PolicyJson[],
    spec: RequestSpec,
    context: RequestContext,
  ): Evaluation {
    return {
      principal,
      action: spec.action,
      resource: spec.resource,
      resourceAccount: spec.resourceAccount,
      context,
      identityPolicies,
      resourcePolicy: spec.resourcePolicy ? { trust: !!spec.trust, policy: spec.resourcePolicy } : undefined,
    };
  }

  /** Runs a derivation step, turning a failure into a path with a problem. */
  guard(category: Category, expect: Expected, target: Res, what: string, build: () => EffectPath[]): EffectPath[] {
    try {
      return build();
    } catch (e) {
      return [
        { category, expect, who: '(derivation)', what, target, problem: e instanceof Error ? e.message : String(e) },
      ];
    }
  }
}
