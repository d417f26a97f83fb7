import { asArray, field, getPath } from '../model/json';
import { configNote, ev, propsOf, resources } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'DET-1';
const FEATURES = ['RDS_LOGIN_EVENTS', 'S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION'];

/** One enabled detector per region, with the protections on, through Features only. */
function checkDetectors(m: StageModel, v: Verdict, regions: readonly string[]): void {
  const detectors = resources(m, 'AWS::GuardDuty::Detector');
  if (m.config.guardDuty === 'existing') {
    v.need(
      detectors.length === 0,
      'guardDuty is "existing" but the stage declares a detector (deploy would fail: one detector per region)',
    );
    return;
  }
  for (const region of regions) {
    const here = detectors.filter((d) => d.stack.region === region);
    if (!v.need(here.length === 1, `${here.length} GuardDuty detectors in ${region}`)) continue;
    const d = here[0];
    const features = asArray(propsOf(d).Features);
    v.add(
      ev(d, 'Enable'),
      ev(
        d,
        'Features',
        features.map((f) => `${field(f, 'Name')}=${field(f, 'Status')}`),
      ),
    );
    v.need(propsOf(d).Enable === true, `detector in ${region} is not enabled`);
    v.need(propsOf(d).DataSources === undefined, `detector in ${region} mixes legacy DataSources with Features`);
    for (const f of FEATURES)
      v.need(
        features.some((x) => field(x, 'Name') === f && field(x, 'Status') === 'ENABLED'),
        `detector in ${region} lacks ${f}`,
      );
  }
}

export const det1: Claim = {
  id: ID,
  promise: 'detect abnormal database connections',
  declared:
    'GuardDuty with RDS login activity protection (plus S3 and malware protection); works whether or not the ' +
    'account already has a detector (config switch)',
  check: (m) => {
    const v = new Verdict(ID);
    v.add(configNote('guardDuty', 'guardDuty', m.config.guardDuty));
    const regions = [m.config.primaryRegion, m.config.backupRegion];
    checkDetectors(m, v, regions);
    // Findings must be routed wherever detection runs.
    for (const region of regions) {
      v.need(
        resources(m, 'AWS::Events::Rule').some(
          (r) =>
            r.stack.region === region && asArray(getPath(propsOf(r), 'EventPattern.source')).includes('aws.guardduty'),
        ),
        `GuardDuty findings of ${region} are not routed to the team`,
      );
    }
    return v.done(
      m.config.guardDuty === 'create'
        ? 'GuardDuty with RDS login activity, S3 data event and EBS malware protection in ' +
            `${regions.join(' and ')}; findings routed to the team.`
        : "The account's existing GuardDuty detectors are used (guardDuty: existing); the stage only routes " +
            `their findings in ${regions.join(' and ')}.`,
    );
  },
  page: [
    {
      section: 'detection',
      status: [ID, 'DET-2', 'DET-3'],
      text: () =>
        'Amazon GuardDuty watches for abnormal database logins, suspicious storage access and malware; AWS WAF ' +
        'blocks SQL injection on every public entry, with an alarm on attempts; findings and alarms reach our ' +
        'security team immediately by email.',
    },
  ],
};
