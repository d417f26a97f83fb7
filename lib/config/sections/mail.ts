import { z } from 'zod';
import {
  DEFAULT_BOUNCE_RATE_ALARM,
  DEFAULT_COMPLAINT_RATE_ALARM,
  DEFAULT_CONTACT_LIST,
  DEFAULT_DKIM_ALIGNMENT,
  DEFAULT_HOURLY_SEND_ALARM,
  DEFAULT_MAIL_FROM_SUBDOMAIN,
  DEFAULT_MAIL_TOPICS,
  DEFAULT_SPF_ALL,
  DEFAULT_TOPIC_SUBSCRIPTION,
} from '../../defaults/mail';
import { email } from './common';

/** Mail options (MAIL-1..MAIL-3). */
export const mailSchema = z
  .strictObject({
    /** Where DMARC aggregate reports go (rua). @default DEFAULT_DMARC_MAILBOX@<first domain> */
    dmarcReportEmail: email
      .refine((a) => !/[,;!\s]/.test(a), {
        message: 'must not contain ",", ";", "!" or spaces: they are separators of the DMARC record',
      })
      .optional()
      .describe('Where DMARC aggregate reports go (rua).'),
    /**
     * DMARC DKIM alignment (adkim): "s" (strict, the DKIM d= domain must equal the From
     * domain; Easy DKIM signs with the identity domain itself) or "r" (relaxed, any
     * subdomain). SPF alignment is always relaxed: the MAIL FROM is a subdomain.
     */
    dkimAlignment: z
      .enum(['s', 'r'])
      .default(DEFAULT_DKIM_ALIGNMENT)
      .describe(
        'DMARC DKIM alignment (adkim): "s" (strict, the DKIM d= domain must equal the From domain; Easy DKIM signs with the identity domain itself) or "r" (relaxed, any subdomain). SPF alignment is always relaxed: the MAIL FROM is a subdomain.',
      ),
    /** Subdomain used as custom MAIL FROM of every domain. */
    mailFromSubdomain: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'must be one DNS label' })
      .default(DEFAULT_MAIL_FROM_SUBDOMAIN)
      .describe('Subdomain used as custom MAIL FROM of every domain.'),
    /** SPF qualifier of the MAIL FROM domain: -all (hard fail) or ~all (soft fail). */
    spfAll: z
      .enum(['-all', '~all'])
      .default(DEFAULT_SPF_ALL)
      .describe('SPF qualifier of the MAIL FROM domain: -all (hard fail) or ~all (soft fail).'),
    /** SES allows one contact list per account: create it here, or "none" when another stack owns it. */
    contactList: z
      .enum(['create', 'none'])
      .default(DEFAULT_CONTACT_LIST)
      .describe('SES allows one contact list per account: create it here, or "none" when another stack owns it.'),
    /** Subscription topics of the contact list. */
    topics: z
      .array(
        z.strictObject({
          /** Topic name, as the application names it when it sends (the List-Unsubscribe header). */
          name: z
            .string()
            .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, _ or -' })
            .describe('Topic name, as the application names it when it sends (the List-Unsubscribe header).'),
          /** The topic as recipients see it on the subscription preferences page. */
          displayName: z
            .string()
            .min(1)
            .max(128)
            .describe('The topic as recipients see it on the subscription preferences page.'),
          /** Whether a contact receives the topic until they opt out (OPT_IN) or only after opting in (OPT_OUT). */
          defaultSubscription: z
            .enum(['OPT_IN', 'OPT_OUT'])
            .default(DEFAULT_TOPIC_SUBSCRIPTION)
            .describe(
              'Whether a contact receives the topic until they opt out (OPT_IN) or only after opting in (OPT_OUT).',
            ),
        }),
      )
      .min(1)
      // A copy: zod hands the default out as is, and a parsed config may be changed by its reader.
      .default(() => DEFAULT_MAIL_TOPICS.map((t) => ({ ...t })))
      .describe('Subscription topics of the contact list.'),
    /**
     * The only From addresses the application may send as (ORG-7, `ses:FromAddress`), each in one of the stage's
     * domains. @default DEFAULT_SENDER_MAILBOX@<domain> for every domain (no-reply@example.com, ...)
     */
    senderAddresses: z
      .array(email)
      .min(1)
      .max(50)
      .refine((v) => new Set(v.map((a) => a.toLowerCase())).size === v.length, {
        message: 'lists an address twice; list each once',
      })
      .optional()
      .describe(
        "The only From addresses the application may send as (ORG-7, `ses:FromAddress`), each in one of the stage's domains.",
      ),
    /** Alarm when the bounce rate exceeds this fraction (SES reviews accounts at 5 %). */
    bounceRateAlarm: z
      .number()
      .gt(0)
      .lt(1)
      .default(DEFAULT_BOUNCE_RATE_ALARM)
      .describe('Alarm when the bounce rate exceeds this fraction (SES reviews accounts at 5 %).'),
    /** Alarm when the complaint rate exceeds this fraction (SES reviews accounts at 0.1 %). */
    complaintRateAlarm: z
      .number()
      .gt(0)
      .lt(1)
      .default(DEFAULT_COMPLAINT_RATE_ALARM)
      .describe('Alarm when the complaint rate exceeds this fraction (SES reviews accounts at 0.1 %).'),
    /** Alarm when more emails than this are sent in one hour. */
    hourlySendAlarm: z
      .number()
      .int()
      .min(1)
      .default(DEFAULT_HOURLY_SEND_ALARM)
      .describe('Alarm when more emails than this are sent in one hour.'),
  })
  .prefault({})
  .describe('Mail options (MAIL-1..MAIL-3).');

export type MailConfig = z.output<typeof mailSchema>;
