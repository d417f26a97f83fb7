import { Problems } from '../../lib/config/problems';
import { checkMail } from '../../lib/config/sections/mail-checks';
import { validateStage } from '../../lib/config/validate';
import {
  DEFAULT_BOUNCE_RATE_ALARM,
  DEFAULT_COMPLAINT_RATE_ALARM,
  DEFAULT_CONTACT_LIST,
  DEFAULT_DKIM_ALIGNMENT,
  DEFAULT_HOURLY_SEND_ALARM,
  DEFAULT_MAIL_FROM_SUBDOMAIN,
  DEFAULT_MAIL_TOPICS,
  DEFAULT_SPF_ALL,
} from '../../lib/defaults/mail';
import { problemsOf, rawConfig, testConfig } from '../config-helpers';

/** Problems of the mail cross-field rules alone (they are hooked into validateStage by lib/config/checks.ts). */
function mailCheckProblems(mutate: (c: Record<string, any>) => void, file = 'example.json'): string[] {
  const c = validateStage(rawConfig(file)) as Record<string, any>;
  const copy = JSON.parse(JSON.stringify(c));
  mutate(copy);
  const p = new Problems();
  checkMail(copy, p);
  return p.list;
}

describe('PROOF-3 MAIL-1..3 mail defaults', () => {
  test('defaults: MAIL FROM "mail", -all, strict DKIM alignment, a contact list, alarms under the SES review rates', () => {
    const m = validateStage(rawConfig('example-internal.json')).mail;
    expect(m).toMatchObject({
      mailFromSubdomain: 'mail',
      spfAll: '-all',
      dkimAlignment: 's',
      contactList: 'create',
      bounceRateAlarm: 0.04,
      complaintRateAlarm: 0.0008,
      hourlySendAlarm: 5000,
    });
    expect(m.dmarcReportEmail).toBeUndefined();
    expect(m.topics.map((t) => t.name)).toEqual(['booking-notifications', 'club-news']);
  });

  test.each(['example.json', 'example-internal.json'])('%s passes the mail cross-field rules', (file) => {
    expect(mailCheckProblems(() => undefined, file)).toEqual([]);
  });

  test("the defaults are those of lib/defaults/mail.ts, the constructs' own", () => {
    const m = validateStage(rawConfig('example-internal.json')).mail;
    expect(m).toMatchObject({
      mailFromSubdomain: DEFAULT_MAIL_FROM_SUBDOMAIN,
      spfAll: DEFAULT_SPF_ALL,
      dkimAlignment: DEFAULT_DKIM_ALIGNMENT,
      contactList: DEFAULT_CONTACT_LIST,
      topics: DEFAULT_MAIL_TOPICS,
      bounceRateAlarm: DEFAULT_BOUNCE_RATE_ALARM,
      complaintRateAlarm: DEFAULT_COMPLAINT_RATE_ALARM,
      hourlySendAlarm: DEFAULT_HOURLY_SEND_ALARM,
    });
    expect(m.topics).not.toBe(DEFAULT_MAIL_TOPICS);
  });
});

describe('MAIL-1 the DMARC report address', () => {
  test('a separator in the report address is refused before any template is built', () => {
    expect(() => testConfig({ mail: { dmarcReportEmail: 'dmarc;reports@example.com' } as never })).toThrow(
      /mail.dmarcReportEmail: must not contain/,
    );
  });
});

// [case, mutation, field path the message must name, words the message must contain]
const BAD: Array<[string, (c: Record<string, any>) => void, string, RegExp]> = [
  [
    'ORG-7 a sender address that is not one',
    (c) => (c.mail = { senderAddresses: ['no-reply'] }),
    'mail.senderAddresses[0]',
    /not an email address/,
  ],
  [
    'ORG-7 a sender address listed twice',
    (c) => (c.mail = { senderAddresses: ['no-reply@example.com', 'NO-REPLY@example.com'] }),
    'mail.senderAddresses',
    /lists an address twice/,
  ],
  ['ORG-7 an empty sender list', (c) => (c.mail = { senderAddresses: [] }), 'mail.senderAddresses', /at least 1/],
  [
    'report address not an email',
    (c) => (c.mail = { dmarcReportEmail: 'dmarc-at-example.com' }),
    'mail.dmarcReportEmail',
    /not an email address/,
  ],
  [
    'report address with a DMARC separator',
    (c) => (c.mail = { dmarcReportEmail: 'a;b@example.com' }),
    'mail.dmarcReportEmail',
    /must not contain/,
  ],
  [
    'report address with a size suffix',
    (c) => (c.mail = { dmarcReportEmail: 'a@example.com!10m' }),
    'mail.dmarcReportEmail',
    /must not contain|not an email/,
  ],
  [
    'MAIL FROM with a dot',
    (c) => (c.mail = { mailFromSubdomain: 'mail.out' }),
    'mail.mailFromSubdomain',
    /one DNS label/,
  ],
  ['MAIL FROM uppercase', (c) => (c.mail = { mailFromSubdomain: 'Mail' }), 'mail.mailFromSubdomain', /one DNS label/],
  ['SPF qualifier +all', (c) => (c.mail = { spfAll: '+all' }), 'mail.spfAll', /"-all", "~all"/],
  ['DKIM alignment spelled out', (c) => (c.mail = { dkimAlignment: 'strict' }), 'mail.dkimAlignment', /"s", "r"/],
  ['contact list switch', (c) => (c.mail = { contactList: 'yes' }), 'mail.contactList', /"create", "none"/],
  ['no topics', (c) => (c.mail = { topics: [] }), 'mail.topics', /at least 1/],
  [
    'topic name with a space',
    (c) => (c.mail = { topics: [{ name: 'club news', displayName: 'News' }] }),
    'mail.topics[0].name',
    /letters, digits/,
  ],
  [
    'bounce alarm as a percentage',
    (c) => (c.mail = { bounceRateAlarm: 4 }),
    'mail.bounceRateAlarm',
    /expected number to be <1/,
  ],
  ['hourly alarm zero', (c) => (c.mail = { hourlySendAlarm: 0 }), 'mail.hourlySendAlarm', /expected number to be >=1/],
  ['unknown mail key', (c) => (c.mail = { spf: '-all' }), 'mail.spf', /unknown key/],
];

describe('PROOF-3 bad mail config is refused with the field named', () => {
  test.each(BAD)('%s', (_name, mutate, field, words) => {
    const problems = problemsOf(mutate);
    const line = problems.find((p) => p.startsWith(`${field}: `));
    expect(line ?? problems).toEqual(expect.stringMatching(words));
    expect(line).toMatch(/Fix: /);
  });
});

// Cross-field rules, run directly until lib/config/checks.ts calls checkMail.
const BAD_CROSS: Array<[string, (c: Record<string, any>) => void, string, RegExp]> = [
  [
    'duplicate topic',
    (c) =>
      (c.mail.topics = [
        { name: 'news', displayName: 'A', defaultSubscription: 'OPT_IN' },
        { name: 'news', displayName: 'B', defaultSubscription: 'OPT_IN' },
      ]),
    'mail.topics[1].name',
    /listed twice/,
  ],
  [
    'bounce alarm at the SES review rate',
    (c) => (c.mail.bounceRateAlarm = 0.05),
    'mail.bounceRateAlarm',
    /under review.*too late/,
  ],
  [
    'complaint alarm above the SES review rate',
    (c) => (c.mail.complaintRateAlarm = 0.002),
    'mail.complaintRateAlarm',
    /under review.*too late/,
  ],
  [
    'MAIL FROM equals the origin label',
    (c) => (c.mail.mailFromSubdomain = c.edge.originSubdomain),
    'mail.mailFromSubdomain',
    /edge.originSubdomain/,
  ],
  [
    'MAIL FROM is another sending domain',
    (c) => (c.domains = [{ name: 'example.com' }, { name: 'mail.example.com' }]),
    'mail.mailFromSubdomain',
    /both a sending domain and the MAIL FROM domain of example.com/,
  ],
];

describe('PROOF-3 mail cross-field rules', () => {
  test.each(BAD_CROSS)('%s', (_name, mutate, field, words) => {
    const problems = mailCheckProblems(mutate);
    const line = problems.find((p) => p.startsWith(`${field}: `));
    expect(line ?? problems).toEqual(expect.stringMatching(words));
    expect(line).toMatch(/Fix: /);
  });
});
