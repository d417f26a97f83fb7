// The result of the AWS Control Tower proactive controls (cfn-guard rules) over the templates of one
// stage (PROOF-6): per control, per resource, pass or fail, and the failures that are listed exceptions.

/** `pass`: the rule found nothing; `fail`: it failed and no exception covers it; `excepted`: it failed and an exception of lib/compliance/guard/exceptions.ts covers it. */
export type GuardStatus = 'pass' | 'fail' | 'excepted';

/** One resource a control evaluated. */
export interface GuardResource {
  /** CloudFormation stack name, e.g. `prod-Data`. */
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** Construct path from `aws:cdk:path`. */
  readonly path?: string;
  readonly status: GuardStatus;
  /** For a failure, what the rule found; for an exception, why the control does not apply. */
  readonly why?: string;
}

/** One Control Tower control that applies to the stage: its rule evaluated at least one template. */
export interface GuardControl {
  /** Control ID, e.g. `CT.RDS.PR.21`. */
  readonly id: string;
  /** The cfn-guard rule name, e.g. `rds_cluster_default_admin_check`. */
  readonly rule: string;
  /** The control's title in the Control Tower catalog. */
  readonly title: string;
  /** `fail` if any resource fails, else `excepted` if any is excepted, else `pass`. */
  readonly status: GuardStatus;
  readonly resources: readonly GuardResource[];
}

/** cfn-guard over the templates of the stage. */
export interface CfnGuardResult {
  readonly ran: boolean;
  /** Ran and no failure outside the exceptions, or could not run where it is optional. */
  readonly ok: boolean;
  /** Versions and rule count, or the reason it did not run. */
  readonly detail: string;
  /** The controls that apply, by control ID. */
  readonly controls: readonly GuardControl[];
}
