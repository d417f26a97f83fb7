import { type App, type AppProps, Validations } from 'aws-cdk-lib';
import type { StageConfig } from '../config/schema';
import { nagPacks } from './nag';
import { buildStage, type Stage } from './stage';

/**
 * App settings shared by `bin/app.ts` and the tests. aws-cdk-lib's built-in
 * CloudFormation validation is off: cfn-lint runs on every template in `npm test`
 * and covers the same rules, and the built-in pass cost seconds per synth
 * (measured numbers in docs/testing.md, "Speed").
 */
export const APP_PROPS: AppProps = { builtinCloudFormationValidation: false };

/** Options of {@link addStage}. */
export interface AddStageOptions {
  /**
   * Register the cdk-nag packs as validation plugins, so any open finding fails synth.
   * Tests leave them off and call `validateScope` themselves.
   * @default true
   */
  readonly nag?: boolean;
}

/** Builds one validated stage into `app`; `bin/app.ts`, the tests and the scripts share it. */
export function addStage(app: App, config: StageConfig, options: AddStageOptions = {}): Stage {
  const stage = buildStage(app, config);
  if (options.nag ?? true) Validations.of(app).addPlugins(...nagPacks(app));
  return stage;
}
