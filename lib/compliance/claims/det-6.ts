import { DEFAULT_GUARDDUTY_REGIONS, guardDutyStackSetRegions, isOptInRegion } from '../../core/regions';
import { asArray, field, getPath, isObject, str } from '../model/json';
import { configNote, ev, note, propsOf, type Res, resources } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'DET-6';
const ADMINISTRATION_ROLE = 'AWSCloudFormationStackSetAdministrationRole';
const EXECUTION_ROLE = 'AWSCloudFormationStackSetExecutionRole';
const TEMPLATE_MAX_BYTES = 51_200;

const regionsOf = (xs: readonly Res[]) => [...new Set(xs.map((x) => x.stack.region))].sort();
const sorted = (xs: readonly string[]) => [...new Set(xs)].sort();
const same = (a: readonly string[], b: readonly string[]) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
/** Detail types of the findings (not the API calls) of each service, as EventBridge delivers them. */
const FINDING_DETAIL_TYPES: Readonly<Record<string, string>> = {
  'aws.guardduty': 'GuardDuty Finding',
  'aws.securityhub': 'Security Hub Findings - Imported',
};

/** A rule with a target that matches the findings of `source` (not the service's API calls, DET-7's). */
const isRoutingOf = (source: string) => (r: Res) => {
  const pattern = propsOf(r).EventPattern;
  const detailTypes = asArray(field(pattern, 'detail-type'));
  return (
    asArray(field(pattern, 'source')).includes(source) &&
    (!detailTypes.length || detailTypes.includes(FINDING_DETAIL_TYPES[source])) &&
    asArray(propsOf(r).Targets).some((t) => field(t, 'Arn') !== undefined)
  );
};

/**
 * Regions where a stack of the stage holds GuardDuty: those where it routes GuardDuty findings to the team (the
 * primary and backup regions, us-east-1 on public stages). The StackSet covers every other configured region.
 */
function ownedRegions(m: StageModel): string[] {
  return regionsOf(resources(m, 'AWS::Events::Rule').filter(isRoutingOf('aws.guardduty')));
}

/** Fargate runtime monitoring, with GuardDuty managing the agent, on one detector's `Features`. */
function hasFargateRuntimeMonitoring(features: unknown): boolean {
  return asArray(features).some(
    (f) =>
      field(f, 'Name') === 'RUNTIME_MONITORING' &&
      field(f, 'Status') === 'ENABLED' &&
      asArray(field(f, 'AdditionalConfiguration')).some(
        (c) => field(c, 'Name') === 'ECS_FARGATE_AGENT_MANAGEMENT' && field(c, 'Status') === 'ENABLED',
      ),
  );
}

/** The template a StackSet deploys, parsed (undefined when it is not inline JSON). */
function stackSetTemplate(s: Res): Record<string, unknown> | undefined {
  const body = str(propsOf(s).TemplateBody);
  if (body === undefined) return undefined;
  try {
    const t: unknown = JSON.parse(body);
    return isObject(t) ? (t as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The StackSet's regions equal the configured ones minus owned and existing; its roles exist and come first. */
function checkStackSet(m: StageModel, v: Verdict, owned: readonly string[]): void {
  const d = m.config.detection;
  const expected = guardDutyStackSetRegions({
    configured: d.guardDutyRegions,
    owned,
    existing: d.guardDutyExistingRegions,
  });
  const sets = resources(m, 'AWS::CloudFormation::StackSet').filter(
    (s) => field(stackSetTemplate(s)?.Resources, 'Detector') !== undefined,
  );
  if (!expected.length) {
    v.add(configNote('guardDutyRegions', 'StackSet regions', 'none left: every configured region is covered'));
    return;
  }
  if (!v.need(sets.length === 1, `${sets.length} GuardDuty StackSets (want one, for ${expected.join(', ')})`)) return;
  const s = sets[0];
  const p = propsOf(s);
  const regions = asArray(p.StackInstancesGroup).flatMap((g) => asArray(field(g, 'Regions')).map(String));
  const body = str(p.TemplateBody) ?? '';
  v.add(
    ev(s, 'PermissionModel'),
    ev(s, 'StackInstancesGroup.Regions', regions),
    ev(s, 'TemplateBody bytes', Buffer.byteLength(body)),
  );
  v.need(p.PermissionModel === 'SELF_MANAGED', `StackSet ${s.id} is not SELF_MANAGED`);
  v.need(
    same(regions, expected),
    `StackSet ${s.id} targets ${sorted(regions).join(', ') || 'no region'}, not ${sorted(expected).join(', ')} ` +
      '(configured regions minus those the stage or the account already covers)',
  );
  v.need(Buffer.byteLength(body) <= TEMPLATE_MAX_BYTES, `StackSet ${s.id} template is over 51,200 bytes`);
  const detector = field(stackSetTemplate(s)?.Resources, 'Detector');
  v.need(
    hasFargateRuntimeMonitoring(getPath(detector, 'Properties.Features')),
    `the StackSet's detector lacks Fargate runtime monitoring`,
  );
  if (d.stackSetRoles !== 'create') {
    v.add(configNote('stackSetRoles', 'stackSetRoles', 'existing'));
    return;
  }
  const roles = resources([s.stack], 'AWS::IAM::Role');
  const dependsOn = asArray(s.r.DependsOn);
  for (const name of [ADMINISTRATION_ROLE, EXECUTION_ROLE]) {
    const role = roles.find((r) => propsOf(r).RoleName === name);
    if (!v.need(role !== undefined, `no ${name} beside the StackSet (stackSetRoles: create)`) || !role) continue;
    v.add(ev(role, 'RoleName'));
    // Ordered by DependsOn, or by a reference to the role (AdministrationRoleARN's GetAtt).
    const ordered = dependsOn.includes(role.id) || JSON.stringify(p).includes(`"${role.id}"`);
    v.need(ordered, `StackSet ${s.id} does not wait for ${name} (DependsOn)`);
    if (name === ADMINISTRATION_ROLE) checkOptInTrust(v, role, regions);
  }
}

/**
 * An instance in a region disabled by default needs that region's CloudFormation principal in the administration
 * role's trust (CloudFormation user guide, "Grant self-managed permissions").
 */
function checkOptInTrust(v: Verdict, admin: Res, regions: readonly string[]): void {
  const optIn = sorted(regions.filter(isOptInRegion));
  if (!optIn.length) return;
  const trusted = asArray(getPath(propsOf(admin), 'AssumeRolePolicyDocument.Statement')).flatMap((st) =>
    field(st, 'Effect') === 'Allow' ? asArray(getPath(st, 'Principal.Service')).map(String) : [],
  );
  v.add(ev(admin, 'AssumeRolePolicyDocument.Principal.Service', trusted));
  const missing = optIn.filter((r) => !trusted.includes(`cloudformation.${r}.amazonaws.com`));
  v.need(
    !missing.length,
    `the StackSet administration role does not trust the CloudFormation principal of opt-in ${missing.join(', ')} ` +
      '(its instances there fail)',
  );
}

/** Every detector of the stage, and the StackSet's, runs Fargate runtime monitoring; every owned region has one. */
function checkDetectors(m: StageModel, v: Verdict, owned: readonly string[]): void {
  const detectors = resources(m, 'AWS::GuardDuty::Detector');
  for (const x of detectors) {
    v.add(ev(x, 'Features.RUNTIME_MONITORING', hasFargateRuntimeMonitoring(propsOf(x).Features)));
    v.need(
      hasFargateRuntimeMonitoring(propsOf(x).Features),
      `detector ${x.stack.name}/${x.id} lacks RUNTIME_MONITORING with ECS_FARGATE_AGENT_MANAGEMENT`,
    );
  }
  if (m.config.guardDuty !== 'create') return;
  for (const region of owned)
    v.need(
      detectors.some((x) => x.stack.region === region),
      `no GuardDuty detector in ${region}, where the stage's stacks live`,
    );
}

/** A recorder of every supported type wherever Security Hub or Backup Audit Manager runs; global types once. */
function checkRecorders(m: StageModel, v: Verdict, owned: readonly string[]): void {
  v.add(configNote('configRecorder', 'configRecorder', m.config.detection.configRecorder));
  const recorders = resources(m, 'AWS::Config::ConfigurationRecorder');
  if (m.config.detection.configRecorder !== 'create') {
    v.need(!recorders.length, 'configRecorder is "existing" but the stage declares a recorder (one per region)');
    return;
  }
  const needed = sorted([...owned, ...regionsOf(resources(m, 'AWS::Backup::Framework'))]);
  const channels = resources(m, 'AWS::Config::DeliveryChannel');
  for (const region of needed) {
    const here = recorders.filter((r) => r.stack.region === region);
    if (
      !v.need(
        here.length === 1,
        `${here.length} Config recorders in ${region} (Security Hub or Backup audit runs there)`,
      )
    )
      continue;
    v.add(ev(here[0], 'RecordingGroup'));
    v.need(
      getPath(propsOf(here[0]), 'RecordingGroup.AllSupported') === true,
      `recorder in ${region} skips resource types`,
    );
    const channel = channels.find((c) => c.stack.region === region);
    v.need(
      channel !== undefined && propsOf(channel).S3KmsKeyArn !== undefined,
      `no KMS-encrypted delivery channel in ${region}`,
    );
  }
  const global = recorders.filter((r) => getPath(propsOf(r), 'RecordingGroup.IncludeGlobalResourceTypes') === true);
  v.need(
    global.length === 1 && global[0].stack.region === m.config.primaryRegion,
    `global resource types recorded in ${regionsOf(global).join(', ') || 'no region'}, not in the primary region only`,
  );
}

/** Security Hub everywhere the stage runs, aggregated into the primary region, and alerted once per finding. */
function checkSecurityHub(m: StageModel, v: Verdict, owned: readonly string[]): void {
  const primary = m.config.primaryRegion;
  const routes = resources(m, 'AWS::Events::Rule').filter(isRoutingOf('aws.securityhub'));
  if (m.config.detection.securityHub !== 'create') {
    v.add(configNote('securityHub', 'securityHub', 'existing'));
    for (const region of owned)
      v.need(regionsOf(routes).includes(region), `Security Hub findings of ${region} are not routed to the team`);
    return;
  }
  const hubs = resources(m, 'AWS::SecurityHub::Hub');
  for (const region of owned) v.need(regionsOf(hubs).includes(region), `no Security Hub in ${region}`);
  const aggregators = resources(m, 'AWS::SecurityHub::FindingAggregator');
  const aggregator = aggregators.find((a) => a.stack.region === primary);
  if (!v.need(aggregator !== undefined, `no Security Hub finding aggregator in ${primary}`) || !aggregator) return;
  v.add(ev(aggregator, 'RegionLinkingMode'), ev(aggregator, 'Regions'));
  const linked = asArray(propsOf(aggregator).Regions).map(String);
  const mode = propsOf(aggregator).RegionLinkingMode;
  for (const region of owned.filter((r) => r !== primary))
    v.need(
      mode === 'ALL_REGIONS' || (mode === 'SPECIFIED_REGIONS' && linked.includes(region)),
      `Security Hub findings of ${region} are not aggregated into ${primary}`,
    );
  v.need(regionsOf(routes).includes(primary), `aggregated Security Hub findings are not routed in ${primary}`);
  const doubled = regionsOf(routes).filter((r) => r !== primary);
  v.need(!doubled.length, `Security Hub findings alerted twice: also routed in ${doubled.join(', ')}`);
}

/** Audit Manager controls that evaluate recovery points or plans must not be narrowed to a resource type. */
function checkAuditScopes(m: StageModel, v: Verdict): void {
  for (const f of resources(m, 'AWS::Backup::Framework')) {
    for (const c of asArray(propsOf(f).FrameworkControls)) {
      const name = String(field(c, 'ControlName'));
      const types = asArray(getPath(c, 'ControlScope.ComplianceResourceTypes'));
      if (!/^BACKUP_(RECOVERY_POINT|PLAN)_/.test(name)) continue;
      v.add(note(f.stack.name, f.id, f.r.Type, `${name} scope`, types.length ? types : '(all)', f.stack.region));
      v.need(
        !types.length,
        `${name} evaluates ${name.includes('PLAN') ? 'plans' : 'recovery points'}, scoped to ${types.join(', ')}: it checks nothing`,
      );
    }
  }
}

export const det6: Claim = {
  id: ID,
  promise: '(beyond) detection everywhere an attacker can act',
  declared:
    'GuardDuty in every enabled region through a self-managed StackSet (Fargate runtime monitoring on every ' +
    "detector); an AWS Config recorder wherever Security Hub or Backup Audit Manager evaluates (or the account's " +
    'existing one); Security Hub in every region of the stage, aggregated to the primary region and alerted once; ' +
    'audit controls scoped to what they evaluate',
  check: (m) => {
    const v = new Verdict(ID);
    const owned = ownedRegions(m);
    v.add(note('(derived)', 'owned regions', 'regions', 'GuardDuty routed by the stage', owned));
    checkStackSet(m, v, owned);
    checkDetectors(m, v, owned);
    checkRecorders(m, v, owned);
    checkSecurityHub(m, v, owned);
    checkAuditScopes(m, v);
    const where =
      m.config.guardDuty === 'create'
        ? `GuardDuty with Fargate runtime monitoring in ${owned.join(', ')}`
        : `the account's existing GuardDuty in ${owned.join(', ')}`;
    return v.done(
      `${where} and, through a StackSet, in every other configured region; ` +
        (m.config.detection.configRecorder === 'create'
          ? 'Config recorders where Security Hub and Backup Audit Manager evaluate'
          : "the account's existing Config recorders") +
        '; Security Hub findings of every region reach the team ' +
        (m.config.detection.securityHub === 'create'
          ? `once, aggregated to ${m.config.primaryRegion}.`
          : 'from the routing of each region.'),
    );
  },
  page: [
    {
      section: 'detection',
      text: (m) => {
        const configured = m.config.detection.guardDutyRegions;
        const where = configured
          ? `in ${new Set([...configured, m.config.primaryRegion, m.config.backupRegion]).size} regions of our cloud account`
          : `in all ${DEFAULT_GUARDDUTY_REGIONS.length} regions AWS enables in every account (a region that must be ` +
            'enabled first is added to them when we enable it)';
        return (
          `Threat detection runs ${where}, including the ones we do not use (where an intruder would hope to go ` +
          'unseen), and inside our application containers; its findings from every one of them reach our security ' +
          'team. Configuration and compliance checks record every resource in the regions where we run.'
        );
      },
    },
  ],
  beyond:
    'GuardDuty in every enabled region, not only where we run, with runtime monitoring of the application containers.',
};
