// MailStack on a fresh app (not a stage): the config variants the example stages do not show.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { APP_PROPS } from '../../lib/app/add-stage';
import type { StageConfig } from '../../lib/config/schema';
import { EDGE_REGION } from '../../lib/defaults/constants';
import { MailStack } from '../../lib/stacks/mail-stack';
import { recordsByKey } from '../constructs/mail/render';
import { cdkContext, TEST_ENV, testConfig } from '../helpers';

/**
 * GIVEN the example stage's domains (example.com, example.org) with the mail section `mail`, their zones in a
 * DNS stack (but those of `withoutZone`) and an alert topic, WHEN a MailStack is added.
 */
function mailStack(mail: Partial<StageConfig['mail']> = {}, withoutZone: readonly string[] = []): MailStack {
  const config = testConfig({ mail: mail as never });
  const app = new App({ ...APP_PROPS, context: cdkContext() });
  const dns = new Stack(app, 'Dns', { env: { ...TEST_ENV, region: EDGE_REGION } });
  const zones: Record<string, route53.IHostedZone> = {};
  for (const { name } of config.domains.filter((d) => !withoutZone.includes(d.name)))
    zones[name] = new route53.PublicHostedZone(dns, `Zone-${name}`, { zoneName: name });
  const network = new Stack(app, 'Network', { env: TEST_ENV });
  const alertTopic = new sns.Topic(network, 'Alerts');
  return new MailStack(app, 'Mail', { env: TEST_ENV, config, zones, alertTopic });
}

describe('MAIL-1 MailStack', () => {
  test('the DMARC report address defaults to dmarc-reports@<first domain>', () => {
    expect(mailStack().dmarcReportEmail).toBe('dmarc-reports@example.com');
  });

  test('a report address outside every configured domain gets no authorization record here (docs/mail.md says who adds it)', () => {
    const records = recordsByKey(
      Template.fromStack(mailStack({ dmarcReportEmail: 'dmarc@reports.example.net' })),
      TEST_ENV.region,
    );
    expect(Object.keys(records).filter((k) => k.includes('_report._dmarc'))).toEqual([]);
    expect(records['TXT _dmarc.example.com.'][0]).toContain('rua=mailto:dmarc@reports.example.net;');
  });

  test('the mail section reaches every domain: a custom MAIL FROM label and relaxed DKIM alignment', () => {
    const stack = mailStack({ mailFromSubdomain: 'bounce', dkimAlignment: 'r', spfAll: '~all' });
    const records = recordsByKey(Template.fromStack(stack), TEST_ENV.region);
    for (const d of ['example.com', 'example.org']) {
      expect(records[`TXT bounce.${d}.`]).toEqual(['"v=spf1 include:amazonses.com ~all"']);
      expect(records[`TXT _dmarc.${d}.`][0]).toContain('adkim=r; aspf=r;');
    }
  });

  test('a domain without a hosted zone is a synth error, not a silent unverified identity', () => {
    expect(() => mailStack({}, ['example.org'])).toThrow(
      /No hosted zone for mail domain example.org: its identity would never verify/,
    );
  });
});

describe('MAIL-2 MailStack', () => {
  test('contactList "none" leaves the account list to another stack', () => {
    const mail = mailStack({ contactList: 'none' });
    Template.fromStack(mail).resourceCountIs('AWS::SES::ContactList', 0);
    expect(mail.contactList).toBeUndefined();
  });
});

describe('MAIL-3 MailStack', () => {
  test('thresholds come from config', () => {
    const m = Template.fromStack(
      mailStack({ bounceRateAlarm: 0.02, complaintRateAlarm: 0.0005, hourlySendAlarm: 100 }),
    );
    m.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.BounceRate', Threshold: 0.02 });
    m.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.ComplaintRate', Threshold: 0.0005 });
    m.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Send', Threshold: 100 });
  });
});
