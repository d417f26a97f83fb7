import type { Problems } from '../problems';
import type { StageConfig } from '../schema';

/**
 * Cross-field rules of `lifecycle` (OPS-3). A disposable stage is a test stage that `cdk destroy` removes: it is
 * refused where it would put real users' data at risk (a public stage), where the config asks for something that
 * outlives the teardown on purpose (a lock nobody can lift), and where a setting written out in the file would be
 * silently dropped (a compliance vault lock, the air-gapped copy, the key guard). The same settings left to their
 * defaults are not refused: a disposable stage has none of them, and the report says so.
 *
 * `raw` is the config as written (before defaults): with it, a setting written out in the file, which the operator
 * therefore meant, is told apart from a default and refused.
 */
export function checkLifecycle(c: Partial<StageConfig>, p: Problems, raw?: unknown): void {
  if (c.lifecycle !== 'disposable') return;
  if (c.exposure === 'public') {
    p.add(
      'lifecycle',
      c.lifecycle,
      'is for internal test stages only; a public stage serves real users, whose data must survive a stray ' +
        '`cdk destroy` (termination protection, retained keys and vaults, deletion protection)',
      'remove "lifecycle" (the default "durable") on a public stage, or set "exposure": "internal" for a test stage',
    );
  }
  if (c.detection?.trailObjectLockMode === 'COMPLIANCE') {
    p.add(
      'detection.trailObjectLockMode',
      c.detection.trailObjectLockMode,
      'locks every trail log file against everyone, the root user included, for detection.trailObjectLockDays ' +
        `(${c.detection.trailObjectLockDays}): the trail bucket of a disposable stage could not be emptied nor ` +
        'deleted until then',
      'use "GOVERNANCE" (the default: an administrator allowed s3:BypassGovernanceRetention can empty the bucket ' +
        'at teardown), or "lifecycle": "durable"',
    );
  }
  const backup = written(raw, 'backup');
  const lockMode = written(written(backup, 'lock'), 'mode');
  if (lockMode === 'compliance') {
    p.add(
      'backup.lock.mode',
      lockMode,
      'asks for a compliance-mode Vault Lock, which no one can lift once its cooling-off days end; a disposable ' +
        'stage locks no vault, so that its vaults can be emptied and deleted at teardown',
      'remove backup.lock.mode (or set "governance") on a disposable stage, or set "lifecycle": "durable"',
    );
  }
  const airGapped = written(backup, 'airGappedCopy');
  if (airGapped === true) {
    p.add(
      'backup.airGappedCopy',
      airGapped,
      'asks for a logically air-gapped vault, which AWS Backup locks in compliance mode: its recovery points ' +
        'could not be deleted before their retention ends; a disposable stage keeps no air-gapped copy',
      'remove backup.airGappedCopy (or set false) on a disposable stage, or set "lifecycle": "durable"',
    );
  }
  const keyGuard = written(raw, 'keyGuard');
  if (keyGuard !== undefined) {
    p.add(
      'keyGuard',
      keyGuard,
      'names who alone may delete the keys of the data (BKP-7), but a disposable stage guards no key: its keys are ' +
        'deleted with its stacks',
      'remove keyGuard on a disposable stage, or set "lifecycle": "durable"',
    );
  }
}

/** The value written at `key` of a raw JSON object, or undefined. */
function written(raw: unknown, key: string): unknown {
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>)[key] : undefined;
}
