// BKP-6 evidence on the real example stages: the steady-state snapshot count the report states is the one
// the synth-time quota guard computes (lib/core/backup-schedule.ts), counted from the plan's own schedules.
import { claim } from '../../lib/compliance/claims';
import { frequentHours, steadyStateSnapshots } from '../../lib/core/backup-schedule';
import { realStageModel } from './real-stage-model';

describe.each(['example.json', 'example-internal.json'])('BKP-6 snapshot count of %s', (file) => {
  const m = realStageModel(file);
  const b = m.config.backup;
  const synthTime = steadyStateSnapshots(b, frequentHours(b, m.config.database).length);

  test('the report states the count the synth-time guard computes', () => {
    const r = claim('BKP-6').check(m);
    const counted = r.evidence.find((e) => e.property === `primary / ${m.config.backupRegion} / quota`);
    expect(counted?.value).toBe(`${synthTime.primary} / ${synthTime.backupRegion} / ${b.snapshotQuota}`);
    expect(r.why).toContain(`${Math.max(synthTime.primary, synthTime.backupRegion)} snapshots per region`);
  });
});

test('BKP-6 BKP-7 the example plan holds 96 snapshots in the primary region (5 frequent x 1 d + 90 daily + 1 reserved for the air-gapped copy), not 93', () => {
  const r = claim('BKP-6').check(realStageModel('example.json'));
  expect(r.why).toContain('96 snapshots per region at steady state, within the quota of 100');
});
