// Default values of the mail section (MAIL-1..MAIL-3), named once: the zod schema
// (lib/config/sections/mail.ts) and the mail constructs both use them.

/** Local part of the DMARC report address when none is given: `dmarc-reports@<domain>`. */
export const DEFAULT_DMARC_MAILBOX = 'dmarc-reports';

/** DMARC DKIM alignment: strict, since Easy DKIM signs with the identity domain itself. */
export const DEFAULT_DKIM_ALIGNMENT: 's' | 'r' = 's';

/** Label of the custom MAIL FROM subdomain (mail.example.com). */
export const DEFAULT_MAIL_FROM_SUBDOMAIN = 'mail';

/** SPF qualifier of the MAIL FROM domain: hard fail, nothing but SES sends from it. */
export const DEFAULT_SPF_ALL: '-all' | '~all' = '-all';

/** Whether this stage creates the account's contact list. */
export const DEFAULT_CONTACT_LIST: 'create' | 'none' = 'create';

/** Subscription of a contact who never chose a topic. */
export const DEFAULT_TOPIC_SUBSCRIPTION: 'OPT_IN' | 'OPT_OUT' = 'OPT_IN';

/** One subscription topic of the contact list. */
export interface MailTopic {
  /** Topic name the application passes as `ListManagementOptions.TopicName`. */
  readonly name: string;
  /** Name shown to the recipient on the SES-hosted subscription preferences page. */
  readonly displayName: string;
  /** Whether a contact who never chose is subscribed (OPT_IN) or not (OPT_OUT). */
  readonly defaultSubscription: 'OPT_IN' | 'OPT_OUT';
}

/** Topics of the contact list. */
export const DEFAULT_MAIL_TOPICS: readonly MailTopic[] = [
  {
    name: 'booking-notifications',
    displayName: 'Booking confirmations and reminders',
    defaultSubscription: 'OPT_IN',
  },
  { name: 'club-news', displayName: 'News from your club', defaultSubscription: 'OPT_OUT' },
];

/** Bounce-rate alarm threshold: below the 5 % at which SES reviews an account. */
export const DEFAULT_BOUNCE_RATE_ALARM = 0.04;

/** Complaint-rate alarm threshold: below the 0.1 % at which SES reviews an account. */
export const DEFAULT_COMPLAINT_RATE_ALARM = 0.0008;

/** Emails sent in one hour above which the team is alarmed. */
export const DEFAULT_HOURLY_SEND_ALARM = 5000;

/** Local part of the one sender address per domain when none is configured: `no-reply@<domain>` (ORG-7). */
export const DEFAULT_SENDER_MAILBOX = 'no-reply';
