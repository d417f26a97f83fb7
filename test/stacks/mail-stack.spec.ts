import { Match, Template } from 'aws-cdk-lib/assertions';
import { mailRecordProblems } from '../../lib/core/dns-records';
import { mailFixture } from '../constructs/mail/fixture';
import { renderedRecords, sampleToken } from '../constructs/mail/render';
import { buildTestStage, logicalIds, nagFindings, normalizedTemplate, templateOf, testConfig } from '../helpers';

const REGION = 'eu-west-3';
const { stage } = buildTestStage();
const t = templateOf(stage.mail);
const internal = buildTestStage({}, 'example-internal.json').stage;
const ti = templateOf(internal.mail);

/** Logical id of the identity of `domain`. */
function identityId(template: Template, domain: string): string {
  const [id] = Object.keys(
    template.findResources('AWS::SES::EmailIdentity', { Properties: { EmailIdentity: domain } }),
  );
  return id;
}

/** Rendered records of a template, by "TYPE name". */
function recordsByKey(template: Template) {
  return Object.fromEntries(renderedRecords(template, REGION).map((r) => [`${r.type} ${r.name}`, r.values]));
}

/** The zone reference of a record: the DNS stack's output for `domain`'s zone. */
function zoneRefOf(template: Template, name: string): unknown {
  const [r] = Object.values(template.findResources('AWS::Route53::RecordSet', { Properties: { Name: name } }));
  return r.Properties.HostedZoneId;
}

describe('MAIL-1 SES identities with Easy DKIM 2048 and a custom MAIL FROM', () => {
  test.each(['example.com', 'example.org'])(
    '%s: identity, DKIM 2048 signing, MAIL FROM that rejects without its MX, default configuration set',
    (domain) => {
      t.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: domain,
        DkimAttributes: { SigningEnabled: true },
        DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
        MailFromAttributes: { MailFromDomain: `mail.${domain}`, BehaviorOnMxFailure: 'REJECT_MESSAGE' },
        ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.stringLikeRegexp('ConfigurationSet') } },
      });
    },
  );

  test('one identity per configured domain, nothing else', () => {
    const identities = Object.values(t.findResources('AWS::SES::EmailIdentity')).map((r) => r.Properties.EmailIdentity);
    expect(identities.sort()).toEqual(['example.com', 'example.org']);
  });

  test.each(['example.com', 'example.org'])(
    '%s: three DKIM CNAMEs named by the identity, never with the zone appended again',
    (domain) => {
      const id = identityId(t, domain);
      for (const n of [1, 2, 3]) {
        t.hasResourceProperties('AWS::Route53::RecordSet', {
          Type: 'CNAME',
          Name: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, `DkimDNSTokenName${n}`] }, '.']] },
          ResourceRecords: [{ 'Fn::GetAtt': [id, `DkimDNSTokenValue${n}`] }],
          TTL: '1800',
        });
      }
      const records = recordsByKey(t);
      for (const n of [1, 2, 3]) {
        expect(records[`CNAME ${sampleToken(n)}._domainkey.${domain}.`]).toEqual([
          `${sampleToken(n)}.dkim.amazonses.com`,
        ]);
      }
    },
  );

  test.each(['example.com', 'example.org'])(
    '%s: MAIL FROM MX to the regional SES feedback endpoint and SPF -all',
    (domain) => {
      const records = recordsByKey(t);
      expect(records[`MX mail.${domain}.`]).toEqual([`10 feedback-smtp.${REGION}.amazonses.com`]);
      expect(records[`TXT mail.${domain}.`]).toEqual(['"v=spf1 include:amazonses.com -all"']);
    },
  );

  test.each(['example.com', 'example.org'])(
    '%s: DMARC quarantine, strict DKIM and relaxed SPF alignment, aggregate reports',
    (domain) => {
      expect(recordsByKey(t)[`TXT _dmarc.${domain}.`]).toEqual([
        '"v=DMARC1; p=quarantine; sp=quarantine; adkim=s; aspf=r; pct=100; rua=mailto:dmarc-reports@example.com; fo=1"',
      ]);
    },
  );

  test('example.com authorizes the DMARC reports of example.org (RFC 7489 section 7.1), in its own zone', () => {
    expect(recordsByKey(t)['TXT example.org._report._dmarc.example.com.']).toEqual(['"v=DMARC1"']);
    expect(zoneRefOf(t, 'example.org._report._dmarc.example.com.')).toEqual(zoneRefOf(t, '_dmarc.example.com.'));
    expect(zoneRefOf(t, '_dmarc.example.org.')).not.toEqual(zoneRefOf(t, '_dmarc.example.com.'));
  });

  test('the records go into the DNS stack zones, by weak reference', () => {
    for (const name of ['_dmarc.example.com.', '_dmarc.example.org.']) {
      expect(zoneRefOf(t, name)).toEqual({
        'Fn::GetStackOutput': expect.objectContaining({ StackName: 'prod-Dns', Region: 'us-east-1' }),
      });
    }
  });

  test('exactly these records are written: 3 DKIM + MX + SPF + DMARC per domain, one report authorization', () => {
    expect(Object.keys(recordsByKey(t)).sort()).toEqual(
      [
        ...['example.com', 'example.org'].flatMap((d) => [
          ...[1, 2, 3].map((n) => `CNAME ${sampleToken(n)}._domainkey.${d}.`),
          `MX mail.${d}.`,
          `TXT mail.${d}.`,
          `TXT _dmarc.${d}.`,
        ]),
        'TXT example.org._report._dmarc.example.com.',
      ].sort(),
    );
  });
});

describe('MAIL-1 every DNS value the stack writes passes the validator', () => {
  test.each([
    ['example.json', t, ['example.com', 'example.org']],
    ['example-internal.json', ti, ['test.example.net']],
  ] as const)('%s', (_file, template, domains) => {
    const records = renderedRecords(template, REGION);
    expect(records.length).toBeGreaterThan(0);
    expect(records.flatMap((r) => mailRecordProblems(r, { domains, region: REGION }))).toEqual([]);
  });

  test('a separator in the report address is refused before any template is built', () => {
    expect(() => testConfig({ mail: { dmarcReportEmail: 'dmarc;reports@example.com' } as never })).toThrow(
      /mail.dmarcReportEmail: must not contain/,
    );
  });

  test('a DNS value that fails the validator stops synth', () => {
    expect(() => mailFixture(testConfig(), { mailOverrides: { dmarcReportEmail: 'not an address' } })).toThrow(
      /DMARC: rua: "mailto:not an address" is not mailto/,
    );
  });
});

describe('MAIL-1 internal stage: verifiable identity in the imported zone, no public entry (ORG-2)', () => {
  test('the identity of test.example.net is DKIM-signed with its MAIL FROM', () => {
    ti.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'test.example.net',
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: 'mail.test.example.net', BehaviorOnMxFailure: 'REJECT_MESSAGE' },
    });
  });

  test('its records go into the imported zone by id, DMARC reports to its own domain', () => {
    const records = recordsByKey(ti);
    expect(Object.keys(records).sort()).toEqual(
      [
        ...[1, 2, 3].map((n) => `CNAME ${sampleToken(n)}._domainkey.test.example.net.`),
        'MX mail.test.example.net.',
        'TXT _dmarc.test.example.net.',
        'TXT mail.test.example.net.',
      ].sort(),
    );
    expect(records['TXT _dmarc.test.example.net.']).toEqual([
      '"v=DMARC1; p=quarantine; sp=quarantine; adkim=s; aspf=r; pct=100; rua=mailto:dmarc-reports@test.example.net; fo=1"',
    ]);
    for (const r of Object.values(ti.findResources('AWS::Route53::RecordSet'))) {
      expect(JSON.stringify(r.Properties.HostedZoneId)).toMatch(/Z0EXAMPLE123456789ABC|prod-Dns|test-Dns/);
    }
  });

  test('only mail authentication records: no A, AAAA or alias that would be an entry', () => {
    const types = new Set(Object.values(ti.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties.Type));
    expect([...types].sort()).toEqual(['CNAME', 'MX', 'TXT']);
  });
});

describe('MAIL-2 contact list with topics for one-click unsubscribe', () => {
  test('the contact list holds the configured topics', () => {
    t.resourceCountIs('AWS::SES::ContactList', 1);
    t.hasResourceProperties('AWS::SES::ContactList', {
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

  test('contactList "none" leaves the account list to another stack', () => {
    const { mail } = mailFixture(testConfig({ mail: { contactList: 'none' } as never }));
    Template.fromStack(mail).resourceCountIs('AWS::SES::ContactList', 0);
    expect(mail.contactList).toBeUndefined();
  });
});

describe('MAIL-3 configuration set: TLS, reputation, suppression, events to the team', () => {
  test('TLS required, reputation metrics on, sending on, bounces and complaints suppressed', () => {
    t.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    t.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  test('bounce, complaint, reject, delivery-delay and rendering-failure events go to the default event bus', () => {
    t.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: Match.stringLikeRegexp('ConfigurationSet') },
      EventDestination: {
        Enabled: true,
        EventBridgeDestination: { EventBusArn: `arn:aws:events:${REGION}:111122223333:event-bus/default` },
        MatchingEventTypes: ['bounce', 'complaint', 'reject', 'deliveryDelay', 'renderingFailure'],
      },
    });
  });

  test('a rule routes those events of this configuration set to the alert topic as a readable message without recipients', () => {
    const [configSetId] = Object.keys(t.findResources('AWS::SES::ConfigurationSet'));
    t.hasResourceProperties('AWS::Events::Rule', {
      State: 'ENABLED',
      EventPattern: {
        source: ['aws.ses'],
        detail: {
          eventType: ['Bounce', 'Complaint', 'Reject', 'DeliveryDelay', 'Rendering Failure'],
          mail: { tags: { 'ses:configuration-set': [{ Ref: configSetId }] } },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'prod-Network' }) },
          InputTransformer: {
            InputPathsMap: Match.objectLike({
              'detail-eventType': '$.detail.eventType',
              'detail-mail-messageId': '$.detail.mail.messageId',
            }),
            InputTemplate: Match.stringLikeRegexp('^"SES <detail-eventType> for message <detail-mail-messageId> sent'),
          },
        }),
      ],
    });
    expect(JSON.stringify(t.findResources('AWS::Events::Rule'))).not.toMatch(
      /destination|bouncedRecipients|complainedRecipients/,
    );
  });

  test('PROOF-4 the alert topic key admits EventBridge, which publishes the SES events (no SES principal needed)', () => {
    templateOf(stage.network).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    templateOf(stage.network).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.resourceCountIs('AWS::KMS::Key', 0);
  });
});

describe('MAIL-3 alarms on bounces, complaints and abnormal volume', () => {
  test.each([
    ['Reputation.BounceRate', 'Maximum', 0.04],
    ['Reputation.ComplaintRate', 'Maximum', 0.0008],
    ['Send', 'Sum', 5000],
  ] as const)('%s (%s) above %s in an hour alarms the team', (metric, statistic, threshold) => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: metric,
      Statistic: statistic,
      Period: 3600,
      EvaluationPeriods: 1,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      Dimensions: Match.absent(),
      AlarmActions: [{ 'Fn::GetStackOutput': Match.objectLike({ StackName: 'prod-Network' }) }],
    });
  });

  test('thresholds come from config', () => {
    const { mail } = mailFixture(
      testConfig({ mail: { bounceRateAlarm: 0.02, complaintRateAlarm: 0.0005, hourlySendAlarm: 100 } as never }),
    );
    const m = Template.fromStack(mail);
    m.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.BounceRate', Threshold: 0.02 });
    m.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.ComplaintRate', Threshold: 0.0005 });
    m.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Send', Threshold: 100 });
  });
});

describe('MAIL-1 config variants', () => {
  test('spfAll "~all" writes a soft-fail SPF record', () => {
    const { mail } = mailFixture(testConfig({ mail: { spfAll: '~all' } as never }));
    expect(recordsByKey(Template.fromStack(mail))['TXT mail.example.com.']).toEqual([
      '"v=spf1 include:amazonses.com ~all"',
    ]);
  });

  test('a custom MAIL FROM label and relaxed DKIM alignment', () => {
    const { mail } = mailFixture(testConfig({ mail: { mailFromSubdomain: 'bounce', dkimAlignment: 'r' } as never }));
    const records = recordsByKey(Template.fromStack(mail));
    expect(records['MX bounce.example.org.']).toEqual([`10 feedback-smtp.${REGION}.amazonses.com`]);
    expect(records['TXT _dmarc.example.org.'][0]).toContain('adkim=r; aspf=r;');
  });

  test('the DMARC report address defaults to dmarc-reports@<first domain>', () => {
    const { mail } = mailFixture(testConfig({ mail: {} }));
    expect(mail.dmarcReportEmail).toBe('dmarc-reports@example.com');
  });

  test('a report address outside every configured domain gets no authorization record here (the README says who adds it)', () => {
    const { mail } = mailFixture(testConfig({ mail: { dmarcReportEmail: 'dmarc@reports.example.net' } as never }));
    const records = recordsByKey(Template.fromStack(mail));
    expect(Object.keys(records).filter((k) => k.includes('_report._dmarc'))).toEqual([]);
    expect(records['TXT _dmarc.example.com.'][0]).toContain('rua=mailto:dmarc@reports.example.net;');
  });

  test('a domain without a hosted zone is a synth error, not a silent unverified identity', () => {
    const { mail } = mailFixture(testConfig(), { withoutZone: ['example.org'] });
    expect(() => Template.fromStack(mail)).toThrow(
      /No hosted zone for mail domain example.org: its identity would never verify/,
    );
  });
});

describe('PROOF-1 cdk-nag', () => {
  test.each(['example.json', 'example-internal.json'])('%s: no open finding in any pack', (file) => {
    expect(nagFindings(buildTestStage({}, file).stage.mail)).toEqual([]);
  });
});

test('DB-6 BKP-6 PROOF-3 stateful logical IDs never change', () => {
  expect(
    logicalIds(stage.mail, ['AWS::SES::EmailIdentity', 'AWS::SES::ContactList', 'AWS::SES::ConfigurationSet']),
  ).toMatchSnapshot();
});

test('PROOF-3 template snapshot', () => {
  expect(normalizedTemplate(stage.mail)).toMatchSnapshot();
});

describe('ORG-1 MAIL-3 the application may send only from our identities, through the configuration set', () => {
  test.each(['example.json', 'example-internal.json'])(
    '%s: a managed policy on the app role names each identity and the configuration set',
    (file) => {
      const { stage } = buildTestStage({}, file);
      const t = templateOf(stage.mail);
      const policies = Object.values(t.findResources('AWS::IAM::ManagedPolicy'));
      expect(policies).toHaveLength(1);
      const [statement] = policies[0].Properties.PolicyDocument.Statement;
      expect(statement.Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"/);
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toContain(':configuration-set/');
      expect(resources).toContain(':contact-list/');
      expect(statement.Resource).toHaveLength(Object.keys(stage.mail.domains).length + 2);
      expect(policies[0].Properties.Roles).toHaveLength(1);
      t.resourceCountIs('AWS::IAM::Policy', 0);
    },
  );
});
