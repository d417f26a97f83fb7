// PROOF-5: every data path of the stage, derived from its templates by category (path.ts lists them), so a new
// function, log group, topic, vault, key or role is covered without a new test.
import type { StageModel } from '../model/types';
import { Derivation, type EffectPath, foreignAccount } from './path';
import { application, foreignBackup, keyDeletion, operators, restoreValidator } from './paths-access';
import { backup, restore } from './paths-backup';
import { keyGuard } from './paths-keys';
import { deliveryLogs, functionLogs, logsKeys } from './paths-logs';
import { cloudTrail, fromForeignAccount, rds, topics } from './paths-services';

/** The paths of a stage: those that must work, then those that must stay closed. */
export function derivePaths(m: StageModel): EffectPath[] {
  const d = new Derivation(m);
  const services = [...logsKeys(d), ...cloudTrail(d), ...topics(d)];
  const foreign = foreignAccount(m);
  return [
    ...functionLogs(d),
    ...deliveryLogs(d),
    ...services,
    ...backup(d),
    ...restore(d),
    ...rds(d),
    ...application(d),
    ...restoreValidator(d),
    ...operators(d),
    ...keyDeletion(d),
    ...keyGuard(d),
    ...services.flatMap((p) => fromForeignAccount(d, p, foreign) ?? []),
    ...foreignBackup(d, foreign),
  ];
}
