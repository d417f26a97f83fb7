import { clusters, instancesOf, noCluster } from '../model/database';
import { asArray, field } from '../model/json';
import { ev, propsOf, resources } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'ORG-5';
const OUTDATED_RUNTIME = /^(nodejs(1\d|[0-9])\.x|python3\.[0-8]$|python2|java8$|dotnetcore|ruby2)/;

/** The app tier runs on Fargate's latest platform; functions on supported runtimes. */
function checkRuntimes(m: StageModel, v: Verdict): void {
  for (const s of resources(m, 'AWS::ECS::Service')) {
    const p = propsOf(s);
    const fargate =
      p.LaunchType === 'FARGATE' ||
      asArray(p.CapacityProviderStrategy).some((x) => /FARGATE/.test(String(field(x, 'CapacityProvider'))));
    v.add(ev(s, 'LaunchType'), ev(s, 'PlatformVersion', p.PlatformVersion ?? 'LATEST (default)'));
    v.need(fargate, `${s.id} is not on Fargate (a patched managed runtime)`);
    v.need(
      p.PlatformVersion === undefined || p.PlatformVersion === 'LATEST',
      `${s.id} pins Fargate platform ${String(p.PlatformVersion)}`,
    );
  }
  for (const f of resources(m, 'AWS::Lambda::Function')) {
    const rt = String(propsOf(f).Runtime ?? '');
    if (!rt) continue;
    v.add(ev(f, 'Runtime'));
    v.need(!OUTDATED_RUNTIME.test(rt), `${f.id} runs the outdated runtime ${rt}`);
  }
}

export const org5: Claim = {
  id: ID,
  promise: 'systems patched regularly',
  declared:
    'automatic minor version upgrades and a maintenance window on the database; patched managed runtimes for the ' +
    'app tier',
  check: (m) => {
    const cs = clusters(m);
    if (!cs.length) return noCluster(ID);
    const v = new Verdict(ID);
    const window = m.config.database.maintenanceWindow;
    for (const c of cs) {
      v.add(ev(c, 'PreferredMaintenanceWindow'), ev(c, 'PreferredBackupWindow'));
      v.need(!!propsOf(c).PreferredMaintenanceWindow, `${c.id}: no maintenance window`);
      v.want(
        propsOf(c).PreferredMaintenanceWindow === window,
        `${c.id}: maintenance window is not the configured ${window}`,
      );
      for (const i of instancesOf(m, c)) {
        v.add(ev(i, 'AutoMinorVersionUpgrade'));
        v.need(propsOf(i).AutoMinorVersionUpgrade !== false, `${i.id}: automatic minor version upgrades are off`);
      }
    }
    checkRuntimes(m, v);
    return v.done(
      `Automatic minor version upgrades on every DB instance, maintenance window ${window}; the app tier runs on ` +
        "Fargate's patched platform and functions on supported runtimes.",
    );
  },
};
