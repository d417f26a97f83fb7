import { z } from 'zod';
import { email } from './common';

/** Mail options (MAIL-1..MAIL-3). */
export const mailSchema = z
  .strictObject({
    /** Where DMARC aggregate reports go (rua). @default dmarc-reports@<first domain> */
    dmarcReportEmail: email
      .refine((a) => !/[,;!\s]/.test(a), {
        message: 'must not contain ",", ";", "!" or spaces: they are separators of the DMARC record',
      })
      .optional(),
    /**
     * DMARC DKIM alignment (adkim): "s" (strict, the DKIM d= domain must equal the From
     * domain; Easy DKIM signs with the identity domain itself) or "r" (relaxed, any
     * subdomain). SPF alignment is always relaxed: the MAIL FROM is a subdomain.
     */
    dkimAlignment: z.enum(['s', 'r']).default('s'),
    /** Subdomain used as custom MAIL FROM of every domain. */
    mailFromSubdomain: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'must be one DNS label' })
      .default('mail'),
    /** SPF qualifier of the MAIL FROM domain: -all (hard fail) or ~all (soft fail). */
    spfAll: z.enum(['-all', '~all']).default('-all'),
    /** SES allows one contact list per account: create it here, or "none" when another stack owns it. */
    contactList: z.enum(['create', 'none']).default('create'),
    /** Subscription topics of the contact list. */
    topics: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, _ or -' }),
          displayName: z.string().min(1).max(128),
          defaultSubscription: z.enum(['OPT_IN', 'OPT_OUT']).default('OPT_IN'),
        }),
      )
      .min(1)
      .default([
        {
          name: 'booking-notifications',
          displayName: 'Booking confirmations and reminders',
          defaultSubscription: 'OPT_IN',
        },
        { name: 'club-news', displayName: 'News from your club', defaultSubscription: 'OPT_OUT' },
      ]),
    /** Alarm when the bounce rate exceeds this fraction (SES reviews accounts at 5 %). */
    bounceRateAlarm: z.number().gt(0).lt(1).default(0.04),
    /** Alarm when the complaint rate exceeds this fraction (SES reviews accounts at 0.1 %). */
    complaintRateAlarm: z.number().gt(0).lt(1).default(0.0008),
    /** Alarm when more emails than this are sent in one hour. */
    hourlySendAlarm: z.number().int().min(1).default(5000),
  })
  .prefault({});

export type MailConfig = z.output<typeof mailSchema>;
