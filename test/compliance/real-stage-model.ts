// The compliance model of a real example stage, built as scripts/compliance.ts builds it,
// plus a small editor for mutation tests: deep-cloned templates, resources found by
// construct path (stable and readable, unlike hashed logical IDs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoSnapshot, synthesizeStage } from '../../lib/compliance/assembly';
import type { CfnResourceJson, StageModel } from '../../lib/compliance/model';

export const ROOT = path.join(__dirname, '..', '..');

/**
 * Synthesizes `config/<file>` once with the cdk.json context and the four cdk-nag packs, as
 * `npm run compliance` does. cfn-lint is stubbed as not run (the checkers then ignore it), and
 * the repository scan for secrets as clean: both are outside the templates these tests mutate.
 */
export function realStageModel(file = 'example.json'): StageModel {
  const context = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context;
  const s = synthesizeStage(path.join(ROOT, 'config', file), context);
  fs.rmSync(s.outdir, { recursive: true, force: true });
  return {
    config: s.config,
    stacks: s.stacks,
    nag: s.nag,
    otherAcknowledgments: s.otherAcknowledgments,
    cfnLint: { ran: false, ok: true, detail: 'not run by the mutation tests', output: '' },
    repo: repoSnapshot(ROOT),
    repoSecrets: [],
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** A resource whose fields a mutation may change. */
export type MutableResource = Mutable<CfnResourceJson> & { Properties: Record<string, any> };

/** Edits the deep-cloned templates of a model, addressing resources by construct path. */
export class TemplateEditor {
  readonly model: StageModel;

  constructor(base: StageModel) {
    this.model = { ...base, stacks: structuredClone(base.stacks) };
  }

  private resourcesOf(stackSuffix: string): Record<string, CfnResourceJson> {
    const name = `${this.model.config.name}-${stackSuffix}`;
    const stack = this.model.stacks.find((s) => s.name === name);
    if (!stack?.template.Resources) throw new Error(`no stack ${name}`);
    return stack.template.Resources as Record<string, CfnResourceJson>;
  }

  /** Logical ID and resource at construct path `<Stack>/<path>` (stage prefix implied); exactly one must match. */
  private find(cdkPath: string): { resources: Record<string, CfnResourceJson>; id: string; r: MutableResource } {
    const stackSuffix = cdkPath.split('/')[0];
    const full = `${this.model.config.name}-${cdkPath}`;
    const resources = this.resourcesOf(stackSuffix);
    const hits = Object.entries(resources).filter(([, r]) => r.Metadata?.['aws:cdk:path'] === full);
    if (hits.length !== 1) throw new Error(`${hits.length} resources at ${full}`);
    const [id, r] = hits[0];
    return { resources, id, r: r as MutableResource };
  }

  /** The resource at a construct path, for in-place changes. */
  at(cdkPath: string): MutableResource {
    return this.find(cdkPath).r;
  }

  /** Logical ID of the resource at a construct path (for Ref/GetAtt in added resources). */
  idOf(cdkPath: string): string {
    return this.find(cdkPath).id;
  }

  /** Removes the resource at a construct path. */
  drop(cdkPath: string): void {
    const { resources, id } = this.find(cdkPath);
    delete resources[id];
  }

  /** Adds a resource to a stack (`Data`, `Edge`, ...). */
  add(stackSuffix: string, id: string, r: CfnResourceJson): void {
    this.resourcesOf(stackSuffix)[id] = r;
  }
}
