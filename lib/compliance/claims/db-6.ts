import { clusters, instancesOf, noCluster, subnetsOf } from '../model/database';
import { ev, propsOf, text } from '../model/query';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'DB-6';

/** Policies that keep the data when CloudFormation deletes or replaces the cluster. */
const KEEPS_DATA = ['Snapshot', 'Retain'];

export const db6: Claim = {
  id: ID,
  promise: '(implied) the database survives the loss of a zone',
  declared:
    'a writer and a reader in different AZs; deletion protection on; removal policy that keeps data (RETAIN or ' +
    'SNAPSHOT)',
  check: (m) => {
    const cs = clusters(m);
    if (!cs.length) return noCluster(ID);
    const v = new Verdict(ID);
    for (const c of cs) {
      v.add(
        ev(c, 'DeletionProtection'),
        ev(c, 'DeletionPolicy', c.r.DeletionPolicy),
        ev(c, 'UpdateReplacePolicy', c.r.UpdateReplacePolicy),
      );
      v.need(propsOf(c).DeletionProtection === true, `${c.id}: deletion protection is off`);
      v.need(
        KEEPS_DATA.includes(c.r.DeletionPolicy ?? ''),
        `${c.id}: DeletionPolicy ${c.r.DeletionPolicy ?? '(Delete)'} loses data`,
      );
      v.need(
        KEEPS_DATA.includes(c.r.UpdateReplacePolicy ?? ''),
        `${c.id}: UpdateReplacePolicy ${c.r.UpdateReplacePolicy ?? '(Delete)'} loses data`,
      );
      const insts = instancesOf(m, c);
      for (const i of insts) v.add(ev(i, 'DBInstanceClass'), ev(i, 'PromotionTier'), ev(i, 'AvailabilityZone'));
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
      'A writer and a reader that Aurora places in different zones of a multi-zone subnet group; deletion ' +
        'protection on; the cluster is snapshotted, never deleted, with its stack.',
    );
  },
  page: [
    {
      section: 'database',
      text: () =>
        '**Resilience.** The database runs in two data centres (availability zones) at once and cannot be ' +
        'deleted by mistake.',
    },
  ],
};
