// What the stage's own settings do to a claim's verdict (OPS-2, OPS-3, OPS-5): a waiver of the config, a disposable
// lifecycle, or a cluster restored outside the stack. The checkers read the templates only; this layer reads the
// config and says what their verdict means for the stage.
import type { ClaimResult, StageModel } from './types';

/**
 * Claims whose checker reads the stack's own cluster (or what selects it), so that nothing they prove holds for a
 * cluster restored outside the stack (database.restoredCluster): DB-1..DB-6 (the cluster, its firewall, IAM users,
 * keys, audit log, zones and deletion protection), BKP-2 (the backup selection names the stack cluster), BKP-5 (the
 * restore tests select it), BKP-7 (its air-gapped copies are of that selection), ORG-4 (rotation of its master
 * secret), ORG-5 (its minor upgrades and maintenance window) and PROOF-5 (the application's path to its database
 * user on the stack's cluster is closed on purpose once the app follows the restored one). The other BKP claims read the vaults, keys, rules
 * and runbook, which serve any selected cluster.
 */
export const STACK_CLUSTER_CLAIMS: readonly string[] = [
  'DB-1',
  'DB-2',
  'DB-3',
  'DB-4',
  'DB-5',
  'DB-6',
  'BKP-2',
  'BKP-5',
  'BKP-7',
  'ORG-4',
  'ORG-5',
  'PROOF-5',
];

/**
 * What a disposable stage (lifecycle "disposable", internal only, OPS-3) gives up on purpose, by claim: a failing
 * verdict of these claims is its choice, shown as not kept for this reason. Any other failing claim still fails.
 */
export const DISPOSABLE_DROPS: Readonly<Record<string, string>> = {
  'DB-6': 'no deletion protection, the cluster is deleted with the stack',
  'BKP-6': 'no vault lock, so nothing but the rules enforces destruction at 90 days',
  'BKP-7': 'no air-gapped copy and no key guard',
  'ORG-7': 'the image repository is deleted with the stack',
};

const RESTORE_RUNBOOK = 'docs/runbooks/restore.md';

/** The verdict of one claim for this stage, from the checker's verdict and the stage's settings. */
export function stageStatus(m: StageModel, r: ClaimResult): ClaimResult {
  const restored = m.config.database?.restoredCluster;
  if (restored && STACK_CLUSTER_CLAIMS.includes(r.id))
    return {
      ...r,
      status: 'not-verified',
      why:
        `the application uses cluster ${restored.identifier}, restored outside the stack; bring it back under the ` +
        `stack (${RESTORE_RUNBOOK})`,
    };
  if (r.status !== 'partly' && r.status !== 'not-kept') return r;
  const waiver = m.config.waivers?.find((w) => w.claim === r.id);
  if (waiver) return { ...r, waived: `waived: ${waiver.reason}` };
  const dropped = m.config.lifecycle === 'disposable' ? DISPOSABLE_DROPS[r.id] : undefined;
  if (dropped) return { ...r, waived: `disposable stage: ${dropped}` };
  return r;
}

/** Claims that fail the compliance check: partly or not kept without a waiver, or not verified. */
export function failing(results: readonly ClaimResult[]): ClaimResult[] {
  return results.filter(
    (r) => r.status === 'not-verified' || ((r.status === 'partly' || r.status === 'not-kept') && !r.waived),
  );
}
