import { type EventPattern, matchesPattern } from '../../core/event-pattern';
import {
  ANY_SEVERITY_FINDING_TYPES,
  apiCallEvent,
  findingEvent,
  ROUTINE_CALLS,
  signInEvent,
  TAMPER_CALLS,
} from '../../core/tamper-events';
import { EDGE_REGION } from '../../defaults/constants';
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

/** True when the pattern matches; a pattern the evaluator cannot read matches nothing (and alerts no one). */
function safeMatch(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern) || ruledOut(pattern, event)) return false;
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
  readonly patterns: readonly unknown[];
}

function forwarders(m: StageModel): Forwarder[] {
  return resources(m, 'AWS::CloudFormation::StackSet').flatMap((s) => {
    const body = str(propsOf(s).TemplateBody);
    if (!body) return [];
    let template: unknown;
    try {
      template = JSON.parse(body);
    } catch {
      return [];
    }
    const patterns = Object.values(
      isObject(field(template, 'Resources')) ? (field(template, 'Resources') as object) : {},
    )
      .filter((r) => field(r, 'Type') === 'AWS::Events::Rule' && asArray(getPath(r, 'Properties.Targets')).length > 0)
      .map((r) => getPath(r, 'Properties.EventPattern'));
    const instanceRegions = asArray(propsOf(s).StackInstancesGroup).flatMap((g) =>
      asArray(field(g, 'Regions')).map(String),
    );
    return patterns.length ? [{ stackSet: s, region: s.stack.region, instanceRegions, patterns }] : [];
  });
}

/** The stage's alerting rules an event of `region` reaches: there, and where it is forwarded from there. */
function alertsOf(event: unknown, region: string, alerting: readonly Res[], fwd: readonly Forwarder[]): Res[] {
  const matching = (at: string) =>
    alerting.filter((r) => r.stack.region === at && safeMatch(propsOf(r).EventPattern, event));
  const found = matching(region);
  for (const f of fwd)
    if (f.instanceRegions.includes(region) && f.patterns.some((p) => safeMatch(p, event)))
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
  const named = JSON.stringify([...alerting.map((r) => propsOf(r).EventPattern), ...fwd.map((f) => f.patterns)]);
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

/** Every listed call and root sign-in alerts exactly once, in every region where it can happen; routine calls never. */
function checkTamperRules(v: Verdict, regions: readonly string[], alerting: Res[], fwd: Forwarder[]) {
  const samples: [string, (region: string) => unknown][] = [
    ...TAMPER_CALLS.map((c): [string, (region: string) => unknown] => [
      `${c.service}:${c.eventName}${c.requestParameters.enable === false ? ' (enable false)' : ''}`,
      (region) => apiCallEvent(c, region),
    ]),
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
    for (const c of ROUTINE_CALLS) {
      const n = alertsOf(apiCallEvent(c, region), region, alerting, fwd).length;
      v.need(n === 0, `the routine call ${c.service}:${c.eventName} in ${region} alerts the team (noise)`);
    }
  }
  for (const r of used) v.add(ev(r, 'EventPattern'));
  for (const f of fwd) v.add(ev(f.stackSet, 'StackInstancesGroup.Regions', f.instanceRegions));
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
    const fwd = forwarders(m);
    // Where a call can be made: every region with a stack of the stage, us-east-1 (global services: sign-in, IAM),
    // and every region the StackSet watches. Regional services' events arrive only in the region of the call.
    const regions = [
      ...new Set([...m.stacks.map((s) => s.region), EDGE_REGION, ...fwd.flatMap((f) => f.instanceRegions)]),
    ];
    v.add(note('(stage)', 'DET-7', 'regions', 'regions where each call is checked', regions));
    const checked = representatives(regions, new Set(m.stacks.map((s) => s.region)), alerting, fwd);
    checkTamperRules(v, checked, alerting, fwd);
    checkFindings(m, v, checked, alerting, fwd);
    checkTrail(m, v);
    return v.done(
      `Each of the ${TAMPER_CALLS.length} tampering calls and root console sign-in alerts the team exactly once ` +
        `through an encrypted topic in ${regions.join(', ')}; GuardDuty findings of every threat purpose of ` +
        'tampering reach the team at any severity; the trail logs every region into a bucket under S3 Object Lock.',
    );
  },
  page: [
    {
      section: 'detection',
      text: (m) =>
        'Any attempt to switch off our audit trail or threat detection, to disable or delete an encryption key, to ' +
        'change the lock or access policy of a backup vault, to delete a backup or change the backup plan, and any ' +
        "sign-in as the account's root user alerts our security team at once, in every AWS region we monitor; our audit logs " +
        `cannot be deleted or altered for ${m.config.detection.trailObjectLockDays} days.`,
    },
  ],
};
