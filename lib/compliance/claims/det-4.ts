import { ev, note, propsOf, resources, text } from '../model/query';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'DET-4';

export const det4: Claim = {
  id: ID,
  promise: '(implied) an audit trail for breach notification',
  declared: 'CloudTrail (log file validation, KMS), VPC flow logs, log retention set',
  check: (m) => {
    const v = new Verdict(ID);
    const trails = resources(m, 'AWS::CloudTrail::Trail');
    v.need(trails.length > 0, 'no CloudTrail trail');
    for (const t of trails) {
      v.add(
        ev(t, 'EnableLogFileValidation'),
        ev(t, 'IsMultiRegionTrail'),
        ev(t, 'KMSKeyId', text(propsOf(t).KMSKeyId)),
        ev(t, 'IsLogging'),
      );
      v.need(propsOf(t).EnableLogFileValidation === true, `trail ${t.id}: no log file validation`);
      v.need(propsOf(t).IsMultiRegionTrail === true, `trail ${t.id} is not multi-region`);
      v.need(propsOf(t).KMSKeyId !== undefined, `trail ${t.id} is not KMS-encrypted`);
    }
    const flows = resources(m, 'AWS::EC2::FlowLog');
    for (const f of flows) v.add(ev(f, 'TrafficType'));
    v.need(
      flows.some((f) => propsOf(f).TrafficType === 'ALL'),
      'no VPC flow log of all traffic',
    );
    const groups = resources(m, 'AWS::Logs::LogGroup');
    for (const g of groups)
      v.need(typeof propsOf(g).RetentionInDays === 'number', `log group ${g.stack.name}/${g.id} has no retention`);
    v.add(note('(all)', 'AWS::Logs::LogGroup', 'count', 'log groups with RetentionInDays', groups.length));
    return v.done(
      'A multi-region CloudTrail with log file validation and KMS encryption, VPC flow logs of all traffic, and ' +
        'an explicit retention on every log group.',
    );
  },
  page: [
    {
      section: 'detection',
      text: () =>
        'An audit trail (AWS CloudTrail with tamper-evident log files, network flow logs) supports breach ' +
        "investigation and the GDPR's 72-hour notification.",
    },
  ],
};
