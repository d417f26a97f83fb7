import { Match, type Template } from 'aws-cdk-lib/assertions';
import { evaluateAll } from '../../lib/compliance/effects/evaluate';
import { mailRecordProblems } from '../../lib/core/dns-records';
import { recordsByKey, renderedRecords, sampleToken } from '../constructs/mail/render';
import {
  exampleStage,
  INTERNAL,
  logicalIds,
  normalizedTemplate,
  openNagFindings,
  PUBLIC,
  templateOf,
} from './example-stage';

const REGION = 'eu-west-3';
const t = templateOf('Mail');
const ti = templateOf('Mail', INTERNAL);

/** Logical id of the identity of `domain`. */
function identityId(template: Template, domain: string): string {
  const [id] = Object.keys(
    template.findResources('AWS::SES::EmailIdentity', { Properties: { EmailIdentity: domain } }),
  );
  return id;
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
      const records = recordsByKey(t, REGION);
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
      const records = recordsByKey(t, REGION);
      expect(records[`MX mail.${domain}.`]).toEqual([`10 feedback-smtp.${REGION}.amazonses.com`]);
      expect(records[`TXT mail.${domain}.`]).toEqual(['"v=spf1 include:amazonses.com -all"']);
    },
  );

  test.each(['example.com', 'example.org'])(
    '%s: DMARC quarantine, strict DKIM and relaxed SPF alignment, aggregate reports',
    (domain) => {
      expect(recordsByKey(t, REGION)[`TXT _dmarc.${domain}.`]).toEqual([
        '"v=DMARC1; p=quarantine; sp=quarantine; adkim=s; aspf=r; pct=100; rua=mailto:dmarc-reports@example.com; fo=1"',
      ]);
    },
  );

  test('example.com authorizes the DMARC reports of example.org (RFC 7489 section 7.1), in its own zone', () => {
    expect(recordsByKey(t, REGION)['TXT example.org._report._dmarc.example.com.']).toEqual(['"v=DMARC1"']);
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
    expect(Object.keys(recordsByKey(t, REGION)).sort()).toEqual(
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
    [PUBLIC, t, ['example.com', 'example.org']],
    [INTERNAL, ti, ['test.example.net']],
  ] as const)('%s', (_file, template, domains) => {
    const records = renderedRecords(template, REGION);
    expect(records.length).toBeGreaterThan(0);
    expect(records.flatMap((r) => mailRecordProblems(r, { domains, region: REGION }))).toEqual([]);
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
    const records = recordsByKey(ti, REGION);
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
    const network = templateOf('Network');
    network.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    network.hasResourceProperties('AWS::SNS::TopicPolicy', {
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
});

describe('ORG-1 MAIL-3 the application may send only from our identities, through the configuration set', () => {
  test.each([PUBLIC, INTERNAL])(
    '%s: a managed policy on the app role names each identity and the configuration set',
    (file) => {
      const template = templateOf('Mail', file);
      const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
      expect(policies).toHaveLength(1);
      const [statement] = policies[0].Properties.PolicyDocument.Statement;
      expect(statement.Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"/);
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toContain(':configuration-set/');
      expect(resources).toContain(':contact-list/');
      expect(statement.Resource).toHaveLength(exampleStage(file).config.domains.length + 2);
      expect(policies[0].Properties.Roles).toHaveLength(1);
      template.resourceCountIs('AWS::IAM::Policy', 0);
    },
  );
});

describe('ORG-7 the application sends only as the configured sender addresses (ses:FromAddress)', () => {
  const ACCOUNT = '111122223333';
  const IDENTITY = `arn:aws:ses:${REGION}:${ACCOUNT}:identity/example.com`;
  /** The sender policy of the public stage, its resources made concrete: the condition is what is tested. */
  function senderPolicy(): Record<string, unknown> {
    const [policy] = Object.values(t.findResources('AWS::IAM::ManagedPolicy'));
    const statements = policy.Properties.PolicyDocument.Statement.map((s: Record<string, unknown>) => ({
      ...s,
      Resource: IDENTITY,
    }));
    return { Version: '2012-10-17', Statement: statements };
  }

  test('the default senders are no-reply@ each domain', () => {
    const [policy] = Object.values(t.findResources('AWS::IAM::ManagedPolicy'));
    expect(policy.Properties.PolicyDocument.Statement[0].Condition).toEqual({
      StringEquals: { 'ses:FromAddress': ['no-reply@example.com', 'no-reply@example.org'] },
    });
  });

  test.each([
    ['no-reply@example.com', 'Allowed'],
    ['no-reply@example.org', 'Allowed'],
    ['ceo@example.com', 'ImplicitlyDenied'],
    ['billing@example.org', 'ImplicitlyDenied'],
  ])('SendEmail and SendRawEmail from %s: %s', (from, decision) => {
    const results = evaluateAll(
      ['ses:SendEmail', 'ses:SendRawEmail'].map((action) => ({
        principal: `arn:aws:iam::${ACCOUNT}:role/app`,
        action,
        resource: IDENTITY,
        resourceAccount: ACCOUNT,
        context: { 'ses:FromAddress': from },
        identityPolicies: [senderPolicy()],
      })),
    );
    for (const r of results) expect(r).toEqual({ decision, ignoredContextKeys: [] });
  });
});

describe('PROOF-1 cdk-nag', () => {
  test.each([PUBLIC, INTERNAL])('%s: no open finding in any pack', (file) => {
    expect(openNagFindings(file, 'Mail')).toEqual([]);
  });
});

test('DB-6 BKP-6 PROOF-3 stateful logical IDs never change', () => {
  expect(
    logicalIds('Mail', ['AWS::SES::EmailIdentity', 'AWS::SES::ContactList', 'AWS::SES::ConfigurationSet']),
  ).toMatchSnapshot();
});

test('PROOF-3 template snapshot', () => {
  expect(normalizedTemplate('Mail')).toMatchSnapshot();
});
