// Default values of the operations settings (OPS-3, OPS-5, BKP-7's key guard), named once: the zod schema
// (lib/config/schema.ts) and the stacks fall back to them.

/** Stage lifecycles: durable keeps everything (production); disposable can be thrown away (test stages, OPS-3). */
export const LIFECYCLES = ['durable', 'disposable'] as const;
/** A stage lifecycle. */
export type Lifecycle = (typeof LIFECYCLES)[number];
/** Every stage is durable unless its config says otherwise. */
export const DEFAULT_LIFECYCLE: Lifecycle = 'durable';

/** Name of the IAM role that alone may schedule deletion of, disable or re-key a guarded KMS key (BKP-7). */
export const DEFAULT_BREAK_GLASS_ROLE_NAME = 'BreakGlass';
/** Qualifier of the CDK bootstrap stacks (`cdk bootstrap --qualifier`); names the deployment's execution role. */
export const DEFAULT_BOOTSTRAP_QUALIFIER = 'hnb659fds';
