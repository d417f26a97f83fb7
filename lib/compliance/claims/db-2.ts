import { type EventPattern, matchesPattern } from '../../core/event-pattern';
import { clusterParameters, clusters, masterSecret, noCluster } from '../model/database';
import { asArray, getPath, isObject } from '../model/json';
import { attributeOf, ev, pathOf, propsOf, type Res, resolve, resources, sameRes, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import { and } from '../render/words';
import type { Claim } from './claim';

const ID = 'DB-2';

/** The only rule state in which EventBridge delivers read-only CloudTrail management events such as GetSecretValue. */
const READ_EVENTS_STATE = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** Who may read the master secret without alerting, as the rule's exclusions name them. */
export interface SecretReadAlarmEvidence {
  readonly rule: Res;
  /** Excluded readers in words: `our automatic restore test`, `RDS's own rotation`, `another role`. */
  readonly excluded: readonly string[];
}

/** The `anything-but` lists of a pattern (any depth), or undefined when one is not a list of exact values. */
function exclusions(pattern: unknown): unknown[] | undefined {
  const found: unknown[] = [];
  let exact = true;
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      x.forEach(walk);
      return;
    }
    if (!isObject(x)) return;
    for (const [k, v] of Object.entries(x)) {
      if (k !== 'anything-but') walk(v);
      else if (Array.isArray(v) && v.every((e) => !isObject(e) || 'Fn::GetStackOutput' in e || 'Fn::GetAtt' in e))
        found.push(...v);
      else exact = false;
    }
  };
  walk(pattern);
  return exact ? found : undefined;
}

/** An excluded caller in the customer's words. */
function readerInWords(m: StageModel, rule: Res, value: unknown): string | undefined {
  // Role sessions are matched by a branch of their own, on the role that issued them (the probes below prove it).
  if (value === 'AssumedRole') return undefined;
  if (value === 'AWSService') return 'AWS services acting on their own';
  if (/:role\/aws-service-role\/rds\.amazonaws\.com\//.test(text(value))) return "RDS's own rotation";
  const role = resolve(m, rule.stack, value);
  if (role?.r.Type === 'AWS::IAM::Role' && /RestoreTesting\/ValidatorRole/.test(pathOf(role) ?? ''))
    return 'our automatic restore test';
  return typeof value === 'string' && !value.startsWith('arn:') ? `${value} callers` : 'another role';
}

/** The order the page names expected readers in; any other comes last. */
const EXCLUDED_ORDER = ['our automatic restore test', "RDS's own rotation", 'AWS services acting on their own'];

const MASTER = 'the-master-secret';

/** The pattern with its intrinsics made concrete: the master secret's ARN as {@link MASTER}, others as their text. */
function concrete(m: StageModel, rule: Res, c: Res, x: unknown): unknown {
  if (Array.isArray(x)) return x.map((e) => concrete(m, rule, c, e));
  if (!isObject(x)) return x;
  const keys = Object.keys(x);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    const master = sameRes(resolve(m, rule.stack, x), c) && attributeOf(m, x) === 'MasterUserSecret.SecretArn';
    return master ? MASTER : text(x);
  }
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, concrete(m, rule, c, v)]));
}

/** Reads of the master secret the rule must catch: an operator's role session, an IAM user, the root user. */
const PROBES = [
  { type: 'AssumedRole', sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::000000000000:role/x' } } },
  { type: 'IAMUser', arn: 'arn:aws:iam::000000000000:user/x' },
  { type: 'Root', arn: 'arn:aws:iam::000000000000:root' },
].map((userIdentity) => ({
  source: 'aws.secretsmanager',
  'detail-type': 'AWS API Call via CloudTrail',
  detail: {
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'GetSecretValue',
    userIdentity,
    requestParameters: { secretId: MASTER },
  },
}));

/** Whether the (concrete) pattern catches every probe; false when it uses an operator the evaluator does not know. */
function catchesEveryProbe(pattern: EventPattern): boolean {
  try {
    return PROBES.every((e) => matchesPattern(pattern, e));
  } catch {
    return false;
  }
}

/**
 * DB-2: the rule that alerts the team when the master secret of `c` is read: in the state that receives read-only
 * management events, targeting a topic, excluding callers only by exact value, and catching a read of that secret
 * by an operator's role session, an IAM user and root (sample events run through the pattern as synthesized).
 */
function masterSecretReadAlarm(m: StageModel, c: Res): SecretReadAlarmEvidence | undefined {
  for (const rule of resources(m, 'AWS::Events::Rule')) {
    const p = propsOf(rule);
    if (p.State !== READ_EVENTS_STATE) continue;
    const topic = asArray(p.Targets).some(
      (t) => resolve(m, rule.stack, getPath(t, 'Arn'))?.r.Type === 'AWS::SNS::Topic',
    );
    const excluded = exclusions(p.EventPattern);
    const pattern = concrete(m, rule, c, p.EventPattern);
    if (!topic || !excluded || !isObject(pattern) || !catchesEveryProbe(pattern)) continue;
    const words = excluded.map((x) => readerInWords(m, rule, x)).filter((x): x is string => !!x);
    const rank = (w: string) => (EXCLUDED_ORDER.includes(w) ? EXCLUDED_ORDER.indexOf(w) : EXCLUDED_ORDER.length);
    return { rule, excluded: [...new Set(words)].sort((a, b) => rank(a) - rank(b)) };
  }
  return undefined;
}

/** The rotation period of the master secret, in days, read from its RotationSchedule (undefined if none). */
function rotationDays(m: StageModel, c: Res): number | undefined {
  for (const s of resources(m, 'AWS::SecretsManager::RotationSchedule')) {
    const id = propsOf(s).SecretId;
    if (!sameRes(resolve(m, s.stack, id), c) || attributeOf(m, id) !== 'MasterUserSecret.SecretArn') continue;
    const rate = /^rate\((\d+) days?\)$/.exec(String(getPath(propsOf(s), 'RotationRules.ScheduleExpression')));
    if (rate) return Number(rate[1]);
    const every = getPath(propsOf(s), 'RotationRules.AutomaticallyAfterDays');
    if (typeof every === 'number') return every;
  }
  return undefined;
}

/** The DB-2 sentence: who authenticates how, and what the master password still does, from the templates. */
function identitySentence(m: StageModel): string {
  const c = clusters(m)[0];
  const iam = !!c && propsOf(c).EnableIAMDatabaseAuthentication === true;
  const days = c ? rotationDays(m, c) : undefined;
  const alarm = c ? masterSecretReadAlarm(m, c) : undefined;
  const first = iam
    ? '**Proving identity.** The application and read-only access connect with short-lived AWS credentials (IAM ' +
      'database authentication), and every connection must be encrypted (TLS). '
    : '**Proving identity.** Every connection must be encrypted (TLS). ';
  const master =
    'One password still logs in: the master password, generated by AWS Secrets Manager, never written by a person' +
    (days === undefined ? '' : `, and changed every ${days} days`) +
    '. It is for administration and emergencies only (break-glass): ';
  if (!alarm) return `${first}${master}our operators can read it, and a read raises no alert.`;
  const except = alarm.excluded.length ? `, except by ${and(alarm.excluded)},` : '';
  return `${first}${master}any read of it${except} alerts our team at once.`;
}

export const db2: Claim = {
  id: ID,
  promise: 'users prove their identity',
  declared:
    'IAM database authentication on; the master secret generated in Secrets Manager (never in code or template); ' +
    'TLS enforced on every DB connection (`rds.force_ssl`/`require_secure_transport`)',
  check: (m) => {
    const cs = clusters(m);
    if (!cs.length) return noCluster(ID);
    const v = new Verdict(ID);
    for (const c of cs) {
      const p = propsOf(c);
      v.add(ev(c, 'EnableIAMDatabaseAuthentication'));
      v.need(p.EnableIAMDatabaseAuthentication === true, `${c.id}: IAM database authentication is off`);
      if (p.ManageMasterUserPassword === true) {
        v.add(ev(c, 'ManageMasterUserPassword'));
      } else {
        v.add(ev(c, 'MasterUserPassword', text(p.MasterUserPassword)));
        const fromSecret = /\{\{resolve:secretsmanager:/.test(text(p.MasterUserPassword));
        v.need(fromSecret, `${c.id}: the master password is not resolved from Secrets Manager`);
        const secret = masterSecret(c);
        const generated = !!secret && !!propsOf(secret).GenerateSecretString;
        if (secret) v.add(ev(secret, 'GenerateSecretString', generated ? 'generated' : '(absent)'));
        v.need(
          generated && propsOf(secret).SecretString === undefined,
          `${c.id}: the master secret is not generated by Secrets Manager`,
        );
      }
      const { group, params } = clusterParameters(m, c);
      if (group) v.add(ev(group, 'Parameters.rds.force_ssl', params['rds.force_ssl']));
      else v.add(ev(c, 'DBClusterParameterGroupName'));
      const tls =
        String(params['rds.force_ssl']) === '1' || /^(on|1|true)$/i.test(String(params.require_secure_transport));
      v.need(
        tls,
        `${c.id}: TLS is not forced (rds.force_ssl = 1 / require_secure_transport = ON in a declared cluster ` +
          'parameter group)',
      );
    }
    const alarm = cs.every((c) => !!masterSecretReadAlarm(m, c));
    return v.done(
      'IAM database authentication is on, the master credential is generated in Secrets Manager, and every ' +
        'connection must use TLS (rds.force_ssl = 1). The master password still logs in (break-glass); ' +
        (alarm ? 'a read of it alerts the team.' : 'no rule alerts the team when it is read.'),
    );
  },
  page: [
    {
      section: 'database',
      status: [ID, 'ORG-4'],
      text: identitySentence,
    },
  ],
};
