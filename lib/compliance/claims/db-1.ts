import {
  clusterGroups,
  clusters,
  egressOf,
  type GroupRule,
  ingressOf,
  instancesOf,
  isClusterPort,
  noCluster,
  openToInternet,
  subnetIsolated,
  subnetsOf,
  usersOf,
} from '../model/database';
import { allows, operatorRoles, requiresMfa, roleStatements } from '../model/iam';
import { asArray, field, getPath } from '../model/json';
import { ev, list, propsOf, type Res, resolve, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import { where } from '../render/words';
import type { Claim } from './claim';

const ID = 'DB-1';

/** Which access path a source security group of the DB is: the app tier, an operator host, or the rotation function. */
function sourceKind(users: readonly Res[]): 'app' | 'operator' | 'rotation' | undefined {
  const is = (...types: string[]) => users.some((u) => types.includes(u.r.Type));
  if (is('AWS::ECS::Service')) return 'app';
  if (is('AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate')) return 'operator';
  if (is('AWS::Lambda::Function', 'AWS::Serverless::Application')) return 'rotation';
  return undefined;
}

/** The ingress rules of the cluster's groups: DB port over tcp, no CIDR, only known sources. Counts the paths. */
function checkIngress(m: StageModel, v: Verdict, c: Res, sg: Res, paths: { app: number; operator: number }): void {
  for (const { owner, property, rule } of ingressOf(m, sg)) {
    const source = rule.SourceSecurityGroupId ?? rule.SourcePrefixListId ?? rule.CidrIp ?? rule.CidrIpv6;
    const ports = { source: text(source), from: text(rule.FromPort), to: text(rule.ToPort), protocol: rule.IpProtocol };
    v.add(ev(owner, `${property} source / ports`, ports));
    v.need(
      rule.CidrIp === undefined && rule.CidrIpv6 === undefined,
      `ingress ${owner.id} on the DB security group has a CIDR source ${String(rule.CidrIp ?? rule.CidrIpv6)}`,
    );
    v.need(
      rule.IpProtocol === 'tcp' && isClusterPort(m, c, rule.FromPort) && isClusterPort(m, c, rule.ToPort),
      `ingress ${owner.id} is not limited to the DB port over tcp`,
    );
    if (rule.SourceSecurityGroupId !== undefined) {
      const src = resolve(m, owner.stack, rule.SourceSecurityGroupId);
      const users = src ? usersOf(m, src) : [];
      if (src) v.add(...users.map((u) => ev(u, 'uses source security group', src.id)));
      const kind = sourceKind(users);
      if (kind === 'app') paths.app++;
      else if (kind === 'operator') paths.operator++;
      else if (kind === undefined) {
        const name = src?.id ?? text(rule.SourceSecurityGroupId);
        v.want(
          false,
          `ingress ${owner.id} admits security group ${name}, which no app task, operator host or rotation ` +
            'function uses',
        );
      }
    }
    if (rule.SourcePrefixListId !== undefined) {
      const pl = resolve(m, owner.stack, rule.SourcePrefixListId);
      v.need(
        pl?.r.Type === 'AWS::EC2::PrefixList',
        `ingress ${owner.id} admits a prefix list that is not the stage's operator list`,
      );
      paths.operator++;
    }
  }
}

/** No egress of the cluster's groups is open to the internet. */
function checkEgress(m: StageModel, v: Verdict, sg: Res): void {
  for (const { owner, property, rule } of egressOf(m, sg)) {
    v.need(
      !openToInternet(rule),
      `egress ${owner.id}.${property} of the DB security group is open to ${String(rule.CidrIp ?? rule.CidrIpv6)}`,
    );
  }
  const egress = asArray(propsOf(sg).SecurityGroupEgress).map(
    (e) => field(e, 'CidrIp') ?? field(e, 'CidrIpv6') ?? text(field(e, 'DestinationSecurityGroupId')),
  );
  v.add(ev(sg, 'SecurityGroupEgress', egress));
}

/** The cluster: never public, in isolated subnets, its groups admitting the app tier and the operator path only. */
function checkCluster(m: StageModel, v: Verdict, c: Res): void {
  v.add(ev(c, 'VpcSecurityGroupIds', asArray(propsOf(c).VpcSecurityGroupIds).map(text)));
  v.need(propsOf(c).PubliclyAccessible !== true, `${c.id} is publicly accessible`);
  for (const i of instancesOf(m, c)) {
    v.add(ev(i, 'PubliclyAccessible'));
    v.need(propsOf(i).PubliclyAccessible === false, `instance ${i.id} does not declare PubliclyAccessible false`);
  }
  const subnets = subnetsOf(m, c);
  v.need(subnets.length > 0, `the subnets of ${c.id} could not be read from its DB subnet group`);
  for (const s of subnets) {
    const tag = asArray(propsOf(s).Tags).find((t) => field(t, 'Key') === 'aws-cdk:subnet-type');
    const isolated = subnetIsolated(m, s);
    v.add(
      ev(s, 'default route to an internet/NAT gateway', isolated ? 'none (isolated)' : 'present'),
      ev(s, 'Tags.aws-cdk:subnet-type', field(tag, 'Value')),
    );
    v.need(isolated, `DB subnet ${s.id} has a default route out`);
  }
  const groups = clusterGroups(m, c);
  v.need(groups.length > 0, `${c.id} has no security group of its own`);
  const paths = { app: 0, operator: 0 };
  for (const sg of groups) {
    checkIngress(m, v, c, sg, paths);
    checkEgress(m, v, sg);
  }
  v.want(paths.app > 0, 'no ECS service of the app tier uses a security group the database admits');
  v.want(
    paths.operator > 0,
    'no operator access path (an SSM host or the operator prefix list) is admitted on the DB port',
  );
}

/** Operators: no inbound port to the internet on the operator host. */
function checkOperatorHosts(m: StageModel, v: Verdict): void {
  for (const host of resources(m, 'AWS::EC2::Instance')) {
    const groups = asArray(propsOf(host).SecurityGroupIds)
      .map((x) => resolve(m, host.stack, x))
      .filter((x): x is Res => !!x);
    for (const g of groups) {
      const ins: GroupRule[] = ingressOf(m, g);
      v.add(ev(g, 'ingress rules of the operator host', ins.length));
      v.need(!ins.some(({ rule }) => openToInternet(rule)), `host ${host.id} admits the internet on ${g.id}`);
    }
  }
}

/** Prefix-list CIDRs of the stage and the aws:SourceIp values on the operator roles. */
function checkOperatorCidrs(m: StageModel, v: Verdict): void {
  const wanted = [...m.config.operatorCidrs].sort();
  const lists = resources(m, 'AWS::EC2::PrefixList');
  const cidrsOf = (l: Res) => asArray(propsOf(l).Entries).map((e) => field(e, 'Cidr'));
  const declared = lists.flatMap(cidrsOf).sort();
  for (const l of lists) v.add(ev(l, 'Entries', cidrsOf(l)));
  v.need(lists.length > 0, 'no AWS::EC2::PrefixList holds the operator CIDRs');
  v.need(
    JSON.stringify(declared) === JSON.stringify(wanted),
    `prefix-list CIDRs [${list(declared)}] differ from config operatorCidrs [${list(wanted)}]`,
  );

  const roles = operatorRoles(m);
  if (!v.need(roles.length > 0, 'no operator role (a role allowed ssm:StartSession) exists')) return;
  for (const role of roles) {
    const starts = roleStatements(m, role).filter(({ stmt }) => allows(stmt, /^ssm:StartSession$/i));
    for (const { stmt, doc } of starts) {
      const ips = asArray(getPath(stmt, 'Condition.IpAddress.aws:SourceIp')).map(String).sort();
      v.add(ev(doc.res, `${doc.property} ssm:StartSession Condition.IpAddress.aws:SourceIp`, ips));
      v.need(
        JSON.stringify(ips) === JSON.stringify(wanted),
        `operator role ${role.id} may start a session from [${list(ips)}], not exactly operatorCidrs [${list(wanted)}]`,
      );
    }
    v.add(ev(role, 'AssumeRolePolicyDocument (MFA)', requiresMfa(role)));
  }
}

export const db1: Claim = {
  id: ID,
  promise: 'the database is reachable only from the application layer and a fixed set of known operator IP addresses',
  declared:
    'Aurora (PostgreSQL by default) in isolated subnets, never publicly accessible; its security group admits ' +
    "the app tier's security group and the operator access path only, on the DB port only; no 0.0.0.0/0 or ::/0 " +
    'anywhere on it. Known operator CIDRs come from configuration (an `AWS::EC2::PrefixList`), and are enforced ' +
    'on the operator path (e.g. `aws:SourceIp` on the operator role used for an SSM port-forwarding session); no ' +
    'inbound port is opened to the internet for operators',
  check: (m) => {
    const cs = clusters(m);
    if (!cs.length) return noCluster(ID);
    const v = new Verdict(ID);
    for (const c of cs) checkCluster(m, v, c);
    checkOperatorHosts(m, v);
    checkOperatorCidrs(m, v);
    return v.done(
      'The cluster sits in isolated subnets, is never publicly accessible, and its security group admits only ' +
        'the app tier and the operator path on the DB port; operator addresses come from config through a prefix ' +
        "list and the operator role's aws:SourceIp.",
    );
  },
  page: [
    {
      section: 'database',
      text: ({ config: c }) => {
        const ranges = `${c.operatorCidrs.length} address range${c.operatorCidrs.length === 1 ? '' : 's'}`;
        return (
          `**Who can reach it.** The database (Amazon Aurora PostgreSQL, in ${where(c.primaryRegion)}) has no ` +
          'address on the internet. Only our application servers and our operators can open a connection, on the ' +
          'database port only. Operators connect through an audited AWS Systems Manager session, only from our ' +
          `known office addresses (${ranges}) and only with multi-factor authentication; no port is open to the ` +
          'internet for them.'
        );
      },
    },
  ],
};
