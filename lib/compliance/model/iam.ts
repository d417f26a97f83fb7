// ORG-1 (and DB-1, DB-3): every IAM policy of every stack, with the roles it is attached to.
import { resourceStarAllowed } from '../resource-star-allowlist';
import { asArray, getPath, isObject, type JsonObject } from './json';
import { ev, propsOf, type Res, resolve, resources, sameRes, text } from './query';
import type { Evidence, StageModel } from './types';

/** Services whose data a wildcard action would expose (no `service:*` on them). */
export const DATA_SERVICES = [
  's3',
  'rds',
  'rds-db',
  'rds-data',
  'dynamodb',
  'kms',
  'secretsmanager',
  'backup',
  'backup-storage',
  'ssm',
  'logs',
  'sns',
  'sqs',
  'ses',
  'elasticfilesystem',
  'ebs',
  'ec2',
  'iam',
  'sts',
  'cloudtrail',
  'guardduty',
  'cloudfront',
  'wafv2',
];

/** AWS-managed policies too broad for any role of the stage. */
export const BROAD_MANAGED_POLICY =
  /(^|\/)(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess[A-Za-z0-9_-]*)$/;

/** One policy document and the principals it is attached to. */
export interface PolicyDoc {
  readonly res: Res;
  /** Where the document sits in the resource, e.g. `PolicyDocument` or `Policies.0.PolicyDocument`. */
  readonly property: string;
  readonly doc: unknown;
  readonly roles: Res[];
}

/** Every identity policy document of the stage (inline, customer-managed, role-embedded). */
export function policyDocuments(m: StageModel): PolicyDoc[] {
  const out: PolicyDoc[] = [];
  for (const p of resources(m, ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'])) {
    const roles = asArray(propsOf(p).Roles)
      .map((r) => resolve(m, p.stack, r))
      .filter((r): r is Res => !!r);
    out.push({ res: p, property: 'PolicyDocument', doc: propsOf(p).PolicyDocument, roles });
  }
  for (const role of resources(m, ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'])) {
    asArray(propsOf(role).Policies).forEach((pol, i) => {
      out.push({
        res: role,
        property: `Policies.${i}.PolicyDocument`,
        doc: getPath(pol, 'PolicyDocument'),
        roles: [role],
      });
    });
    // A managed policy attached through the role's ManagedPolicyArns.
    for (const arn of asArray(propsOf(role).ManagedPolicyArns)) {
      const mp = resolve(m, role.stack, arn);
      if (mp?.r.Type === 'AWS::IAM::ManagedPolicy') {
        const existing = out.find((d) => sameRes(d.res, mp));
        if (existing && !existing.roles.some((r) => sameRes(r, role))) existing.roles.push(role);
      }
    }
  }
  return out;
}

/** The statements of a policy document. */
export const statementsOf = (doc: unknown): JsonObject[] => asArray(getPath(doc, 'Statement')).filter(isObject);

/** The actions of a statement, as text. */
export const actionsOf = (s: unknown): string[] => asArray(getPath(s, 'Action')).map(String);

/** Whether a statement allows one of its actions matching `action`. */
export const allows = (s: JsonObject, action: RegExp): boolean =>
  s.Effect === 'Allow' && actionsOf(s).some((a) => action.test(a));

/** Statements that apply to a role (inline, attached customer-managed policies). */
export function roleStatements(m: StageModel, role: Res): Array<{ stmt: JsonObject; doc: PolicyDoc }> {
  return policyDocuments(m)
    .filter((d) => d.roles.some((r) => sameRes(r, role)))
    .flatMap((doc) => statementsOf(doc.doc).map((stmt) => ({ stmt, doc })));
}

/** True if every allow statement of the role's trust policy makes MFA a condition. */
export function requiresMfa(role: Res): boolean {
  return statementsOf(propsOf(role).AssumeRolePolicyDocument)
    .filter((s) => s.Effect === 'Allow')
    .every((s) => {
      const present = getPath(s, 'Condition.Bool.aws:MultiFactorAuthPresent');
      return (
        present === 'true' ||
        present === true ||
        getPath(s, 'Condition.NumericLessThan.aws:MultiFactorAuthAge') !== undefined
      );
    });
}

/** Roles an operator (a person) assumes to open a session: those allowed `ssm:StartSession`. */
export function operatorRoles(m: StageModel): Res[] {
  return resources(m, 'AWS::IAM::Role').filter((role) =>
    roleStatements(m, role).some(({ stmt }) => allows(stmt, /^ssm:StartSession$/i)),
  );
}

/** A least-privilege problem found in a policy. */
export interface IamViolation {
  readonly stack: string;
  readonly logicalId: string;
  readonly property: string;
  readonly problem: string;
}

/** The least-privilege problems of one allow statement. */
function statementProblems(s: JsonObject): string[] {
  if (s.Effect !== 'Allow') return [];
  const problems: string[] = [];
  if (s.NotAction !== undefined) problems.push(`Allow with NotAction ${text(s.NotAction)}`);
  if (s.NotResource !== undefined) problems.push(`Allow with NotResource ${text(s.NotResource)}`);
  const actions = actionsOf(s);
  for (const a of actions) {
    if (a === '*') problems.push('Action "*"');
    const [svc, name] = a.split(':');
    if (name === '*' && DATA_SERVICES.includes(svc?.toLowerCase())) problems.push(`Action "${a}" on a data service`);
  }
  if (
    asArray(s.Resource)
      .map((r) => text(r))
      .includes('*')
  ) {
    const unscopable = actions.filter((a) => !resourceStarAllowed(a));
    if (unscopable.length)
      problems.push(`Resource "*" for ${unscopable.join(', ')} (not in lib/compliance/resource-star-allowlist.ts)`);
  }
  return problems;
}

/** Every ORG-1 problem of the stage, plus the policies that were checked. */
export function iamViolations(m: StageModel): { violations: IamViolation[]; checked: Evidence[] } {
  const violations: IamViolation[] = [];
  const checked: Evidence[] = [];
  for (const d of policyDocuments(m)) {
    const statements = statementsOf(d.doc);
    const roles = d.roles.length ? ` for ${d.roles.map((r) => r.id).join(', ')}` : '';
    checked.push(ev(d.res, d.property, `${statements.length} statement(s)${roles}`));
    statements.forEach((s, i) => {
      for (const problem of statementProblems(s))
        violations.push({
          stack: d.res.stack.name,
          logicalId: d.res.id,
          property: `${d.property}.Statement.${i}`,
          problem,
        });
    });
  }
  for (const p of resources(m, ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'])) {
    for (const arn of asArray(propsOf(p).ManagedPolicyArns)) {
      const t = text(arn);
      if (/:iam::aws:policy\//.test(t) && BROAD_MANAGED_POLICY.test(t)) {
        const problem = `broad AWS-managed policy ${t.split('/').pop()}`;
        violations.push({ stack: p.stack.name, logicalId: p.id, property: 'ManagedPolicyArns', problem });
      }
    }
  }
  return { violations, checked };
}
