import {
  DEFAULT_BOUNCE_RATE_ALARM,
  DEFAULT_COMPLAINT_RATE_ALARM,
  DEFAULT_MAIL_FROM_SUBDOMAIN,
} from '../../defaults/mail';
import type { Problems } from '../problems';
import type { StageConfig } from '../schema';

/** SES reviews an account whose bounce rate reaches 5 %: the alarm must fire before. */
export const SES_BOUNCE_REVIEW_RATE = 0.05;
/** SES reviews an account whose complaint rate reaches 0.1 %: the alarm must fire before. */
export const SES_COMPLAINT_REVIEW_RATE = 0.001;

/** Cross-field rules of the mail section (MAIL-1..MAIL-3). */
export function checkMail(c: Partial<StageConfig>, p: Problems): void {
  const m = c.mail;
  if (!m) return;
  checkTopics(m, p);
  checkAlarmThresholds(m, p);
  checkMailFromSubdomain(m, c, p);
}

type Mail = StageConfig['mail'];

/** MAIL-2: SES refuses a contact list whose topics share a name. */
function checkTopics(m: Mail, p: Problems): void {
  const seen = new Set<string>();
  m.topics.forEach((t, i) => {
    if (seen.has(t.name))
      p.add(
        `mail.topics[${i}].name`,
        t.name,
        'is listed twice; SES refuses a contact list with duplicate topics',
        'give each topic its own name',
      );
    seen.add(t.name);
  });
}

/** MAIL-3: the team hears of bounces and complaints before SES reviews the account. */
function checkAlarmThresholds(m: Mail, p: Problems): void {
  if (m.bounceRateAlarm >= SES_BOUNCE_REVIEW_RATE) {
    p.add(
      'mail.bounceRateAlarm',
      m.bounceRateAlarm,
      `is at or above the ${SES_BOUNCE_REVIEW_RATE} bounce rate at which SES puts the account under review, so ` +
        'the alarm would come too late',
      `use a value below ${SES_BOUNCE_REVIEW_RATE}, such as ${DEFAULT_BOUNCE_RATE_ALARM}`,
    );
  }
  if (m.complaintRateAlarm >= SES_COMPLAINT_REVIEW_RATE) {
    p.add(
      'mail.complaintRateAlarm',
      m.complaintRateAlarm,
      `is at or above the ${SES_COMPLAINT_REVIEW_RATE} complaint rate at which SES puts the account under ` +
        'review, so the alarm would come too late',
      `use a value below ${SES_COMPLAINT_REVIEW_RATE}, such as ${DEFAULT_COMPLAINT_RATE_ALARM}`,
    );
  }
}

/** MAIL-1: the MAIL FROM domain's SPF and MX records collide with no other name of the stage. */
function checkMailFromSubdomain(m: Mail, c: Partial<StageConfig>, p: Problems): void {
  if (c.edge && m.mailFromSubdomain === c.edge.originSubdomain) {
    p.add(
      'mail.mailFromSubdomain',
      m.mailFromSubdomain,
      `equals edge.originSubdomain: the MAIL FROM domain would share its name with the load balancer origin`,
      `choose another label, such as "${DEFAULT_MAIL_FROM_SUBDOMAIN}"`,
    );
  }
  const names = new Set(c.domains?.map((d) => d.name) ?? []);
  c.domains?.forEach((d) => {
    const mailFrom = `${m.mailFromSubdomain}.${d.name}`;
    if (names.has(mailFrom)) {
      p.add(
        'mail.mailFromSubdomain',
        m.mailFromSubdomain,
        `makes ${mailFrom} both a sending domain and the MAIL FROM domain of ${d.name}; their SPF and MX ` +
          'records would collide',
        'choose a label that is not the first label of a configured domain',
      );
    }
  });
}
