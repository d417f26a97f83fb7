import { type EventPattern, matchesPattern } from '../../core/event-pattern';
import {
  ANY_SEVERITY_FINDING_TYPES,
  apiCallEvent,
  breakGlassCalls,
  breakGlassNearMisses,
  findingEvent,
  ROUTINE_CALLS,
  type SampleCall,
  signInEvent,
  TAMPER_CALLS,
} from '../../core/tamper-events';
import { EDGE_REGION } from '../../defaults/constants';
import { allows, roleStatements, statementsOf } from '../model/iam';
import { asArray, field, getPath, isObject, type JsonObject, str } from '../model/json';
import { configNote, ev, kmsKey, note, propsOf, type Res, resolve, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'DET-7';

/** False when a top-level leaf of plain values (`source`, `detail-type`) rules the event out: a cheap first pass. */
function ruledOut(pattern: JsonObject, event: unknown): boolean {
  return ['source', 'detail-type'].some((k) => {
    const leaf = pattern[k];
    return Array.isArray(leaf) && leaf.every((x) => typeof x === 'string') && !leaf.includes(field(event, k) as string);
  });
}

/** The rule state in which EventBridge also delivers read-only CloudTrail management events. */
const READ_EVENTS_STATE = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/**
 * True when a rule in `state` receives the event at all: a read-only management event (CloudTrail `readOnly`) only
 * reaches rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (EventBridge user guide, "Receiving read-only
 * management events from AWS services").
 */
function receives(state: unknown, event: unknown): boolean {
  if ((state ?? 'ENABLED') === 'DISABLED') return false;
  return getPath(event, 'detail.readOnly') !== true || state === READ_EVENTS_STATE;
}

/** True when the pattern matches; a pattern the evaluator cannot read matches nothing (and alerts no one). */
function safeMatch(pattern: unknown, event: unknown, state?: unknown): boolean {
  if (!isObject(pattern) || ruledOut(pattern, event) || !receives(state, event)) return false;
  try {
    return matchesPattern(pattern as EventPattern, event);
  } catch {
    return false;
  }
}

/** The statements of a key policy that let EventBridge encrypt for a topic. */
const admitsEventBridge = (key: Res | undefined): boolean =>
  !!key &&
  asArray(getPath(propsOf(key), 'KeyPolicy.Statement')).some(
    (s) =>
      field(s, 'Effect') === 'Allow' &&
      asArray(getPath(s, 'Principal.Service')).includes('events.amazonaws.com') &&
      asArray(field(s, 'Action')).some((a) => a === 'kms:GenerateDataKey*' || a === 'kms:*'),
  );

/** An enabled rule of the default bus that publishes to a KMS-encrypted topic whose key admits EventBridge. */
function alertsTheTeam(m: StageModel, r: Res): boolean {
  const p = propsOf(r);
  if ((p.State ?? 'ENABLED') === 'DISABLED' || (p.EventBusName !== undefined && p.EventBusName !== 'default'))
    return false;
  return asArray(p.Targets).some((t) => {
    const topic = resolve(m, r.stack, field(t, 'Arn'));
    if (topic?.r.Type !== 'AWS::SNS::Topic' || propsOf(topic).KmsMasterKeyId === undefined) return false;
    return admitsEventBridge(kmsKey(m, topic, propsOf(topic).KmsMasterKeyId));
  });
}

/** A StackSet rule that forwards events of its instance regions to the bus of the StackSet's own region (DET-6). */
interface Forwarder {
  readonly stackSet: Res;
  /** Where the forwarded events land: the administrator region. */
  readonly region: string;
  readonly instanceRegions: readonly string[];
  /** The forwarding rules' patterns and states: only rules whose target is that region's bus, with a role allowed to put there. */
  readonly rules: readonly { readonly pattern: unknown; readonly state: unknown }[];
}

/** A StackSet template value: a parameter (`{Ref: P}`) replaced by the StackSet's `Parameters` value of P. */
function stackSetValue(stackSet: Res, template: unknown, value: unknown): unknown {
  const ref = field(value, 'Ref');
  if (typeof ref !== 'string' || !isObject(getPath(template, `Parameters.${ref}`))) return value;
  const p = asArray(propsOf(stackSet).Parameters).find((x) => field(x, 'ParameterKey') === ref);
  return field(p, 'ParameterValue');
}

/** The ARN of the default event bus of the StackSet's region and account, whatever the partition. */
const isDefaultBus = (arn: string, at: Res) =>
  new RegExp(`^arn:[^:]+:events:${at.stack.region}:${at.stack.account}:event-bus/default$`).test(arn);

/**
 * Why a StackSet rule's target does not deliver to the administrator region's default bus (DET-6, DET-7), or
 * undefined when it does: the target is that bus, with a role of the stage that EventBridge may assume and that may
 * `events:PutEvents` on it (or on every resource).
 */
function forwardingFault(m: StageModel, s: Res, template: unknown, target: unknown): string | undefined {
  const bus = text(stackSetValue(s, template, field(target, 'Arn')));
  if (!isDefaultBus(bus, s)) return `forwards to ${bus || 'nothing'}, not the default bus of ${s.stack.region}`;
  const role = resolve(m, s.stack, stackSetValue(s, template, field(target, 'RoleArn')));
  if (role?.r.Type !== 'AWS::IAM::Role')
    return 'forwards with no role of the stage (cross-region bus targets need one)';
  const trusted = statementsOf(propsOf(role).AssumeRolePolicyDocument).some(
    (st) => st.Effect === 'Allow' && asArray(getPath(st, 'Principal.Service')).includes('events.amazonaws.com'),
  );
  if (!trusted) return `forward role ${role.id} is not trusted by events.amazonaws.com`;
  const mayPut = roleStatements(m, role).some(
    ({ stmt }) =>
      allows(stmt, /^(events:PutEvents|events:\*|\*)$/) &&
      asArray(stmt.Resource).some((r) => r === '*' || isDefaultBus(text(r), s)),
  );
  return mayPut
    ? undefined
    : `forward role ${role.id} may not events:PutEvents on the default bus of ${s.stack.region}`;
}

function forwarders(m: StageModel, v: Verdict): Forwarder[] {
  return resources(m, 'AWS::CloudFormation::StackSet').flatMap((s) => {
    const body = str(propsOf(s).TemplateBody);
    if (!body) return [];
    let template: unknown;
    try {
      template = JSON.parse(body);
    } catch {
      return [];
    }
    const resourcesOfTemplate = field(template, 'Resources');
    const rules = Object.entries(isObject(resourcesOfTemplate) ? resourcesOfTemplate : {})
      .filter(([, r]) => field(r, 'Type') === 'AWS::Events::Rule' && asArray(getPath(r, 'Properties.Targets')).length)
      .flatMap(([id, r]) => {
        const faults = asArray(getPath(r, 'Properties.Targets')).map((t) => forwardingFault(m, s, template, t));
        const delivered = faults.some((f) => f === undefined);
        v.need(delivered, `StackSet ${s.id} rule ${id} ${faults.find((f) => f) ?? 'forwards nowhere'}`);
        return delivered
          ? [{ pattern: getPath(r, 'Properties.EventPattern'), state: getPath(r, 'Properties.State') }]
          : [];
      });
    const instanceRegions = asArray(propsOf(s).StackInstancesGroup).flatMap((g) =>
      asArray(field(g, 'Regions')).map(String),
    );
    if (rules.length) v.add(ev(s, 'Parameters'));
    return rules.length ? [{ stackSet: s, region: s.stack.region, instanceRegions, rules }] : [];
  });
}

/** The stage's alerting rules an event of `region` reaches: there, and where it is forwarded from there. */
function alertsOf(event: unknown, region: string, alerting: readonly Res[], fwd: readonly Forwarder[]): Res[] {
  const matching = (at: string) =>
    alerting.filter((r) => r.stack.region === at && safeMatch(propsOf(r).EventPattern, event, propsOf(r).State));
  const found = matching(region);
  for (const f of fwd)
    if (f.instanceRegions.includes(region) && f.rules.some((x) => safeMatch(x.pattern, event, x.state)))
      found.push(...matching(f.region));
  return found;
}

/**
 * One region of each kind: regions with no stack of the stage, forwarded by the same StackSets and named in no
 * pattern, behave alike (an event's region only meets a rule through a region filter), so one of them stands for
 * all. Keeps the check fast with a StackSet over every region.
 */
function representatives(
  regions: readonly string[],
  stackRegions: ReadonlySet<string>,
  alerting: Res[],
  fwd: Forwarder[],
) {
  const named = JSON.stringify([
    ...alerting.map((r) => propsOf(r).EventPattern),
    ...fwd.map((f) => f.rules.map((x) => x.pattern)),
  ]);
  const kinds = new Map<string, string>();
  for (const region of regions) {
    const kind =
      stackRegions.has(region) || named.includes(`"${region}"`)
        ? region
        : fwd.map((f) => f.instanceRegions.includes(region)).join();
    if (!kinds.has(kind)) kinds.set(kind, region);
  }
  return [...kinds.values()];
}

/** A readable name for each sample call, numbered where one call has several samples (UpdateDetector). */
function labelled(calls: readonly SampleCall[]): [string, SampleCall][] {
  const seen = new Map<string, number>();
  return calls.map((c) => {
    const name = `${c.service}:${c.eventName}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return [n === 1 ? name : `${name} (sample ${n})`, c];
  });
}

/** Every listed call and root sign-in alerts exactly once, in every region where it can happen; routine calls never. */
function checkTamperRules(m: StageModel, v: Verdict, regions: readonly string[], alerting: Res[], fwd: Forwarder[]) {
  const breakGlass = m.config.keyGuard.breakGlassRoleName;
  const samples: [string, (region: string) => unknown][] = [
    ...labelled([...TAMPER_CALLS, ...breakGlassCalls(breakGlass)]).map(
      ([what, c]): [string, (region: string) => unknown] => [what, (region) => apiCallEvent(c, region)],
    ),
    ['root console sign-in', (region) => signInEvent(region)],
  ];
  const used = new Set<Res>();
  for (const region of regions) {
    for (const [what, make] of samples) {
      const found = alertsOf(make(region), region, alerting, fwd);
      const n = found.length;
      v.need(n === 1, n === 0 ? `${what} in ${region} alerts no one` : `${what} in ${region} alerts ${n} times`);
      for (const r of found) used.add(r);
    }
    for (const [what, c] of labelled([...ROUTINE_CALLS, ...breakGlassNearMisses(breakGlass)])) {
      const n = alertsOf(apiCallEvent(c, region), region, alerting, fwd).length;
      v.need(n === 0, `the routine call ${what} in ${region} alerts the team (noise)`);
    }
  }
  for (const r of used) v.add(ev(r, 'EventPattern'));
  for (const f of fwd) v.add(ev(f.stackSet, 'StackInstancesGroup.Regions', f.instanceRegions));
  v.add(configNote('keyGuard', 'breakGlassRoleName', breakGlass));
}

/** GuardDuty findings of the listed purposes reach the team at severity 1, from every region. */
function checkFindings(m: StageModel, v: Verdict, regions: readonly string[], alerting: Res[], fwd: Forwarder[]) {
  for (const region of regions)
    for (const type of ANY_SEVERITY_FINDING_TYPES)
      v.need(
        alertsOf(findingEvent(type, 1, region), region, alerting, fwd).length >= 1,
        `GuardDuty finding ${type} at severity 1 in ${region} reaches no one`,
      );
  v.add(configNote('detection', 'guardDutyMinSeverity', m.config.detection.guardDutyMinSeverity));
}

/** The events need a logging multi-region trail of management events; its log files are under S3 Object Lock. */
function checkTrail(m: StageModel, v: Verdict): void {
  const trails = resources(m, 'AWS::CloudTrail::Trail');
  v.need(trails.length > 0, 'no CloudTrail trail: EventBridge receives no API call events without one');
  for (const t of trails) {
    const p = propsOf(t);
    v.add(ev(t, 'IsMultiRegionTrail'), ev(t, 'IsLogging'), ev(t, 'IncludeGlobalServiceEvents'));
    v.need(p.IsMultiRegionTrail === true && p.IsLogging === true, `trail ${t.id} is not logging in every region`);
    v.need(p.IncludeGlobalServiceEvents === true, `trail ${t.id} leaves out global service events (sign-in, IAM)`);
    const selectors = asArray(p.EventSelectors);
    v.need(
      p.AdvancedEventSelectors === undefined &&
        selectors.every(
          (s) => field(s, 'IncludeManagementEvents') !== false && field(s, 'ReadWriteType') !== 'ReadOnly',
        ),
      `trail ${t.id} does not record every write management event`,
    );
    const bucket = resolve(m, t.stack, p.S3BucketName);
    const lock = bucket ? propsOf(bucket).ObjectLockConfiguration : undefined;
    if (bucket) v.add(ev(bucket, 'ObjectLockEnabled'), ev(bucket, 'ObjectLockConfiguration', text(lock)));
    v.need(
      !!bucket &&
        propsOf(bucket).ObjectLockEnabled === true &&
        getPath(lock, 'ObjectLockEnabled') === 'Enabled' &&
        getPath(lock, 'Rule.DefaultRetention') !== undefined,
      `the log bucket of trail ${t.id} is not under S3 Object Lock with a default retention`,
    );
  }
}

export const det7: Claim = {
  id: ID,
  promise: 'tampering is seen at once',
  declared:
    'an immediate alert on any attempt to stop or delete the trail, disable GuardDuty, Security Hub or Config, ' +
    'disable or schedule deletion of a KMS key, change a vault lock or access policy, delete a recovery point or ' +
    'change the backup plan; GuardDuty findings of evasion, policy and privilege-escalation types forwarded at any ' +
    'severity; the trail bucket under S3 Object Lock',
  check: (m) => {
    const v = new Verdict(ID);
    const alerting = resources(m, 'AWS::Events::Rule').filter((r) => alertsTheTeam(m, r));
    const fwd = forwarders(m, v);
    // Where a call can be made: every region with a stack of the stage, us-east-1 (global services: sign-in, IAM),
    // and every region the StackSet watches. Regional services' events arrive only in the region of the call.
    const regions = [
      ...new Set([...m.stacks.map((s) => s.region), EDGE_REGION, ...fwd.flatMap((f) => f.instanceRegions)]),
    ];
    v.add(note('(stage)', 'DET-7', 'regions', 'regions where each call is checked', regions));
    const checked = representatives(regions, new Set(m.stacks.map((s) => s.region)), alerting, fwd);
    checkTamperRules(m, v, checked, alerting, fwd);
    checkFindings(m, v, checked, alerting, fwd);
    checkTrail(m, v);
    return v.done(
      `Each of the ${TAMPER_CALLS.length + breakGlassCalls('').length} tampering calls (the break-glass role's ` +
        'included) and root console sign-in alerts the team exactly once ' +
        `through an encrypted topic in ${regions.join(', ')}; GuardDuty findings of every threat purpose of ` +
        'tampering reach the team at any severity; the trail logs every region into a bucket under S3 Object Lock.',
    );
  },
  page: [
    {
      section: 'detection',
      text: (m) =>
        'Any attempt to switch off or narrow our audit trail or threat detection, to silence their findings or the ' +
        'alerts themselves, to disable or delete an encryption key, to change the lock or access policy of a backup ' +
        'vault, to delete or shorten a backup or change the backup plan, to create, re-trust or use the break-glass ' +
        "role that alone may delete our keys, and any sign-in as the account's root user alerts our security team " +
        'at once, in every AWS region we monitor. These alerts come from the audit trail: stopping it alerts at ' +
        'once, but what is done after it stopped alerts no one until it logs again, and removing the very rule or ' +
        `topic that would carry an alert cannot alert through it. ${auditLogLock(m.config.detection)}`,
    },
  ],
};

/** PAGE-1: what the audit logs' S3 Object Lock lets anyone do, by its mode. */
function auditLogLock(d: StageModel['config']['detection']): string {
  const days = d.trailObjectLockDays;
  return d.trailObjectLockMode === 'COMPLIANCE'
    ? `Our audit logs cannot be deleted or altered by anyone, us included, for ${days} days.`
    : `Our audit logs are locked for ${days} days: only an administrator allowed to bypass that lock can delete ` +
        'or alter them before then, and doing so raises no alert.';
}
