// The compliance model of a real example stage, read as scripts/compliance.ts reads it (the cached
// synth of lib/compliance/stage-cache.ts, so no test synthesizes again), plus a small editor for
// mutation tests: deep-cloned templates, resources found by construct path (stable and readable,
// unlike hashed logical IDs).
import * as path from 'node:path';
import type { CfnResourceJson, StageModel } from '../../lib/compliance/model/types';
import { repoSnapshot } from '../../lib/compliance/repo';
import { cachedStage } from '../../lib/compliance/stage-cache';

export const ROOT = path.join(__dirname, '..', '..');

/**
 * The synthesized stage of `config/<file>` with the four cdk-nag packs, as `npm run compliance` reads it.
 * cfn-lint is stubbed as not run (the checkers then ignore it), and the repository scan for secrets
 * as clean: both are outside the templates these tests mutate.
 */
export function realStageModel(file = 'example.json'): StageModel {
  const { config, stacks, nag, otherAcknowledgments } = cachedStage(ROOT, path.join(ROOT, 'config', file));
  return {
    config,
    stacks,
    nag,
    otherAcknowledgments,
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
