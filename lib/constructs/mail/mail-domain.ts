import { Duration, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { dmarcProblems, mailFromNameProblems, recordNameProblems, spfProblems } from '../../core/dns-records';
import { invalidProps } from '../../defaults/errors';
import {
  DEFAULT_DKIM_ALIGNMENT,
  DEFAULT_DMARC_MAILBOX,
  DEFAULT_MAIL_FROM_SUBDOMAIN,
  DEFAULT_SPF_ALL,
} from '../../defaults/mail';

/** TTL of every mail authentication record: short enough to fix a mistake within the hour. */
export const MAIL_RECORD_TTL = Duration.minutes(30);

/** Priority of the MAIL FROM MX record, as SES documents it. */
export const MAIL_FROM_MX_PRIORITY = 10;

/** The SPF mechanism that authorizes SES servers; it costs one DNS lookup. */
export const SES_SPF_INCLUDE = 'include:amazonses.com';

/** Properties of {@link MailDomain}. */
export interface MailDomainProps {
  /** The domain mail is sent from (the `From:` domain), e.g. example.com. */
  readonly domain: string;
  /** Hosted zone that holds `domain` (the zone's name equals it or is a parent of it). */
  readonly zone: route53.IHostedZone;
  /** Configuration set applied to every message sent from this identity that names none. */
  readonly configurationSet: ses.IConfigurationSet;
  /**
   * Label of the custom MAIL FROM subdomain, e.g. "mail" for mail.example.com.
   * @default DEFAULT_MAIL_FROM_SUBDOMAIN ('mail')
   */
  readonly mailFromSubdomain?: string;
  /**
   * SPF qualifier of the MAIL FROM domain: "-all" (fail) or "~all" (soft fail).
   * @default DEFAULT_SPF_ALL ('-all')
   */
  readonly spfAll?: '-all' | '~all';
  /**
   * Address of DMARC aggregate reports (rua).
   * @default - DEFAULT_DMARC_MAILBOX at `domain` (dmarc-reports@example.com)
   */
  readonly dmarcReportEmail?: string;
  /**
   * DMARC DKIM alignment: "s" strict or "r" relaxed.
   * @default DEFAULT_DKIM_ALIGNMENT ('s')
   */
  readonly dkimAlignment?: 's' | 'r';
}

/**
 * One sending domain (MAIL-1): an SES v2 domain identity with Easy DKIM (RSA 2048),
 * its three DKIM CNAME records, a custom MAIL FROM subdomain with its MX and SPF
 * records, and the domain's DMARC record with `p=quarantine`.
 *
 * Records are written here rather than by `Identity.publicHostedZone()`: the L2
 * hard-codes `~all`, needs an `IPublicHostedZone` (imported zones are `IHostedZone`)
 * and writes no DMARC record. Every name is absolute (trailing dot), so Route 53
 * never sees the zone appended twice (`x.example.com.example.com`).
 */
export class MailDomain extends Construct {
  /** The sending domain. */
  readonly domain: string;
  /** The SES identity. */
  readonly identity: ses.EmailIdentity;
  /** The custom MAIL FROM domain, e.g. mail.example.com. */
  readonly mailFromDomain: string;
  /** The DMARC record text. */
  readonly dmarcRecord: string;
  /** The SPF record text of the MAIL FROM domain. */
  readonly spfRecord: string;

  constructor(scope: Construct, id: string, props: MailDomainProps) {
    super(scope, id);
    this.domain = props.domain;
    this.mailFromDomain = `${props.mailFromSubdomain ?? DEFAULT_MAIL_FROM_SUBDOMAIN}.${this.domain}`;
    // SPF is evaluated on the envelope sender (MAIL FROM), never on the From: domain.
    this.spfRecord = `v=spf1 ${SES_SPF_INCLUDE} ${props.spfAll ?? DEFAULT_SPF_ALL}`;
    // aspf=r: the MAIL FROM is a subdomain, so strict SPF alignment could never pass.
    this.dmarcRecord = [
      'v=DMARC1',
      'p=quarantine',
      'sp=quarantine',
      `adkim=${props.dkimAlignment ?? DEFAULT_DKIM_ALIGNMENT}`,
      'aspf=r',
      'pct=100',
      `rua=mailto:${props.dmarcReportEmail ?? `${DEFAULT_DMARC_MAILBOX}@${this.domain}`}`,
      'fo=1',
    ].join('; ');
    this.refuseInvalidRecords();

    this.identity = this.createIdentity(props.configurationSet);
    this.addDkimRecords(props.zone);
    this.addMailFromRecords(props.zone);
    new route53.TxtRecord(this, 'Dmarc', {
      zone: props.zone,
      recordName: `_dmarc.${this.domain}.`,
      values: [this.dmarcRecord],
      ttl: MAIL_RECORD_TTL,
    });
  }

  /**
   * MAIL-1: publishes, in the zone of `reportDomain`, that it accepts this domain's DMARC
   * reports (RFC 7489 section 7.1). Nothing is needed, and nothing is written, when both
   * share an organizational domain.
   */
  authorizeReportsIn(reportZone: route53.IHostedZone, reportDomain: string): void {
    const name = this.domain;
    if (name === reportDomain || reportDomain.endsWith(`.${name}`) || name.endsWith(`.${reportDomain}`)) return;
    new route53.TxtRecord(this, 'DmarcReportAuthorization', {
      zone: reportZone,
      recordName: `${name}._report._dmarc.${reportDomain}.`,
      values: ['v=DMARC1'],
      ttl: MAIL_RECORD_TTL,
    });
  }

  /** A typo in a record would deploy and fail silently at receivers: refuse it at synth instead. */
  private refuseInvalidRecords(): void {
    const problems = [
      ...mailFromNameProblems(this.mailFromDomain, this.domain).map((p) => `MAIL FROM: ${p}`),
      ...recordNameProblems(`_dmarc.${this.domain}`).map((p) => `DMARC name: ${p}`),
      ...spfProblems(this.spfRecord).map((p) => `SPF: ${p}`),
      ...dmarcProblems(this.dmarcRecord).map((p) => `DMARC: ${p}`),
    ];
    if (problems.length) invalidProps(this, `mail records of ${this.domain} are invalid:\n- ${problems.join('\n- ')}`);
  }

  /** MAIL-1: verified domain identity, DKIM-signed with a 2048-bit Easy DKIM key. */
  private createIdentity(configurationSet: ses.IConfigurationSet): ses.EmailIdentity {
    return new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(this.domain),
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      dkimSigning: true,
      mailFromDomain: this.mailFromDomain,
      // Without its MX the MAIL FROM would silently fall back to amazonses.com and
      // break SPF alignment; refusing to send makes the misconfiguration visible.
      mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.REJECT_MESSAGE,
      // MAIL-3: messages that name no configuration set still get TLS, suppression and events.
      configurationSet,
    });
  }

  /** The three CNAME records of Easy DKIM. */
  private addDkimRecords(zone: route53.IHostedZone): void {
    const tokens = [
      [this.identity.dkimDnsTokenName1, this.identity.dkimDnsTokenValue1],
      [this.identity.dkimDnsTokenName2, this.identity.dkimDnsTokenValue2],
      [this.identity.dkimDnsTokenName3, this.identity.dkimDnsTokenValue3],
    ];
    tokens.forEach(([name, value], i) => {
      // The attribute is the full host name (<token>._domainkey.<domain>): the trailing
      // dot stops CDK from appending the zone name to it.
      new route53.CnameRecord(this, `Dkim${i + 1}`, {
        zone,
        recordName: `${name}.`,
        domainName: value,
        ttl: MAIL_RECORD_TTL,
      });
    });
  }

  /** The MX record that makes the MAIL FROM domain usable, and its SPF record. */
  private addMailFromRecords(zone: route53.IHostedZone): void {
    new route53.MxRecord(this, 'MailFromMx', {
      zone,
      recordName: `${this.mailFromDomain}.`,
      values: [{ priority: MAIL_FROM_MX_PRIORITY, hostName: `feedback-smtp.${Stack.of(this).region}.amazonses.com` }],
      ttl: MAIL_RECORD_TTL,
    });
    new route53.TxtRecord(this, 'MailFromSpf', {
      zone,
      recordName: `${this.mailFromDomain}.`,
      values: [this.spfRecord],
      ttl: MAIL_RECORD_TTL,
    });
  }
}
