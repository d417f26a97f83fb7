// Builds the synthesized stage of a config file: synthesizes it offline, runs the four cdk-nag
// packs, reads templates and acknowledgments back from the assembly. Loaded only when a stage
// must be synthesized (lib/compliance/stage-cache.ts reads it lazily): it pulls in aws-cdk-lib.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { APP_PROPS, addStage } from '../app/add-stage';
import { nagPacks } from '../app/nag';
import type { StageConfig } from '../config/schema';
import { loadStageConfig } from '../config/validate';
import { asArray, field, str } from './model/json';
import type { Acknowledgment, NagPackResult, StackModel, TemplateJson } from './model/types';
import { validateCountingRules } from './nag-rules';

/** A synthesized stage: templates and nag results (config and repo are added by the caller). */
export interface SynthesizedStage {
  readonly config: StageConfig;
  readonly stacks: StackModel[];
  readonly nag: NagPackResult[];
  readonly otherAcknowledgments: Acknowledgment[];
  readonly outdir: string;
  readonly templateFiles: string[];
}

/** Reads `cdk_nag.rules_to_suppress` written into every resource's metadata. */
export function acknowledgmentsOf(stacks: readonly StackModel[]): Acknowledgment[] {
  const out: Acknowledgment[] = [];
  for (const s of stacks) {
    for (const [logicalId, r] of Object.entries(s.template.Resources ?? {})) {
      for (const rule of asArray(field(r.Metadata?.cdk_nag, 'rules_to_suppress'))) {
        out.push({
          ruleId: String(field(rule, 'id')),
          reason: String(field(rule, 'reason')),
          stack: s.name,
          logicalId,
          path: str(r.Metadata?.['aws:cdk:path']),
        });
      }
    }
  }
  return out;
}

/** Runs the packs with `validateScope`, counting the distinct rules each one evaluates. */
export function runNag(
  app: IConstruct,
  packs: readonly NagPack[],
  acks: readonly Acknowledgment[] = [],
): NagPackResult[] {
  return packs.map((pack) => {
    const { report, rules } = validateCountingRules(pack, app);
    const name = pack.readPackName;
    return {
      pack: name,
      rulesChecked: rules.size,
      findings: report.violations.map((v) => ({
        rule: v.ruleName,
        severity: v.severity ?? 'error',
        description: v.description,
        resources: v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId ?? '?'),
      })),
      acknowledgments: acks.filter((a) => a.ruleId.startsWith(`${name}-`)),
    };
  });
}

/**
 * The App the report synthesizes, with construct path metadata on as the CDK CLI sets it
 * (`aws:cdk:enable-path-metadata`): every resource then carries `Metadata['aws:cdk:path']`,
 * which fills the report's "Construct path" column. A plain `new App()` leaves it off.
 */
export function complianceApp(context: Record<string, unknown> = {}, outdir?: string): App {
  return new App({ ...APP_PROPS, context: { ...context, [cxapi.PATH_METADATA_ENABLE_CONTEXT]: true }, outdir });
}

/** The stacks of a synthesized assembly as the report models them. */
export function stackModels(assembly: cxapi.CloudAssembly): StackModel[] {
  return assembly.stacks.map((s) => ({
    name: s.stackName,
    region: s.environment.region,
    account: s.environment.account,
    template: s.template as TemplateJson,
    terminationProtection: s.terminationProtection ?? false,
    dependencies: s.dependencies
      .filter((d): d is cxapi.CloudFormationStackArtifact => d instanceof cxapi.CloudFormationStackArtifact)
      .map((d) => d.stackName),
  }));
}

/** Synthesizes one stage of `config/` offline, with the packs' metadata aspect on, and runs the packs. */
export function synthesizeStage(
  configFile: string,
  context: Record<string, unknown>,
  outdir?: string,
): SynthesizedStage {
  const config = loadStageConfig(configFile);
  const dir = outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), `compliance-${config.name}-`));
  const app = complianceApp(context, dir);
  addStage(app, config, { nag: false });
  // Constructed before synth so their aspect writes acknowledgments into the templates.
  const packs = nagPacks(app);
  const assembly = app.synth();
  const stacks = stackModels(assembly);
  const acks = acknowledgmentsOf(stacks);
  const nag = runNag(app, packs, acks);
  const packNames = nag.map((p) => p.pack);
  return {
    config,
    stacks,
    nag,
    otherAcknowledgments: acks.filter((a) => !packNames.some((p) => a.ruleId.startsWith(`${p}-`))),
    outdir: dir,
    templateFiles: assembly.stacks.map((s) => s.templateFullPath),
  };
}
