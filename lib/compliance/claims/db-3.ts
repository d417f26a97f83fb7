import { clusters, noCluster } from '../model/database';
import { actionsOf, allows, operatorRoles, requiresMfa, roleStatements } from '../model/iam';
import { asArray } from '../model/json';
import { ev, type Res, resources, sameRes, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'DB-3';

/** A role allowed to rds-db:connect, with the DB user it may connect as and the statement that allows it. */
interface ConnectGrant {
  readonly role: Res;
  readonly user: string;
  readonly resource: string;
  readonly doc: Res;
  readonly property: string;
}

/** IAM statements of roles allowed to rds-db:connect, with the DB user they may connect as. */
function connectGrants(m: StageModel): ConnectGrant[] {
  return resources(m, 'AWS::IAM::Role').flatMap((role) =>
    roleStatements(m, role)
      .filter(({ stmt }) => allows(stmt, /^rds-db:connect$/i))
      .flatMap(({ stmt, doc }) =>
        asArray(stmt.Resource).map((r) => {
          const resource = text(r);
          return { role, user: resource.split('/').pop() ?? '', resource, doc: doc.res, property: doc.property };
        }),
      ),
  );
}

/** Wildcard actions on data services. */
const DATA_WILDCARD = /^(rds|rds-db|rds-data|secretsmanager|kms|s3|dynamodb):\*$/i;

export const db3: Claim = {
  id: ID,
  promise: 'role-based permissions',
  declared:
    'separate IAM roles: app (connect as the app DB user only), read-only, operator (MFA required); no wildcard ' +
    'actions on data',
  check: (m) => {
    if (!clusters(m).length) return noCluster(ID);
    const v = new Verdict(ID);
    const db = m.config.database;
    const grants = connectGrants(m);
    for (const g of grants) {
      v.add(ev(g.doc, `${g.property} rds-db:connect Resource`, g.resource));
      v.need(
        !g.resource.includes('*') && /:dbuser:/.test(g.resource),
        `role ${g.role.id} may connect as ${g.resource} (a wildcard, not one named user)`,
      );
    }
    const app = grants.filter((g) => g.user === db.appUser);
    const ro = grants.filter((g) => g.user === db.readOnlyUser);
    v.need(app.length > 0, `no role may connect as the application user ${db.appUser}`);
    v.want(ro.length > 0, `no read-only role may connect as ${db.readOnlyUser}`);
    for (const a of app)
      v.need(
        !grants.some((g) => sameRes(g.role, a.role) && g.user !== db.appUser),
        `the application role ${a.role.id} may connect as another user too`,
      );
    const ops = operatorRoles(m);
    v.want(ops.length > 0, 'no operator role (ssm:StartSession) exists');
    for (const o of ops) {
      v.add(ev(o, 'AssumeRolePolicyDocument requires MFA', requiresMfa(o)));
      v.need(requiresMfa(o), `operator role ${o.id} does not require MFA`);
    }
    for (const role of new Set([...app, ...ro].map((g) => g.role))) {
      for (const { stmt } of roleStatements(m, role)) {
        for (const a of actionsOf(stmt))
          v.need(a !== '*' && !DATA_WILDCARD.test(a), `role ${role.id} has the wildcard action ${a}`);
      }
    }
    return v.done(
      `Separate roles: the application role connects as ${db.appUser} only, a read-only role as ` +
        `${db.readOnlyUser}, the operator role requires MFA; no wildcard action on data.`,
    );
  },
  page: [
    {
      section: 'database',
      status: [ID, 'ORG-1'],
      text: () =>
        '**Role-based permissions.** The application, read-only access and operators have separate roles; ' +
        'each may do only what its job needs.',
    },
  ],
};
