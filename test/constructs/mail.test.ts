// Construct tests of lib/constructs/mail/, one describe per construct, each test on a fresh stack.
// One file per concern: jest loads aws-cdk-lib once per test file, about half a second of every file.

import { Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { UnsubscribeList } from '../../lib/constructs/mail/contact-list';
import { MailDomain, type MailDomainProps } from '../../lib/constructs/mail/mail-domain';
import { SendingGuard, type SendingGuardProps } from '../../lib/constructs/mail/sending-guard';
import { mailRecordProblems } from '../../lib/core/dns-records';
import { TEST_ENV, testStack } from '../helpers';
import { recordsByKey, renderedRecords, sampleToken } from './mail/render';

describe('ContactList', () => {
  describe('MAIL-2 UnsubscribeList', () => {
    test('defaults: the booking-notifications (opt-in) and club-news (opt-out) topics', () => {
      const stack = testStack();
      new UnsubscribeList(stack, 'Unsubscribe');
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::SES::ContactList', 1);
      template.hasResourceProperties('AWS::SES::ContactList', {
        Topics: [
          {
            TopicName: 'booking-notifications',
            DisplayName: 'Booking confirmations and reminders',
            DefaultSubscriptionStatus: 'OPT_IN',
          },
          { TopicName: 'club-news', DisplayName: 'News from your club', DefaultSubscriptionStatus: 'OPT_OUT' },
        ],
      });
    });

    test('given topics, a topic without a default subscription is opt-in', () => {
      const stack = testStack();
      new UnsubscribeList(stack, 'Unsubscribe', { topics: [{ name: 'alerts', displayName: 'Alerts' }] });
      Template.fromStack(stack).hasResourceProperties('AWS::SES::ContactList', {
        Topics: [{ TopicName: 'alerts', DisplayName: 'Alerts', DefaultSubscriptionStatus: 'OPT_IN' }],
      });
    });

    test('a list without topics is refused', () => {
      expect(() => new UnsubscribeList(testStack(), 'Unsubscribe', { topics: [] })).toThrow(
        /Test\/Unsubscribe: a contact list needs at least one topic/,
      );
    });
  });
});

describe('MailDomain', () => {
  const REGION = TEST_ENV.region;

  /** GIVEN a fresh stack with a zone and a configuration set, WHEN a MailDomain is added with `props`. */
  function mailDomain(props: Partial<MailDomainProps> = {}) {
    const stack = testStack();
    const domain = props.domain ?? 'example.org';
    const mail = new MailDomain(stack, 'Domain', {
      domain,
      zone: new route53.PublicHostedZone(stack, 'Zone', { zoneName: domain }),
      configurationSet: new ses.ConfigurationSet(stack, 'Set'),
      ...props,
    });
    return { mail, template: Template.fromStack(stack) };
  }

  describe('MAIL-1 MailDomain defaults', () => {
    test('MAIL FROM "mail", SPF -all, strict DKIM alignment, reports to dmarc-reports@<domain>', () => {
      const { mail, template } = mailDomain();
      const records = recordsByKey(template, REGION);
      expect(mail.mailFromDomain).toBe('mail.example.org');
      expect(records['MX mail.example.org.']).toEqual([`10 feedback-smtp.${REGION}.amazonses.com`]);
      expect(records['TXT mail.example.org.']).toEqual(['"v=spf1 include:amazonses.com -all"']);
      expect(records['TXT _dmarc.example.org.']).toEqual([
        '"v=DMARC1; p=quarantine; sp=quarantine; adkim=s; aspf=r; pct=100; rua=mailto:dmarc-reports@example.org; fo=1"',
      ]);
    });

    test('identity, three DKIM CNAMEs, MX, SPF and DMARC, every one passing the validator', () => {
      const { template } = mailDomain();
      template.resourceCountIs('AWS::SES::EmailIdentity', 1);
      const records = renderedRecords(template, REGION);
      expect(records.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
        [
          ...[1, 2, 3].map((n) => `CNAME ${sampleToken(n)}._domainkey.example.org.`),
          'MX mail.example.org.',
          'TXT _dmarc.example.org.',
          'TXT mail.example.org.',
        ].sort(),
      );
      expect(records.flatMap((r) => mailRecordProblems(r, { domains: ['example.org'], region: REGION }))).toEqual([]);
    });
  });

  describe('MAIL-1 config variants', () => {
    test('spfAll "~all" writes a soft-fail SPF record', () => {
      const { template } = mailDomain({ domain: 'example.com', spfAll: '~all' });
      expect(recordsByKey(template, REGION)['TXT mail.example.com.']).toEqual(['"v=spf1 include:amazonses.com ~all"']);
    });

    test('a custom MAIL FROM label and relaxed DKIM alignment', () => {
      const { template } = mailDomain({ mailFromSubdomain: 'bounce', dkimAlignment: 'r' });
      const records = recordsByKey(template, REGION);
      expect(records['MX bounce.example.org.']).toEqual([`10 feedback-smtp.${REGION}.amazonses.com`]);
      expect(records['TXT _dmarc.example.org.'][0]).toContain('adkim=r; aspf=r;');
    });

    test('a DNS value that fails the validator stops synth', () => {
      expect(() => mailDomain({ dmarcReportEmail: 'not an address' })).toThrow(
        /DMARC: rua: "mailto:not an address" is not mailto/,
      );
    });
  });

  describe('MAIL-1 DMARC report authorization (RFC 7489 section 7.1)', () => {
    test('a report domain outside the organizational domain gets a v=DMARC1 record in its zone', () => {
      const stack = testStack();
      const reportZone = new route53.PublicHostedZone(stack, 'ReportZone', { zoneName: 'example.com' });
      const domain = new MailDomain(stack, 'Domain', {
        domain: 'example.org',
        zone: new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.org' }),
        configurationSet: new ses.ConfigurationSet(stack, 'Set'),
        dmarcReportEmail: 'dmarc-reports@example.com',
      });
      domain.authorizeReportsIn(reportZone, 'example.com');
      const template = Template.fromStack(stack);
      expect(recordsByKey(template, REGION)['TXT example.org._report._dmarc.example.com.']).toEqual(['"v=DMARC1"']);
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'example.org._report._dmarc.example.com.',
        HostedZoneId: { Ref: stack.getLogicalId(reportZone.node.defaultChild as route53.CfnHostedZone) },
      });
    });

    test.each(['example.org', 'reports.example.org'])('reports to %s need no authorization', (reportDomain) => {
      const stack = testStack();
      const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.org' });
      const domain = new MailDomain(stack, 'Domain', {
        domain: 'example.org',
        zone,
        configurationSet: new ses.ConfigurationSet(stack, 'Set'),
      });
      domain.authorizeReportsIn(zone, reportDomain);
      const names = Object.keys(recordsByKey(Template.fromStack(stack), REGION));
      expect(names.filter((k) => k.includes('_report._dmarc'))).toEqual([]);
    });
  });
});

describe('SendingGuard', () => {
  /** GIVEN a fresh stack with a topic, WHEN a SendingGuard is added with `props`. */
  function sendingGuard(props: Partial<SendingGuardProps> = {}) {
    const stack = testStack();
    const alertTopic = new sns.Topic(stack, 'Alerts');
    const guard = new SendingGuard(stack, 'Sending', { alertTopic, ...props });
    return {
      guard,
      topicId: stack.getLogicalId(alertTopic.node.defaultChild as sns.CfnTopic),
      t: Template.fromStack(stack),
    };
  }

  describe('MAIL-3 SendingGuard', () => {
    test('a configuration set with TLS required, its problem events to the topic through the default bus', () => {
      const { t, topicId } = sendingGuard();
      t.resourceCountIs('AWS::SES::ConfigurationSet', 1);
      t.hasResourceProperties('AWS::SES::ConfigurationSet', { DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
      t.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
        EventDestination: Match.objectLike({
          EventBridgeDestination: { EventBusArn: 'arn:aws:events:eu-west-3:111122223333:event-bus/default' },
        }),
      });
      t.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: { Ref: topicId } })] });
    });

    test('default thresholds: bounce rate 0.04, complaint rate 0.0008, 5000 emails an hour, each alarming the topic', () => {
      const { t, topicId, guard } = sendingGuard();
      expect(guard.alarms).toHaveLength(3);
      for (const [metric, threshold] of [
        ['Reputation.BounceRate', 0.04],
        ['Reputation.ComplaintRate', 0.0008],
        ['Send', 5000],
      ] as const) {
        t.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: metric,
          Threshold: threshold,
          AlarmActions: [{ Ref: topicId }],
        });
      }
    });

    test('thresholds come from props', () => {
      const { t } = sendingGuard({ bounceRateAlarm: 0.02, complaintRateAlarm: 0.0005, hourlySendAlarm: 100 });
      t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.BounceRate', Threshold: 0.02 });
      t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.ComplaintRate', Threshold: 0.0005 });
      t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Send', Threshold: 100 });
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Reputation.BounceRate',
        AlarmDescription: Match.stringLikeRegexp('^SES bounce rate above 2 %'),
      });
    });
  });
});
