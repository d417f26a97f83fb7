import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import { MailDomain, type MailDomainProps } from '../../../lib/constructs/mail/mail-domain';
import { mailRecordProblems } from '../../../lib/core/dns-records';
import { TEST_ENV, testStack } from '../../helpers';
import { recordsByKey, renderedRecords, sampleToken } from './render';

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
