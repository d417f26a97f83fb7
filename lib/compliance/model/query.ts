// Read-only helpers over synthesized templates: find resources, follow simple intrinsics
// (Ref, Fn::GetAtt, Fn::GetStackOutput, Fn::ImportValue) and render values as text.
import { asArray, field, getPath, isObject, type JsonObject, str } from './json';
import type { CfnResourceJson, Evidence, StackModel, StageModel } from './types';

/** A resource located in its stack. */
export interface Res {
  readonly stack: StackModel;
  readonly id: string;
  readonly r: CfnResourceJson;
}

/** The properties of a resource (empty when it declares none). */
export const propsOf = (x: Res): JsonObject => x.r.Properties ?? {};

/** A property of a resource by path, e.g. `prop(x, 'HealthCheckConfig.Type')`. */
export const prop = (x: Res, path: string): unknown => getPath(propsOf(x), path);

/** Construct path of a resource (`aws:cdk:path` metadata), when the app wrote it. */
export const pathOf = (x: Res): string | undefined => str(x.r.Metadata?.['aws:cdk:path']);

export const sameRes = (a: Res | undefined, b: Res | undefined): boolean =>
  !!a && !!b && a.stack.name === b.stack.name && a.id === b.id;

/** `stack/logicalId`, unique across the stage. */
export const key = (x: Res): string => `${x.stack.name}/${x.id}`;

/** Every resource of the given type(s) in every stack of the stage (or of the given stacks). */
export function resources(m: StageModel | readonly StackModel[], types: string | readonly string[]): Res[] {
  const wanted = new Set<string>(typeof types === 'string' ? [types] : types);
  const stacks: readonly StackModel[] = 'stacks' in m ? m.stacks : m;
  const out: Res[] = [];
  for (const stack of stacks) {
    for (const [id, r] of Object.entries(stack.template.Resources ?? {})) {
      if (wanted.has(r.Type)) out.push({ stack, id, r });
    }
  }
  return out;
}

/** Evidence line for a property of a resource (the value is read, never written by hand). */
export function ev(x: Res, property: string, value?: unknown): Evidence {
  const v = value !== undefined ? value : prop(x, property);
  return {
    stack: x.stack.name,
    region: x.stack.region,
    logicalId: x.id,
    type: x.r.Type,
    property,
    value: v === undefined ? '(absent)' : v,
    path: pathOf(x),
  };
}

/** Evidence that is not a resource property: config values, counts, scans (`stack` names the source). */
export function note(
  stack: string,
  logicalId: string,
  type: string,
  property: string,
  value: unknown,
  region = '-',
): Evidence {
  return { stack, region, logicalId, type, property, value };
}

/** A config value as evidence. */
export const configNote = (logicalId: string, property: string, value: unknown): Evidence =>
  note('(config)', logicalId, 'config', property, value);

const stackNamed = (m: StageModel, name: unknown): StackModel | undefined => m.stacks.find((s) => s.name === name);

/** The output a `Fn::GetStackOutput` names, with the stack that declares it. */
function stackOutput(m: StageModel, ref: unknown): { stack: StackModel; value: unknown } | undefined {
  const stack = stackNamed(m, field(ref, 'StackName'));
  const name = str(field(ref, 'OutputName'));
  const out = name === undefined ? undefined : stack?.template.Outputs?.[name];
  return stack && out ? { stack, value: out.Value } : undefined;
}

/**
 * The stack and value a cross-stack reference (`Fn::GetStackOutput`, `Fn::ImportValue`) points at, or undefined
 * when `value` is not one or names no output of the stage.
 */
export function crossStackOutput(m: StageModel, value: unknown): { stack: StackModel; value: unknown } | undefined {
  if (!isObject(value)) return undefined;
  if ('Fn::GetStackOutput' in value) return stackOutput(m, value['Fn::GetStackOutput']);
  if (!('Fn::ImportValue' in value)) return undefined;
  const wanted = JSON.stringify(value['Fn::ImportValue']);
  for (const s of m.stacks) {
    for (const out of Object.values(s.template.Outputs ?? {})) {
      if (JSON.stringify(field(out.Export, 'Name')) === wanted) return { stack: s, value: out.Value };
    }
  }
  return undefined;
}

/** The logical ID a `Fn::GetAtt` names (`[Id, Attr]` or `'Id.Attr'`). */
function getAttTarget(ga: unknown): string | undefined {
  if (Array.isArray(ga)) return str(ga[0]);
  return typeof ga === 'string' ? ga.split('.')[0] : undefined;
}

/**
 * The resource a value points at: `{Ref: X}`, `{Fn::GetAtt: [X, attr]}` in the same
 * template, or a cross-stack reference (`Fn::GetStackOutput`, `Fn::ImportValue`) followed into
 * the other stack's output. Anything else (literals, pseudo parameters) resolves to nothing.
 */
export function resolve(m: StageModel, stack: StackModel, value: unknown, depth = 0): Res | undefined {
  if (!isObject(value) || depth > 5) return undefined;
  const local = (id: unknown): Res | undefined => {
    if (typeof id !== 'string') return undefined;
    const r = stack.template.Resources?.[id];
    return r ? { stack, id, r } : undefined;
  };
  if ('Ref' in value) return local(value.Ref);
  if ('Fn::GetAtt' in value) return local(getAttTarget(value['Fn::GetAtt']));
  const out = crossStackOutput(m, value);
  return out ? resolve(m, out.stack, out.value, depth + 1) : undefined;
}

/** The attribute named by a GetAtt (followed across stacks), e.g. `GroupId`. */
export function attributeOf(m: StageModel, value: unknown, depth = 0): string | undefined {
  if (!isObject(value) || depth > 5) return undefined;
  const ga = value['Fn::GetAtt'];
  if ('Fn::GetAtt' in value) return Array.isArray(ga) ? str(ga[1]) : String(ga).split('.').slice(1).join('.');
  if ('Fn::GetStackOutput' in value) {
    const out = stackOutput(m, value['Fn::GetStackOutput']);
    return out ? attributeOf(m, out.value, depth + 1) : undefined;
  }
  return undefined;
}

/** A value rendered as text: intrinsics become `${Logical.Attr}` placeholders, joins are joined. */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (!isObject(value)) return String(value);
  if (Array.isArray(value)) return value.map(text).join(',');
  if ('Ref' in value) return `\${${String(value.Ref)}}`;
  if ('Fn::GetAtt' in value) return `\${${asArray(value['Fn::GetAtt']).join('.')}}`;
  if ('Fn::Join' in value) {
    const [delimiter, parts] = asArray(value['Fn::Join']);
    return asArray(parts).map(text).join(str(delimiter));
  }
  if ('Fn::Sub' in value) {
    const sub = value['Fn::Sub'];
    return text(Array.isArray(sub) ? sub[0] : sub);
  }
  if ('Fn::GetStackOutput' in value) {
    const o = value['Fn::GetStackOutput'];
    return `\${${String(field(o, 'StackName'))}.${String(field(o, 'OutputName'))}}`;
  }
  if ('Fn::Select' in value) return `\${select(${text(field(value['Fn::Select'], '1'))})}`;
  return JSON.stringify(value);
}

/** Resources whose property `path` points at `target` (e.g. ingress rules whose GroupId is a group). */
export function referrers(m: StageModel, types: string | readonly string[], path: string, target: Res): Res[] {
  return resources(m, types).filter((x) => asArray(prop(x, path)).some((v) => sameRes(resolve(m, x.stack, v), target)));
}

/** The customer-managed key a `KmsKeyId`-like value points at, if it is one declared in the stage. */
export function kmsKey(m: StageModel, x: Res, value: unknown): Res | undefined {
  const k = resolve(m, x.stack, value);
  if (!k) return undefined;
  if (k.r.Type === 'AWS::KMS::Key') return k;
  if (k.r.Type === 'AWS::KMS::Alias') return resolve(m, k.stack, propsOf(k).TargetKeyId);
  return undefined;
}

/** Pretty list of values. */
export const list = (xs: readonly unknown[]): string =>
  xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ');
