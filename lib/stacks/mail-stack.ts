import { Annotations, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { UnsubscribeList } from '../constructs/mail/contact-list';
import { MAIL_RECORD_TTL, MailDomain } from '../constructs/mail/mail-domain';
import { SendingGuard } from '../constructs/mail/sending-guard';

/** Local part of the DMARC report address when config names none. */
export const DEFAULT_DMARC_MAILBOX = 'dmarc-reports';

/** Properties of {@link MailStack}. */
export interface MailStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
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
  /** The DMARC aggregate report address (rua). */
  readonly dmarcReportEmail?: string;

  constructor(scope: Construct, id: string, props: MailStackProps) {
    super(scope, id, props);
    const { config: c } = props;
    const mail = c.mail;

    const guard = new SendingGuard(this, 'Sending', {
      alertTopic: props.alertTopic,
      bounceRateAlarm: mail.bounceRateAlarm,
      complaintRateAlarm: mail.complaintRateAlarm,
      hourlySendAlarm: mail.hourlySendAlarm,
    });
    this.configurationSet = guard.configurationSet;

    // MAIL-2: one contact list per account: another stack may own it.
    if (mail.contactList === 'create') {
      this.contactList = new UnsubscribeList(this, 'Unsubscribe', { topics: mail.topics }).contactList;
    }

    const first = c.domains[0]?.name;
    this.dmarcReportEmail = mail.dmarcReportEmail ?? (first ? `${DEFAULT_DMARC_MAILBOX}@${first}` : undefined);
    const domains: Record<string, MailDomain> = {};
    for (const { name } of c.domains) {
      const zone = props.zones[name];
      if (!zone) {
        Annotations.of(this).addError(
          `No hosted zone for mail domain ${name}: its identity would never verify. The DNS stack must provide zones[${JSON.stringify(name)}].`,
        );
        continue;
      }
      // MAIL-1: identity, DKIM, MAIL FROM and DMARC records of one domain.
      domains[name] = new MailDomain(this, `Domain-${name}`, {
        domain: name,
        zone,
        mailFromSubdomain: mail.mailFromSubdomain,
        spfAll: mail.spfAll,
        dmarcReportEmail: this.dmarcReportEmail ?? `${DEFAULT_DMARC_MAILBOX}@${name}`,
        dkimAlignment: mail.dkimAlignment,
        configurationSet: guard.configurationSet,
      });
    }
    this.domains = domains;

    // ORG-1, MAIL-2/3: the app may send only from our identities and only through the
    // configuration set (TLS required, events to the team); a managed policy, not an
    // inline one on a role owned by the data stack.
    if (props.senderRole && Object.keys(domains).length) {
      const resources = [
        ...Object.values(domains).map((d) => d.identity.emailIdentityArn),
        this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: this.configurationSet.configurationSetName,
        }),
      ];
      if (this.contactList)
        resources.push(
          this.formatArn({ service: 'ses', resource: 'contact-list', resourceName: this.contactList.ref }),
        );
      new iam.ManagedPolicy(this, 'SenderPolicy', {
        description: 'The application sends mail from the stage identities through the configuration set',
        roles: [props.senderRole],
        statements: [
          new iam.PolicyStatement({
            actions: ['ses:SendEmail', 'ses:SendRawEmail'],
            resources,
          }),
        ],
      });
    }

    // MAIL-1: a report address outside a domain needs the destination's consent
    // (RFC 7489 section 7.1); when the destination is one of ours, publish it.
    const reportDomain = this.dmarcReportEmail?.split('@')[1];
    const reportZone = reportDomain ? ownZone(reportDomain, props.zones) : undefined;
    if (reportDomain && reportZone) {
      for (const name of Object.keys(domains)) {
        // Same organizational domain: no authorization needed.
        if (name === reportDomain || reportDomain.endsWith(`.${name}`) || name.endsWith(`.${reportDomain}`)) continue;
        new route53.TxtRecord(domains[name], 'DmarcReportAuthorization', {
          zone: reportZone,
          recordName: `${name}._report._dmarc.${reportDomain}.`,
          values: ['v=DMARC1'],
          ttl: MAIL_RECORD_TTL,
        });
      }
    }
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
