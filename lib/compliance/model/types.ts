// The compliance model: what the checkers read (the synthesized templates of one stage, its config,
// the cdk-nag and cfn-lint results, the repository) and what they return (a verdict per claim).
import type { StageConfig } from '../../config/schema';
import type { CfnGuardResult } from '../guard/types';

/** One CloudFormation resource as written in a synthesized template. Property values are read through guards. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
}

/** A synthesized CloudFormation template (the parts the checkers read). */
export interface TemplateJson {
  readonly Resources?: Record<string, CfnResourceJson>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: unknown }>;
  readonly Parameters?: Record<string, unknown>;
  readonly Transform?: unknown;
  readonly [key: string]: unknown;
}

/** One stack of the cloud assembly. */
export interface StackModel {
  /** CloudFormation stack name, e.g. `prod-Data`. */
  readonly name: string;
  readonly region: string;
  readonly account: string;
  readonly template: TemplateJson;
  /** Termination protection as the cloud assembly declares it. */
  readonly terminationProtection?: boolean;
  /** Names of the stacks this one deploys after. */
  readonly dependencies?: readonly string[];
}

/** An acknowledged cdk-nag finding (or CDK validation rule), with where it was written. */
export interface Acknowledgment {
  /** Rule id as acknowledged, e.g. `AwsSolutions-IAM5[Resource::*]`. */
  readonly ruleId: string;
  readonly reason: string;
  /** Stack and logical id of the resource that carries it in its template metadata. */
  readonly stack: string;
  readonly logicalId: string;
  /** Construct path of that resource (`aws:cdk:path`). */
  readonly path?: string;
}

/** One open finding of a cdk-nag pack. */
export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly resources: readonly string[];
  readonly description: string;
}

/** Result of one cdk-nag pack over the whole stage. */
export interface NagPackResult {
  readonly pack: string;
  /** Distinct rules the pack evaluated (counted while it ran). */
  readonly rulesChecked: number;
  readonly findings: readonly NagFinding[];
  /** Acknowledgments of this pack's rules. */
  readonly acknowledgments: readonly Acknowledgment[];
}

/** cfn-lint over the templates of the stage. */
export interface CfnLintResult {
  readonly ran: boolean;
  readonly ok: boolean;
  /** Version or the reason it did not run. */
  readonly detail: string;
  readonly output: string;
}

/** A secret-looking literal found by the ORG-3 scanner. */
export interface SecretFinding {
  readonly file: string;
  readonly line: number;
  readonly kind: string;
  /** The match with its middle masked, so the report never repeats a secret. */
  readonly excerpt: string;
}

/** Tracked repository files (git ls-files) and the content of the few the checkers read. */
export interface RepoSnapshot {
  readonly files: readonly string[];
  readonly content: Readonly<Record<string, string>>;
}

/** Everything the checkers read: the synthesized templates of one stage plus its config and proofs. */
export interface StageModel {
  readonly config: StageConfig;
  readonly stacks: readonly StackModel[];
  /** cdk-nag result per pack; absent in unit fixtures that do not concern it. */
  readonly nag?: readonly NagPackResult[];
  /** Acknowledgments of rules that are not cdk-nag's (CDK's own validation), listed for completeness. */
  readonly otherAcknowledgments?: readonly Acknowledgment[];
  readonly cfnLint?: CfnLintResult;
  /** The AWS Control Tower proactive controls (PROOF-6); absent in unit fixtures that do not concern them. */
  readonly cfnGuard?: CfnGuardResult;
  readonly repo?: RepoSnapshot;
  /** Secret-looking literals in tracked files (the templates are scanned by the ORG-3 checker itself). */
  readonly repoSecrets?: readonly SecretFinding[];
}

/** A property value read from a template, proving (or disproving) a claim. */
export interface Evidence {
  readonly stack: string;
  readonly region: string;
  readonly logicalId: string;
  readonly type: string;
  readonly property: string;
  readonly value: unknown;
  /** Construct path from `aws:cdk:path` metadata. */
  readonly path?: string;
}

/**
 * `not-verified`: the checker's evidence is not what runs (the application uses a cluster restored outside the stack,
 * OPS-2): nothing is proven until it is brought back under the stack.
 */
export type ClaimStatus = 'kept' | 'partly' | 'not-kept' | 'not-applicable' | 'not-verified';

/** The verdict of one checker. */
export interface ClaimResult {
  readonly id: string;
  readonly status: ClaimStatus;
  /** Plain-language reason; for partly / not-kept, what is missing. */
  readonly why: string;
  readonly evidence: readonly Evidence[];
  /**
   * Set on a claim that is partly or not kept by the stage's own choice (OPS-5): `waived: REASON` (a waiver of the
   * stage config) or `disposable stage: REASON` (lifecycle "disposable", OPS-3). Such a claim does not fail the
   * compliance check; the report and the page show it as not kept, with this reason.
   * @default - not waived
   */
  readonly waived?: string;
}

/** One checker per claim: a pure function of the model. */
export type Checker = (m: StageModel) => ClaimResult;
