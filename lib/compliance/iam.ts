// ORG-1 (and DB-3): every IAM policy of every stack, with the roles it is attached to.
import type { Evidence, StageModel } from './model';
import { asArray, ev, propsOf, type Res, resolve, resources, sameRes, text } from './query';
import { resourceStarAllowed } from './resource-star-allowlist';

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
  /** Where the document sits in the resource, e.g. `PolicyDocument` or `Policies[0].PolicyDocument`. */
  readonly property: string;
  readonly doc: any;
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
    asArray(propsOf(role).Policies).forEach((pol: any, i: number) =>
      out.push({ res: role, property: `Policies.${i}.PolicyDocument`, doc: pol?.PolicyDocument, roles: [role] }),
    );
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

export const statementsOf = (doc: any): any[] => asArray(doc?.Statement);
export const actionsOf = (s: any): string[] => asArray(s?.Action).map(String);

/** Statements that apply to a role (inline, attached customer-managed policies). */
export function roleStatements(m: StageModel, role: Res): Array<{ stmt: any; doc: PolicyDoc }> {
  return policyDocuments(m)
    .filter((d) => d.roles.some((r) => sameRes(r, role)))
    .flatMap((doc) => statementsOf(doc.doc).map((stmt) => ({ stmt, doc })));
}

/** True if a trust policy or any allow statement makes MFA a condition. */
export function requiresMfa(role: Res): boolean {
  return statementsOf(propsOf(role).AssumeRolePolicyDocument)
    .filter((s) => s.Effect === 'Allow')
    .every((s) => {
      const c = s.Condition ?? {};
      return (
        c.Bool?.['aws:MultiFactorAuthPresent'] === 'true' ||
        c.Bool?.['aws:MultiFactorAuthPresent'] === true ||
        c.NumericLessThan?.['aws:MultiFactorAuthAge'] !== undefined
      );
    });
}

/** Roles an operator (a person) assumes to open a session: those allowed `ssm:StartSession`. */
export function operatorRoles(m: StageModel): Res[] {
  return resources(m, 'AWS::IAM::Role').filter((role) =>
    roleStatements(m, role).some(
      ({ stmt }) => stmt.Effect === 'Allow' && actionsOf(stmt).some((a) => /^ssm:StartSession$/i.test(a)),
    ),
  );
}

/** A least-privilege problem found in a policy. */
export interface IamViolation {
  readonly stack: string;
  readonly logicalId: string;
  readonly property: string;
  readonly problem: string;
}

/** Every ORG-1 problem of the stage, plus the policies that were checked. */
export function iamViolations(m: StageModel): { violations: IamViolation[]; checked: Evidence[] } {
  const violations: IamViolation[] = [];
  const checked: Evidence[] = [];
  for (const d of policyDocuments(m)) {
    checked.push(
      ev(
        d.res,
        d.property,
        `${statementsOf(d.doc).length} statement(s)${d.roles.length ? ` for ${d.roles.map((r) => r.id).join(', ')}` : ''}`,
      ),
    );
    statementsOf(d.doc).forEach((s, i) => {
      const at = (problem: string) =>
        violations.push({
          stack: d.res.stack.name,
          logicalId: d.res.id,
          property: `${d.property}.Statement.${i}`,
          problem,
        });
      if (s.Effect !== 'Allow') return;
      if (s.NotAction !== undefined) at(`Allow with NotAction ${text(s.NotAction)}`);
      if (s.NotResource !== undefined) at(`Allow with NotResource ${text(s.NotResource)}`);
      const actions = actionsOf(s);
      for (const a of actions) {
        if (a === '*') at('Action "*"');
        const [svc, name] = a.split(':');
        if (name === '*' && DATA_SERVICES.includes(svc?.toLowerCase())) at(`Action "${a}" on a data service`);
      }
      const resourcesOfStmt = asArray(s.Resource).map((r) => text(r));
      if (resourcesOfStmt.includes('*')) {
        const unscopable = actions.filter((a) => !resourceStarAllowed(a));
        if (unscopable.length)
          at(`Resource "*" for ${unscopable.join(', ')} (not in lib/compliance/resource-star-allowlist.ts)`);
      }
    });
  }
  for (const p of resources(m, ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'])) {
    for (const arn of asArray(propsOf(p).ManagedPolicyArns)) {
      const t = text(arn);
      if (/:iam::aws:policy\//.test(t) && BROAD_MANAGED_POLICY.test(t)) {
        violations.push({
          stack: p.stack.name,
          logicalId: p.id,
          property: 'ManagedPolicyArns',
          problem: `broad AWS-managed policy ${t.split('/').pop()}`,
        });
      }
    }
  }
  return { violations, checked };
}
