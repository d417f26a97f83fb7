// DB-1..DB-6, ORG-4, ORG-5: the Aurora cluster and what guards it.
import { actionsOf, operatorRoles, requiresMfa, roleStatements } from '../iam';
import type { Checker, ClaimResult, StageModel } from '../model';
import {
  asArray,
  attributeOf,
  ev,
  getPath,
  list,
  needRotatingKey,
  propsOf,
  type Res,
  referrers,
  resolve,
  resources,
  sameRes,
  text,
  Verdict,
} from '../query';

const OPEN = ['0.0.0.0/0', '::/0'];

function clusters(m: StageModel): Res[] {
  return resources(m, 'AWS::RDS::DBCluster');
}

function instancesOf(m: StageModel, cluster: Res): Res[] {
  return referrers(m, 'AWS::RDS::DBInstance', 'DBClusterIdentifier', cluster);
}

function noCluster(id: string): ClaimResult {
  const v = new Verdict(id);
  v.need(false, 'no AWS::RDS::DBCluster in the stage');
  return v.done('');
}

/** The security groups of the cluster. */
function clusterGroups(m: StageModel, c: Res): Res[] {
  return asArray(propsOf(c).VpcSecurityGroupIds)
    .map((g) => resolve(m, c.stack, g))
    .filter((g): g is Res => g?.r.Type === 'AWS::EC2::SecurityGroup');
}

/** Ingress rules of a group: inline and standalone, each with where it was read. */
function ingressOf(m: StageModel, sg: Res): Array<{ owner: Res; property: string; rule: Record<string, any> }> {
  const inline = asArray(propsOf(sg).SecurityGroupIngress).map((rule: any, i: number) => ({
    owner: sg,
    property: `SecurityGroupIngress.${i}`,
    rule,
  }));
  const standalone = referrers(m, 'AWS::EC2::SecurityGroupIngress', 'GroupId', sg).map((x) => ({
    owner: x,
    property: '(rule)',
    rule: propsOf(x),
  }));
  return [...inline, ...standalone];
}

function egressOf(m: StageModel, sg: Res): Array<{ owner: Res; property: string; rule: Record<string, any> }> {
  const inline = asArray(propsOf(sg).SecurityGroupEgress).map((rule: any, i: number) => ({
    owner: sg,
    property: `SecurityGroupEgress.${i}`,
    rule,
  }));
  const standalone = referrers(m, 'AWS::EC2::SecurityGroupEgress', 'GroupId', sg).map((x) => ({
    owner: x,
    property: '(rule)',
    rule: propsOf(x),
  }));
  return [...inline, ...standalone];
}

/** What uses a security group: ECS services (app tier), EC2 instances (operator host), Lambda functions. */
function usersOf(m: StageModel, sg: Res): Res[] {
  const uses = (x: Res, values: unknown[]) => values.some((v) => sameRes(resolve(m, x.stack, v), sg));
  return [
    ...resources(m, 'AWS::ECS::Service').filter((x) =>
      uses(x, asArray(getPath(propsOf(x), 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups'))),
    ),
    ...resources(m, 'AWS::EC2::Instance').filter((x) =>
      uses(x, [
        ...asArray(propsOf(x).SecurityGroupIds),
        ...asArray(propsOf(x).NetworkInterfaces).flatMap((n: any) => asArray(n.GroupSet)),
      ]),
    ),
    ...resources(m, 'AWS::EC2::LaunchTemplate').filter((x) =>
      uses(x, asArray(getPath(propsOf(x), 'LaunchTemplateData.SecurityGroupIds'))),
    ),
    ...resources(m, 'AWS::Lambda::Function').filter((x) =>
      uses(x, asArray(getPath(propsOf(x), 'VpcConfig.SecurityGroupIds'))),
    ),
    ...resources(m, 'AWS::Serverless::Application').filter((x) =>
      JSON.stringify(propsOf(x).Parameters ?? {}).includes(sg.id),
    ),
  ];
}

/** Is a subnet isolated: no default route to an internet or NAT gateway? */
function subnetIsolated(m: StageModel, subnet: Res): boolean {
  const assoc = referrers(m, 'AWS::EC2::SubnetRouteTableAssociation', 'SubnetId', subnet);
  const tables = assoc.map((a) => resolve(m, a.stack, propsOf(a).RouteTableId)).filter((t): t is Res => !!t);
  const routes = tables.flatMap((t) => referrers(m, 'AWS::EC2::Route', 'RouteTableId', t));
  return !routes.some(
    (r) => OPEN.includes(propsOf(r).DestinationCidrBlock) || OPEN.includes(propsOf(r).DestinationIpv6CidrBlock),
  );
}

function subnetsOf(m: StageModel, c: Res): Res[] {
  const group = resolve(m, c.stack, propsOf(c).DBSubnetGroupName);
  if (!group) return [];
  return asArray(propsOf(group).SubnetIds)
    .map((s) => resolve(m, group.stack, s))
    .filter((s): s is Res => s?.r.Type === 'AWS::EC2::Subnet');
}

const portOk = (c: Res, value: unknown, m: StageModel): boolean => {
  const port = propsOf(c).Port ?? 5432;
  if (value === port || value === String(port)) return true;
  return (
    sameRes(resolve(m, c.stack, value) ?? undefined, c) ||
    (attributeOf(m, c.stack, value) === 'Endpoint.Port' && !!resolve(m, c.stack, value))
  );
};

/** Prefix-list CIDRs of the stage and the aws:SourceIp values on the operator roles. */
function operatorCidrsEvidence(m: StageModel, v: Verdict): void {
  const wanted = [...m.config.operatorCidrs].sort();
  const lists = resources(m, 'AWS::EC2::PrefixList');
  const declared = lists.flatMap((l) => asArray(propsOf(l).Entries).map((e: any) => e.Cidr)).sort();
  lists.forEach((l) =>
    v.add(
      ev(
        l,
        'Entries',
        asArray(propsOf(l).Entries).map((e: any) => e.Cidr),
      ),
    ),
  );
  v.need(lists.length > 0, 'no AWS::EC2::PrefixList holds the operator CIDRs');
  v.need(
    JSON.stringify(declared) === JSON.stringify(wanted),
    `prefix-list CIDRs [${list(declared)}] differ from config operatorCidrs [${list(wanted)}]`,
  );

  const roles = operatorRoles(m);
  if (!v.need(roles.length > 0, 'no operator role (a role allowed ssm:StartSession) exists')) return;
  for (const role of roles) {
    const starts = roleStatements(m, role).filter(
      ({ stmt }) => stmt.Effect === 'Allow' && actionsOf(stmt).some((a) => /^ssm:StartSession$/i.test(a)),
    );
    for (const { stmt, doc } of starts) {
      const ips = asArray(stmt.Condition?.IpAddress?.['aws:SourceIp']).map(String).sort();
      v.add(ev(doc.res, `${doc.property} ssm:StartSession Condition.IpAddress.aws:SourceIp`, ips));
      v.need(
        JSON.stringify(ips) === JSON.stringify(wanted),
        `operator role ${role.id} may start a session from [${list(ips)}], not exactly operatorCidrs [${list(wanted)}]`,
      );
    }
    v.add(ev(role, 'AssumeRolePolicyDocument (MFA)', requiresMfa(role)));
  }
}

export const db1: Checker = (m) => {
  const v = new Verdict('DB-1');
  const cs = clusters(m);
  if (!cs.length) return noCluster('DB-1');
  for (const c of cs) {
    v.add(ev(c, 'VpcSecurityGroupIds', asArray(propsOf(c).VpcSecurityGroupIds).map(text)));
    v.need(propsOf(c).PubliclyAccessible !== true, `${c.id} is publicly accessible`);
    for (const i of instancesOf(m, c)) {
      v.add(ev(i, 'PubliclyAccessible'));
      v.need(propsOf(i).PubliclyAccessible === false, `instance ${i.id} does not declare PubliclyAccessible false`);
    }
    const subnets = subnetsOf(m, c);
    v.need(subnets.length > 0, `the subnets of ${c.id} could not be read from its DB subnet group`);
    for (const s of subnets) {
      const tag = asArray(propsOf(s).Tags).find((t: any) => t.Key === 'aws-cdk:subnet-type')?.Value;
      const isolated = subnetIsolated(m, s);
      v.add(
        ev(s, 'default route to an internet/NAT gateway', isolated ? 'none (isolated)' : 'present'),
        ev(s, 'Tags.aws-cdk:subnet-type', tag),
      );
      v.need(isolated, `DB subnet ${s.id} has a default route out`);
    }
    const groups = clusterGroups(m, c);
    v.need(groups.length > 0, `${c.id} has no security group of its own`);
    let appSources = 0;
    let operatorSources = 0;
    for (const sg of groups) {
      for (const { owner, property, rule } of ingressOf(m, sg)) {
        const source = rule.SourceSecurityGroupId ?? rule.SourcePrefixListId ?? rule.CidrIp ?? rule.CidrIpv6;
        v.add(
          ev(owner, `${property} source / ports`, {
            source: text(source),
            from: text(rule.FromPort),
            to: text(rule.ToPort),
            protocol: rule.IpProtocol,
          }),
        );
        v.need(
          rule.CidrIp === undefined && rule.CidrIpv6 === undefined,
          `ingress ${owner.id} on the DB security group has a CIDR source ${rule.CidrIp ?? rule.CidrIpv6}`,
        );
        v.need(
          rule.IpProtocol === 'tcp' && portOk(c, rule.FromPort, m) && portOk(c, rule.ToPort, m),
          `ingress ${owner.id} is not limited to the DB port over tcp`,
        );
        if (rule.SourceSecurityGroupId !== undefined) {
          const src = resolve(m, owner.stack, rule.SourceSecurityGroupId);
          const users = src ? usersOf(m, src) : [];
          v.add(...users.map((u) => ev(u, 'uses source security group', src!.id)));
          if (users.some((u) => u.r.Type === 'AWS::ECS::Service')) appSources++;
          else if (users.some((u) => u.r.Type === 'AWS::EC2::Instance' || u.r.Type === 'AWS::EC2::LaunchTemplate'))
            operatorSources++;
          else if (
            users.some((u) => u.r.Type === 'AWS::Lambda::Function' || u.r.Type === 'AWS::Serverless::Application')
          ) {
            // credential rotation: a function of the data tier itself
          } else
            v.want(
              false,
              `ingress ${owner.id} admits security group ${src?.id ?? text(rule.SourceSecurityGroupId)}, which no app task, operator host or rotation function uses`,
            );
        }
        if (rule.SourcePrefixListId !== undefined) {
          const pl = resolve(m, owner.stack, rule.SourcePrefixListId);
          v.need(
            pl?.r.Type === 'AWS::EC2::PrefixList',
            `ingress ${owner.id} admits a prefix list that is not the stage's operator list`,
          );
          operatorSources++;
        }
      }
      for (const { owner, property, rule } of egressOf(m, sg)) {
        v.need(
          !OPEN.includes(rule.CidrIp) && !OPEN.includes(rule.CidrIpv6),
          `egress ${owner.id}.${property} of the DB security group is open to ${rule.CidrIp ?? rule.CidrIpv6}`,
        );
      }
      v.add(
        ev(
          sg,
          'SecurityGroupEgress',
          asArray(propsOf(sg).SecurityGroupEgress).map(
            (e: any) => e.CidrIp ?? e.CidrIpv6 ?? text(e.DestinationSecurityGroupId),
          ),
        ),
      );
    }
    v.want(appSources > 0, 'no ECS service of the app tier uses a security group the database admits');
    v.want(
      operatorSources > 0,
      'no operator access path (an SSM host or the operator prefix list) is admitted on the DB port',
    );
  }
  // Operators: no inbound port to the internet on the operator host.
  for (const host of resources(m, 'AWS::EC2::Instance')) {
    for (const g of asArray(propsOf(host).SecurityGroupIds)
      .map((x) => resolve(m, host.stack, x))
      .filter((x): x is Res => !!x)) {
      const ins = ingressOf(m, g);
      v.add(ev(g, 'ingress rules of the operator host', ins.length));
      v.need(
        !ins.some(({ rule }) => OPEN.includes(rule.CidrIp) || OPEN.includes(rule.CidrIpv6)),
        `host ${host.id} admits the internet on ${g.id}`,
      );
    }
  }
  operatorCidrsEvidence(m, v);
  return v.done(
    "The cluster sits in isolated subnets, is never publicly accessible, and its security group admits only the app tier and the operator path on the DB port; operator addresses come from config through a prefix list and the operator role's aws:SourceIp.",
  );
};

export const db2: Checker = (m) => {
  const cs = clusters(m);
  if (!cs.length) return noCluster('DB-2');
  const v = new Verdict('DB-2');
  for (const c of cs) {
    const p = propsOf(c);
    v.add(ev(c, 'EnableIAMDatabaseAuthentication'));
    v.need(p.EnableIAMDatabaseAuthentication === true, `${c.id}: IAM database authentication is off`);
    if (p.ManageMasterUserPassword === true) {
      v.add(ev(c, 'ManageMasterUserPassword'));
    } else {
      const pw = p.MasterUserPassword;
      v.add(ev(c, 'MasterUserPassword', text(pw)));
      const fromSecret = /\{\{resolve:secretsmanager:/.test(text(pw));
      v.need(fromSecret, `${c.id}: the master password is not resolved from Secrets Manager`);
      const secretRef = JSON.stringify(pw ?? '').match(/"Ref":"([^"]+)"/)?.[1];
      const secret = secretRef ? c.stack.template.Resources?.[secretRef] : undefined;
      if (secret)
        v.add(
          ev(
            { stack: c.stack, id: secretRef!, r: secret },
            'GenerateSecretString',
            secret.Properties?.GenerateSecretString ? 'generated' : '(absent)',
          ),
        );
      v.need(
        !!secret?.Properties?.GenerateSecretString && secret.Properties?.SecretString === undefined,
        `${c.id}: the master secret is not generated by Secrets Manager`,
      );
    }
    const pg = resolve(m, c.stack, p.DBClusterParameterGroupName);
    const params = pg ? (propsOf(pg).Parameters ?? {}) : {};
    if (pg) v.add(ev(pg, 'Parameters.rds.force_ssl', params['rds.force_ssl']));
    else v.add(ev(c, 'DBClusterParameterGroupName'));
    const tls =
      String(params['rds.force_ssl']) === '1' || /^(on|1|true)$/i.test(String(params.require_secure_transport));
    v.need(
      tls,
      `${c.id}: TLS is not forced (rds.force_ssl = 1 / require_secure_transport = ON in a declared cluster parameter group)`,
    );
  }
  return v.done(
    'IAM database authentication is on, the master credential is generated in Secrets Manager, and every connection must use TLS (rds.force_ssl = 1).',
  );
};

/** IAM statements of roles allowed to rds-db:connect, with the DB user they may connect as. */
function connectGrants(
  m: StageModel,
): Array<{ role: Res; user: string; resource: string; doc: Res; property: string }> {
  return resources(m, 'AWS::IAM::Role').flatMap((role) =>
    roleStatements(m, role)
      .filter(({ stmt }) => stmt.Effect === 'Allow' && actionsOf(stmt).some((a) => /^rds-db:connect$/i.test(a)))
      .flatMap(({ stmt, doc }) =>
        asArray(stmt.Resource).map((r) => {
          const t = text(r);
          return { role, user: t.split('/').pop() ?? '', resource: t, doc: doc.res, property: doc.property };
        }),
      ),
  );
}

export const db3: Checker = (m) => {
  if (!clusters(m).length) return noCluster('DB-3');
  const v = new Verdict('DB-3');
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
        v.need(
          a !== '*' && !/^(rds|rds-db|rds-data|secretsmanager|kms|s3|dynamodb):\*$/i.test(a),
          `role ${role.id} has the wildcard action ${a}`,
        );
    }
  }
  return v.done(
    `Separate roles: the application role connects as ${db.appUser} only, a read-only role as ${db.readOnlyUser}, the operator role requires MFA; no wildcard action on data.`,
  );
};

export const db4: Checker = (m) => {
  const cs = clusters(m);
  if (!cs.length) return noCluster('DB-4');
  const v = new Verdict('DB-4');
  for (const c of cs) {
    v.add(ev(c, 'StorageEncrypted'));
    v.need(propsOf(c).StorageEncrypted === true, `${c.id}: storage is not encrypted`);
    needRotatingKey(m, v, c, 'KmsKeyId', 'cluster storage');
    const clusterPi = propsOf(c).PerformanceInsightsEnabled === true;
    const insts = instancesOf(m, c);
    if (clusterPi) needRotatingKey(m, v, c, 'PerformanceInsightsKmsKeyId', 'Performance Insights');
    for (const i of insts) {
      if (propsOf(i).EnablePerformanceInsights === true)
        needRotatingKey(m, v, i, 'PerformanceInsightsKMSKeyId', `Performance Insights of ${i.id}`);
    }
    const piOn = clusterPi || insts.some((i) => propsOf(i).EnablePerformanceInsights === true);
    v.add(ev(c, 'PerformanceInsightsEnabled', piOn));
    v.want(piOn, `${c.id}: Performance Insights is off, so its encryption cannot be shown`);
    if (propsOf(c).ManageMasterUserPassword === true)
      needRotatingKey(m, v, c, 'MasterUserSecret.KmsKeyId', 'master secret');
    else {
      const ref = JSON.stringify(propsOf(c).MasterUserPassword ?? '').match(/"Ref":"([^"]+)"/)?.[1];
      const secret = ref && c.stack.template.Resources?.[ref];
      if (secret) needRotatingKey(m, v, { stack: c.stack, id: ref!, r: secret }, 'KmsKeyId', 'master secret');
    }
  }
  const groups = resources(m, 'AWS::Logs::LogGroup').filter((g) => /\/aws\/rds\//.test(text(propsOf(g).LogGroupName)));
  v.need(groups.length > 0, 'no declared /aws/rds/... log group (CDK would create it unencrypted)');
  for (const g of groups) {
    v.add(ev(g, 'LogGroupName', text(propsOf(g).LogGroupName)));
    needRotatingKey(m, v, g, 'KmsKeyId', `log group ${g.id}`);
  }
  return v.done(
    'Storage, Performance Insights, the master secret and the database log groups are encrypted with customer-managed keys that rotate.',
  );
};

export const db5: Checker = (m) => {
  const cs = clusters(m);
  if (!cs.length) return noCluster('DB-5');
  const v = new Verdict('DB-5');
  for (const c of cs) {
    const pg = resolve(m, c.stack, propsOf(c).DBClusterParameterGroupName);
    const params = pg ? (propsOf(pg).Parameters ?? {}) : {};
    if (pg)
      v.add(
        ev(pg, 'Parameters.shared_preload_libraries', params.shared_preload_libraries),
        ev(pg, 'Parameters.pgaudit.log', params['pgaudit.log']),
      );
    v.need(
      /(^|,)\s*pgaudit\s*(,|$)/.test(String(params.shared_preload_libraries ?? '')),
      `${c.id}: pgaudit is not in shared_preload_libraries`,
    );
    v.need(
      !!params['pgaudit.log'] && String(params['pgaudit.log']).toLowerCase() !== 'none',
      `${c.id}: pgaudit.log is not set`,
    );
    v.add(ev(c, 'EnableCloudwatchLogsExports'));
    v.need(
      asArray(propsOf(c).EnableCloudwatchLogsExports).includes('postgresql'),
      `${c.id}: PostgreSQL logs are not exported to CloudWatch Logs`,
    );
  }
  const groups = resources(m, 'AWS::Logs::LogGroup').filter((g) =>
    /\/aws\/rds\/cluster\/.*\/postgresql/.test(text(propsOf(g).LogGroupName)),
  );
  v.need(groups.length > 0, 'no declared /aws/rds/cluster/<id>/postgresql log group');
  for (const g of groups) {
    v.add(
      ev(g, 'LogGroupName', text(propsOf(g).LogGroupName)),
      ev(g, 'RetentionInDays'),
      ev(g, 'KmsKeyId', text(propsOf(g).KmsKeyId)),
    );
    v.need(typeof propsOf(g).RetentionInDays === 'number', `${g.id} has no retention`);
    v.need(propsOf(g).KmsKeyId !== undefined, `${g.id} is not encrypted`);
  }
  return v.done(
    `pgaudit logs database activity into CloudWatch Logs, encrypted, kept ${m.config.database.logRetentionDays} days.`,
  );
};

export const db6: Checker = (m) => {
  const cs = clusters(m);
  if (!cs.length) return noCluster('DB-6');
  const v = new Verdict('DB-6');
  for (const c of cs) {
    v.add(
      ev(c, 'DeletionProtection'),
      ev(c, 'DeletionPolicy', c.r.DeletionPolicy),
      ev(c, 'UpdateReplacePolicy', c.r.UpdateReplacePolicy),
    );
    v.need(propsOf(c).DeletionProtection === true, `${c.id}: deletion protection is off`);
    v.need(
      ['Snapshot', 'Retain'].includes(c.r.DeletionPolicy ?? ''),
      `${c.id}: DeletionPolicy ${c.r.DeletionPolicy ?? '(Delete)'} loses data`,
    );
    v.need(
      ['Snapshot', 'Retain'].includes(c.r.UpdateReplacePolicy ?? ''),
      `${c.id}: UpdateReplacePolicy ${c.r.UpdateReplacePolicy ?? '(Delete)'} loses data`,
    );
    const insts = instancesOf(m, c);
    insts.forEach((i) => v.add(ev(i, 'DBInstanceClass'), ev(i, 'PromotionTier'), ev(i, 'AvailabilityZone')));
    v.need(insts.length >= 2, `${c.id} has ${insts.length} instance(s): a writer and a reader are needed`);
    const azs = insts.map((i) => propsOf(i).AvailabilityZone).filter((z) => z !== undefined);
    v.need(new Set(azs).size === azs.length, `instances of ${c.id} are pinned to the same zone`);
    const subnetAzs = new Set(subnetsOf(m, c).map((s) => text(propsOf(s).AvailabilityZone)));
    v.add(ev(c, 'DB subnet group zones', [...subnetAzs]));
    v.need(
      subnetAzs.size >= 2,
      `the DB subnet group of ${c.id} spans fewer than two zones, so Aurora cannot place the reader in another zone`,
    );
  }
  return v.done(
    'A writer and a reader that Aurora places in different zones of a multi-zone subnet group; deletion protection on; the cluster is snapshotted, never deleted, with its stack.',
  );
};

export const org4: Checker = (m) => {
  const cs = clusters(m);
  if (!cs.length) return noCluster('ORG-4');
  const v = new Verdict('ORG-4');
  const days = m.config.database.rotationDays;
  const schedules = resources(m, 'AWS::SecretsManager::RotationSchedule');
  for (const c of cs) {
    const ref = JSON.stringify(propsOf(c).MasterUserPassword ?? '').match(/"Ref":"([^"]+)"/)?.[1];
    const mine = schedules.filter((s) => {
      const target = resolve(m, s.stack, propsOf(s).SecretId);
      if (target && target.id === ref && target.stack.name === c.stack.name) return true;
      const att = resolve(m, s.stack, propsOf(s).SecretId);
      if (att?.r.Type === 'AWS::SecretsManager::SecretTargetAttachment')
        return resolve(m, att.stack, propsOf(att).SecretId)?.id === ref;
      return sameRes(att, c); // RDS-managed master secret: GetAtt Cluster.MasterUserSecret.SecretArn
    });
    if (!v.need(mine.length > 0, `no RotationSchedule rotates the master secret of ${c.id}`)) continue;
    for (const s of mine) {
      const rules = propsOf(s).RotationRules ?? {};
      const every =
        rules.AutomaticallyAfterDays ?? Number(/^rate\((\d+) days?\)$/.exec(rules.ScheduleExpression ?? '')?.[1]);
      v.add(ev(s, 'RotationRules', rules));
      v.need(
        Number.isFinite(every) && every <= 60 && every === days,
        `rotation of ${c.id} every ${every} days, not the configured ${days} (at most 60)`,
      );
      const fn = propsOf(s).RotationLambdaARN ?? propsOf(s).HostedRotationLambda;
      v.add(ev(s, 'rotation function', text(fn) || 'RDS-managed'));
    }
  }
  // Reachability matters only where a rotation function runs in the VPC (an RDS-managed secret rotates without one).
  const rotationFns = schedules
    .map((s) => resolve(m, s.stack, propsOf(s).RotationLambdaARN))
    .filter((f): f is Res => !!f && !!propsOf(f).VpcConfig);
  if (
    rotationFns.length ||
    schedules.some((s) => propsOf(s).HostedRotationLambda?.VpcSubnetIds) ||
    resources(m, 'AWS::Serverless::Application').length > 0
  ) {
    const eps = resources(m, 'AWS::EC2::VPCEndpoint').filter((e) =>
      /secretsmanager/.test(text(propsOf(e).ServiceName)),
    );
    eps.forEach((e) => v.add(ev(e, 'ServiceName', text(propsOf(e).ServiceName))));
    const privateSubnets = resources(m, 'AWS::Serverless::Application').some((a) =>
      /Private/.test(text(propsOf(a).Parameters?.vpcSubnetIds)),
    );
    v.want(
      eps.length > 0 || privateSubnets,
      'the rotation function runs in the VPC but no Secrets Manager interface endpoint is declared (isolated subnets cannot reach the API)',
    );
  }
  return v.done(`The master credential rotates every ${days} days.`);
};

export const org5: Checker = (m) => {
  const cs = clusters(m);
  if (!cs.length) return noCluster('ORG-5');
  const v = new Verdict('ORG-5');
  for (const c of cs) {
    v.add(ev(c, 'PreferredMaintenanceWindow'), ev(c, 'PreferredBackupWindow'));
    v.need(!!propsOf(c).PreferredMaintenanceWindow, `${c.id}: no maintenance window`);
    v.want(
      propsOf(c).PreferredMaintenanceWindow === m.config.database.maintenanceWindow,
      `${c.id}: maintenance window is not the configured ${m.config.database.maintenanceWindow}`,
    );
    for (const i of instancesOf(m, c)) {
      v.add(ev(i, 'AutoMinorVersionUpgrade'));
      v.need(propsOf(i).AutoMinorVersionUpgrade !== false, `${i.id}: automatic minor version upgrades are off`);
    }
  }
  for (const s of resources(m, 'AWS::ECS::Service')) {
    const fargate =
      propsOf(s).LaunchType === 'FARGATE' ||
      asArray(propsOf(s).CapacityProviderStrategy).some((p: any) => /FARGATE/.test(p.CapacityProvider));
    v.add(ev(s, 'LaunchType'), ev(s, 'PlatformVersion', propsOf(s).PlatformVersion ?? 'LATEST (default)'));
    v.need(fargate, `${s.id} is not on Fargate (a patched managed runtime)`);
    v.need(
      propsOf(s).PlatformVersion === undefined || propsOf(s).PlatformVersion === 'LATEST',
      `${s.id} pins Fargate platform ${propsOf(s).PlatformVersion}`,
    );
  }
  for (const f of resources(m, 'AWS::Lambda::Function')) {
    const rt = String(propsOf(f).Runtime ?? '');
    if (!rt) continue;
    v.add(ev(f, 'Runtime'));
    v.need(
      !/^(nodejs(1\d|[0-9])\.x|python3\.[0-8]$|python2|java8$|dotnetcore|ruby2)/.test(rt),
      `${f.id} runs the outdated runtime ${rt}`,
    );
  }
  return v.done(
    `Automatic minor version upgrades on every DB instance, maintenance window ${m.config.database.maintenanceWindow}; the app tier runs on Fargate's patched platform and functions on supported runtimes.`,
  );
};

export const dataCheckers: Record<string, Checker> = {
  'DB-1': db1,
  'DB-2': db2,
  'DB-3': db3,
  'DB-4': db4,
  'DB-5': db5,
  'DB-6': db6,
  'ORG-4': org4,
  'ORG-5': org5,
};
