import { clusters, masterSecretId, noCluster } from '../model/database';
import { field, num, obj } from '../model/json';
import { ev, prop, propsOf, type Res, resolve, resources, sameRes, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'ORG-4';

/** Whether a rotation schedule rotates the master secret of a cluster. */
function rotatesMaster(m: StageModel, s: Res, c: Res): boolean {
  const ref = masterSecretId(c);
  const target = resolve(m, s.stack, propsOf(s).SecretId);
  if (target && target.id === ref && target.stack.name === c.stack.name) return true;
  if (target?.r.Type === 'AWS::SecretsManager::SecretTargetAttachment')
    return resolve(m, target.stack, propsOf(target).SecretId)?.id === ref;
  return sameRes(target, c); // RDS-managed master secret: GetAtt Cluster.MasterUserSecret.SecretArn
}

/** Days between rotations of a schedule (`AutomaticallyAfterDays` or `rate(N days)`). */
function rotationDays(rules: unknown): number {
  const after = num(field(rules, 'AutomaticallyAfterDays'));
  const expr = field(rules, 'ScheduleExpression');
  return after ?? Number(/^rate\((\d+) days?\)$/.exec(typeof expr === 'string' ? expr : '')?.[1]);
}

/** A rotation function in the VPC reaches Secrets Manager (an RDS-managed secret rotates without one). */
function checkReachability(m: StageModel, v: Verdict, schedules: readonly Res[]): void {
  const rotationFns = schedules
    .map((s) => resolve(m, s.stack, propsOf(s).RotationLambdaARN))
    .filter((f): f is Res => !!f && !!propsOf(f).VpcConfig);
  const apps = resources(m, 'AWS::Serverless::Application');
  const inVpc =
    rotationFns.length > 0 || schedules.some((s) => !!prop(s, 'HostedRotationLambda.VpcSubnetIds')) || apps.length > 0;
  if (!inVpc) return;
  const eps = resources(m, 'AWS::EC2::VPCEndpoint').filter((e) => /secretsmanager/.test(text(propsOf(e).ServiceName)));
  for (const e of eps) v.add(ev(e, 'ServiceName', text(propsOf(e).ServiceName)));
  const privateSubnets = apps.some((a) => /Private/.test(text(prop(a, 'Parameters.vpcSubnetIds'))));
  v.want(
    eps.length > 0 || privateSubnets,
    'the rotation function runs in the VPC but no Secrets Manager interface endpoint is declared (isolated ' +
      'subnets cannot reach the API)',
  );
}

export const org4: Claim = {
  id: ID,
  promise: 'passwords changed every 60 days',
  declared: 'Secrets Manager rotation every 60 days on database credentials',
  check: (m) => {
    const cs = clusters(m);
    if (!cs.length) return noCluster(ID);
    const v = new Verdict(ID);
    const days = m.config.database.rotationDays;
    const schedules = resources(m, 'AWS::SecretsManager::RotationSchedule');
    for (const c of cs) {
      const mine = schedules.filter((s) => rotatesMaster(m, s, c));
      if (!v.need(mine.length > 0, `no RotationSchedule rotates the master secret of ${c.id}`)) continue;
      for (const s of mine) {
        const rules = obj(propsOf(s).RotationRules);
        const every = rotationDays(rules);
        v.add(ev(s, 'RotationRules', rules));
        v.need(
          Number.isFinite(every) && every <= 60 && every === days,
          `rotation of ${c.id} every ${every} days, not the configured ${days} (at most 60)`,
        );
        const fn = propsOf(s).RotationLambdaARN ?? propsOf(s).HostedRotationLambda;
        v.add(ev(s, 'rotation function', text(fn) || 'RDS-managed'));
      }
    }
    checkReachability(m, v, schedules);
    return v.done(`The master credential rotates every ${days} days.`);
  },
  page: [
    {
      section: 'organisation',
      status: [ID, 'ORG-5'],
      text: ({ config: c }) =>
        `Database passwords change automatically every ${c.database.rotationDays} days; databases receive minor ` +
        'version security patches automatically in a weekly maintenance window; the application runs on AWS ' +
        'Fargate, which AWS patches.',
    },
  ],
};
