// The Aurora cluster and what surrounds it (instances, security groups, subnets, parameters, secret),
// read from the templates for the DB and ORG claims.
import { POSTGRES_PORT } from '../../defaults/constants';
import { asArray, getPath, type JsonObject, obj } from './json';
import { attributeOf, prop, propsOf, type Res, referrers, resolve, resources, sameRes } from './query';
import type { ClaimResult, StageModel } from './types';
import { Verdict } from './verdict';

/** CIDRs that stand for the whole internet. */
export const OPEN: readonly unknown[] = ['0.0.0.0/0', '::/0'];

/** Whether a rule (ingress or egress) is open to the internet. */
export const openToInternet = (rule: JsonObject): boolean => OPEN.includes(rule.CidrIp) || OPEN.includes(rule.CidrIpv6);

export function clusters(m: StageModel): Res[] {
  return resources(m, 'AWS::RDS::DBCluster');
}

export function instancesOf(m: StageModel, cluster: Res): Res[] {
  return referrers(m, 'AWS::RDS::DBInstance', 'DBClusterIdentifier', cluster);
}

/** The verdict of a DB claim on a stage without a cluster. */
export function noCluster(id: string): ClaimResult {
  const v = new Verdict(id);
  v.need(false, 'no AWS::RDS::DBCluster in the stage');
  return v.done('');
}

/** The security groups of the cluster. */
export function clusterGroups(m: StageModel, c: Res): Res[] {
  return asArray(propsOf(c).VpcSecurityGroupIds)
    .map((g) => resolve(m, c.stack, g))
    .filter((g): g is Res => g?.r.Type === 'AWS::EC2::SecurityGroup');
}

/** One ingress or egress rule of a security group, with where it was read. */
export interface GroupRule {
  /** The group (inline rule) or the standalone rule resource. */
  readonly owner: Res;
  readonly property: string;
  readonly rule: JsonObject;
}

function rulesOf(m: StageModel, sg: Res, direction: 'Ingress' | 'Egress'): GroupRule[] {
  const inline = asArray(propsOf(sg)[`SecurityGroup${direction}`]).map((rule, i) => ({
    owner: sg,
    property: `SecurityGroup${direction}.${i}`,
    rule: obj(rule),
  }));
  const standalone = referrers(m, `AWS::EC2::SecurityGroup${direction}`, 'GroupId', sg).map((x) => ({
    owner: x,
    property: '(rule)',
    rule: propsOf(x),
  }));
  return [...inline, ...standalone];
}

/** Ingress rules of a group: inline and standalone. */
export const ingressOf = (m: StageModel, sg: Res): GroupRule[] => rulesOf(m, sg, 'Ingress');

/** Egress rules of a group: inline and standalone. */
export const egressOf = (m: StageModel, sg: Res): GroupRule[] => rulesOf(m, sg, 'Egress');

/** What uses a security group: ECS services (app tier), EC2 instances (operator host), Lambda functions. */
export function usersOf(m: StageModel, sg: Res): Res[] {
  const uses = (x: Res, values: unknown[]) => values.some((v) => sameRes(resolve(m, x.stack, v), sg));
  const instanceGroups = (x: Res) => [
    ...asArray(propsOf(x).SecurityGroupIds),
    ...asArray(propsOf(x).NetworkInterfaces).flatMap((n) => asArray(getPath(n, 'GroupSet'))),
  ];
  return [
    ...resources(m, 'AWS::ECS::Service').filter((x) =>
      uses(x, asArray(prop(x, 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups'))),
    ),
    ...resources(m, 'AWS::EC2::Instance').filter((x) => uses(x, instanceGroups(x))),
    ...resources(m, 'AWS::EC2::LaunchTemplate').filter((x) =>
      uses(x, asArray(prop(x, 'LaunchTemplateData.SecurityGroupIds'))),
    ),
    ...resources(m, 'AWS::Lambda::Function').filter((x) => uses(x, asArray(prop(x, 'VpcConfig.SecurityGroupIds')))),
    ...resources(m, 'AWS::Serverless::Application').filter((x) =>
      JSON.stringify(propsOf(x).Parameters ?? {}).includes(sg.id),
    ),
  ];
}

/** Is a subnet isolated: no default route to an internet or NAT gateway? */
export function subnetIsolated(m: StageModel, subnet: Res): boolean {
  const assoc = referrers(m, 'AWS::EC2::SubnetRouteTableAssociation', 'SubnetId', subnet);
  const tables = assoc.map((a) => resolve(m, a.stack, propsOf(a).RouteTableId)).filter((t): t is Res => !!t);
  const routes = tables.flatMap((t) => referrers(m, 'AWS::EC2::Route', 'RouteTableId', t));
  return !routes.some(
    (r) => OPEN.includes(propsOf(r).DestinationCidrBlock) || OPEN.includes(propsOf(r).DestinationIpv6CidrBlock),
  );
}

/** The subnets of the cluster's DB subnet group. */
export function subnetsOf(m: StageModel, c: Res): Res[] {
  const group = resolve(m, c.stack, propsOf(c).DBSubnetGroupName);
  if (!group) return [];
  return asArray(propsOf(group).SubnetIds)
    .map((s) => resolve(m, group.stack, s))
    .filter((s): s is Res => s?.r.Type === 'AWS::EC2::Subnet');
}

/** Whether a port value of a rule is the cluster's port (a literal or a reference to its endpoint port). */
export function isClusterPort(m: StageModel, c: Res, value: unknown): boolean {
  // Aurora PostgreSQL listens on PostgreSQL's port unless the cluster sets another.
  const port = propsOf(c).Port ?? POSTGRES_PORT;
  if (value === port || value === String(port)) return true;
  return (
    sameRes(resolve(m, c.stack, value), c) ||
    (attributeOf(m, value) === 'Endpoint.Port' && !!resolve(m, c.stack, value))
  );
}

/** The cluster parameter group and its parameters (empty when none is declared). */
export function clusterParameters(m: StageModel, c: Res): { group: Res | undefined; params: JsonObject } {
  const group = resolve(m, c.stack, propsOf(c).DBClusterParameterGroupName);
  return { group, params: group ? obj(propsOf(group).Parameters) : {} };
}

/** The logical ID of the secret a cluster's MasterUserPassword resolves from (`{{resolve:...${Ref}...}}`). */
export const masterSecretId = (c: Res): string | undefined =>
  JSON.stringify(propsOf(c).MasterUserPassword ?? '').match(/"Ref":"([^"]+)"/)?.[1];

/** The secret resource a cluster's MasterUserPassword resolves from, in the cluster's template. */
export function masterSecret(c: Res): Res | undefined {
  const id = masterSecretId(c);
  const r = id === undefined ? undefined : c.stack.template.Resources?.[id];
  return id !== undefined && r ? { stack: c.stack, id, r } : undefined;
}
