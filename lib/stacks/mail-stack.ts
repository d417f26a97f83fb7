import { Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { UnsubscribeList } from '../constructs/mail/contact-list';
import { MailDomain } from '../constructs/mail/mail-domain';
import { SendingGuard } from '../constructs/mail/sending-guard';
import { invalidProps } from '../defaults/errors';
import { DEFAULT_DMARC_MAILBOX, DEFAULT_SENDER_MAILBOX } from '../defaults/mail';

/** Properties of {@link MailStack}. */
export interface MailStackProps extends StackProps {
  /** The validated stage: its sending domains and mail section. */
  readonly config: Pick<StageConfig, 'domains' | 'mail'>;
  /** Hosted zones by domain name (empty for stages without DNS). */
  readonly zones: Readonly<Record<string, route53.IHostedZone>>;
  /** The team's alert topic in the primary region. */
  readonly alertTopic: sns.ITopic;
  /**
   * Role of the application, allowed to send from the stage's identities only,
   * through the configuration set (and the contact list, for unsubscribe links).
   * @default - no sender is granted
   */
  readonly senderRole?: iam.IRole;
}

/**
 * Primary region: SES identities, DNS authentication records and abuse alarms (MAIL-1..MAIL-3).
 *
 * The records go into the zones of the DNS stack (us-east-1) through weak
 * cross-stack references; Route 53 is global, so the region does not matter.
 * Internal stages get the same records: they publish mail authentication for
 * their own domain and open no entry to anything (ORG-2 is about web entries).
 */
export class MailStack extends Stack {
  /** The sending domains by domain name. */
  readonly domains: Readonly<Record<string, MailDomain>>;
  /** The configuration set every sender names (and every identity defaults to). */
  readonly configurationSet: ses.ConfigurationSet;
  /** The account's contact list, when config creates it here. */
  readonly contactList?: ses.CfnContactList;
  /** The DMARC aggregate report address (rua) of every domain. */
  readonly dmarcReportEmail?: string;
  /** The only From addresses the application may send as (ORG-7). */
  readonly senderAddresses: readonly string[];

  constructor(scope: Construct, id: string, props: MailStackProps) {
    super(scope, id, props);
    const { mail, domains } = props.config;

    this.configurationSet = new SendingGuard(this, 'Sending', {
      ...mail,
      alertTopic: props.alertTopic,
    }).configurationSet;
    // MAIL-2: one contact list per account: another stack may own it.
    if (mail.contactList === 'create') this.contactList = new UnsubscribeList(this, 'Unsubscribe', mail).contactList;

    // One report address for every domain: DMARC reports of the whole stage land in one mailbox.
    const first = domains[0]?.name;
    this.dmarcReportEmail = mail.dmarcReportEmail ?? (first ? `${DEFAULT_DMARC_MAILBOX}@${first}` : undefined);
    const placed: Record<string, MailDomain> = {};
    for (const { name } of domains) {
      const zone =
        props.zones[name] ??
        invalidProps(
          this,
          `No hosted zone for mail domain ${name}: its identity would never verify. The DNS stack must provide ` +
            `zones[${JSON.stringify(name)}].`,
        );
      // MAIL-1: identity, DKIM, MAIL FROM and DMARC records of one domain.
      placed[name] = new MailDomain(this, `Domain-${name}`, {
        ...mail,
        domain: name,
        zone,
        dmarcReportEmail: this.dmarcReportEmail,
        configurationSet: this.configurationSet,
      });
    }
    this.domains = placed;
    this.senderAddresses = this.checkedSenders(mail.senderAddresses, domains);

    if (props.senderRole && domains.length) this.grantSending(props.senderRole);
    this.authorizeDmarcReports(props.zones);
  }

  /** The configured sender addresses, each in a stage domain, or `no-reply@<domain>` for every domain. */
  private checkedSenders(configured: readonly string[] | undefined, domains: readonly { name: string }[]): string[] {
    const senders = configured ?? domains.map((d) => `${DEFAULT_SENDER_MAILBOX}@${d.name}`);
    for (const address of senders) {
      const domain = address.split('@')[1]?.toLowerCase() ?? '';
      if (!domains.some((d) => domain === d.name || domain.endsWith(`.${d.name}`))) {
        invalidProps(
          this,
          `mail.senderAddresses: ${address} is in none of the stage's domains (${domains.map((d) => d.name).join(', ')}); ` +
            'SES would refuse it: use an address of one of them',
        );
      }
    }
    return [...senders];
  }

  /**
   * ORG-1, MAIL-2/3: the app may send only from our identities and only through the
   * configuration set (TLS required, events to the team); a managed policy, not an
   * inline one on a role owned by the data stack. ORG-7: and only as the configured sender
   * addresses (`ses:FromAddress`), so a compromised container cannot phish as anyone@our domain
   * with our DKIM signature.
   */
  private grantSending(role: iam.IRole): void {
    const resources = [
      ...Object.values(this.domains).map((d) => d.identity.emailIdentityArn),
      this.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
      }),
    ];
    if (this.contactList)
      resources.push(this.formatArn({ service: 'ses', resource: 'contact-list', resourceName: this.contactList.ref }));
    new iam.ManagedPolicy(this, 'SenderPolicy', {
      description: 'The application sends mail from the stage identities through the configuration set',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources,
          conditions: { StringEquals: { 'ses:FromAddress': [...this.senderAddresses] } },
        }),
      ],
    });
  }

  /**
   * MAIL-1: a report address outside a domain needs the destination's consent
   * (RFC 7489 section 7.1); when the destination is one of ours, publish it.
   */
  private authorizeDmarcReports(zones: Readonly<Record<string, route53.IHostedZone>>): void {
    const reportDomain = this.dmarcReportEmail?.split('@')[1];
    const reportZone = reportDomain ? ownZone(reportDomain, zones) : undefined;
    if (!reportDomain || !reportZone) return;
    for (const domain of Object.values(this.domains)) domain.authorizeReportsIn(reportZone, reportDomain);
  }
}

/** The configured zone that holds `domain` (the zone itself or a parent). */
function ownZone(
  domain: string,
  zones: Readonly<Record<string, route53.IHostedZone>>,
): route53.IHostedZone | undefined {
  const match = Object.keys(zones)
    .filter((z) => domain === z || domain.endsWith(`.${z}`))
    .sort((a, b) => b.length - a.length)[0];
  return match ? zones[match] : undefined;
}
