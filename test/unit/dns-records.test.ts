import {
  dkimNameProblems,
  dkimTargetProblems,
  dmarcAuthorizationProblems,
  dmarcProblems,
  mailFromMxProblems,
  mailFromNameProblems,
  mailRecordProblems,
  recordNameProblems,
  SPF_MAX_DNS_LOOKUPS,
  spfProblems,
  spfReport,
  txtStringProblems,
  txtText,
} from '../../lib/core/dns-records';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz012341';

describe('MAIL-1 SPF validator', () => {
  test.each([
    'v=spf1 include:amazonses.com -all',
    'v=spf1 include:amazonses.com ~all',
    'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 mx a:mail.example.com -all',
    'v=spf1 redirect=_spf.example.com',
  ])('accepts %s', (record) => {
    expect(spfProblems(record, { includeLookups: { 'amazonses.com': 0 } })).toEqual([]);
  });

  test.each<[string, string, RegExp]>([
    ['wrong version', 'v=spf2 include:amazonses.com -all', /must start with "v=spf1"/],
    ['misspelt mechanism', 'v=spf1 inclde:amazonses.com -all', /not an SPF mechanism/],
    ['include without domain', 'v=spf1 include: -all', /needs a domain/],
    ['no all', 'v=spf1 include:amazonses.com', /without "all"/],
    ['terms after all', 'v=spf1 -all include:amazonses.com', /follows "all"/],
    ['double space', 'v=spf1  include:amazonses.com -all', /single spaces/],
    ['bad IPv4', 'v=spf1 ip4:192.0.2.300 -all', /not an IPv4/],
    ['deprecated ptr', 'v=spf1 ptr -all', /deprecated/],
    ['unknown include', 'v=spf1 include:spf.unknown.example -all', /not a known SPF include/],
    ['redirect with all', 'v=spf1 redirect=_spf.example.com -all', /ignored when "all"/],
    ['all with argument', 'v=spf1 -all:example.com', /takes no argument/],
  ])('refuses %s', (_case, record, words) => {
    expect(spfProblems(record)).toEqual(expect.arrayContaining([expect.stringMatching(words)]));
  });

  test('counts DNS lookups, includes expanded', () => {
    expect(spfReport('v=spf1 include:amazonses.com -all').lookups).toBe(1);
    expect(spfReport('v=spf1 a mx include:big.example -all', { includeLookups: { 'big.example': 4 } }).lookups).toBe(7);
  });

  test(`refuses more than ${SPF_MAX_DNS_LOOKUPS} DNS lookups`, () => {
    const includes = Array.from({ length: 11 }, (_, i) => `include:s${i}.example.com`).join(' ');
    const known = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`s${i}.example.com`, 0]));
    expect(spfProblems(`v=spf1 ${includes} -all`, { includeLookups: known })).toEqual([
      expect.stringMatching(/11 DNS lookups, over the limit of 10/),
    ]);
    expect(spfProblems('v=spf1 a include:nested.example -all', { includeLookups: { 'nested.example': 9 } })).toEqual([
      expect.stringMatching(/11 DNS lookups/),
    ]);
    expect(spfProblems(`v=spf1 ${includes.split(' ').slice(1).join(' ')} -all`, { includeLookups: known })).toEqual([]);
  });
});

describe('MAIL-1 DMARC validator', () => {
  test.each([
    'v=DMARC1; p=quarantine; sp=quarantine; adkim=s; aspf=r; pct=100; rua=mailto:dmarc-reports@example.com; fo=1',
    'v=DMARC1; p=reject',
    'v=DMARC1;p=none;rua=mailto:a@example.com,mailto:b@example.org!10m;',
  ])('accepts %s', (record) => {
    expect(dmarcProblems(record)).toEqual([]);
  });

  test.each<[string, string, RegExp]>([
    ['wrong version', 'v=DMARC2; p=quarantine', /v must be "DMARC1"/],
    ['v not first', 'p=quarantine; v=DMARC1', /must start with "v=DMARC1"/],
    ['p not second', 'v=DMARC1; pct=100; p=quarantine', /"p" must directly follow "v"/],
    ['missing p', 'v=DMARC1; rua=mailto:a@example.com', /required tag "p" is missing/],
    ['bad policy', 'v=DMARC1; p=quarantaine', /p must be one of none, quarantine, reject/],
    ['bad subdomain policy', 'v=DMARC1; p=reject; sp=block', /sp must be one of/],
    ['bad alignment', 'v=DMARC1; p=reject; adkim=strict', /adkim must be "r" or "s"/],
    ['pct over 100', 'v=DMARC1; p=reject; pct=101', /pct must be an integer from 0 to 100/],
    ['rua without mailto', 'v=DMARC1; p=reject; rua=dmarc@example.com', /rua: "dmarc@example.com" is not mailto/],
    ['rua malformed address', 'v=DMARC1; p=reject; rua=mailto:dmarc-at-example.com', /is not mailto/],
    ['unknown tag', 'v=DMARC1; p=reject; ruf2=mailto:a@example.com', /"ruf2" is not a DMARC tag/],
    ['duplicate tag', 'v=DMARC1; p=reject; p=none', /appears twice/],
    ['bad fo', 'v=DMARC1; p=reject; fo=2', /fo must be/],
    ['not tag=value', 'v=DMARC1; p=reject; quarantine', /not a tag=value pair/],
  ])('refuses %s', (_case, record, words) => {
    expect(dmarcProblems(record)).toEqual(expect.arrayContaining([expect.stringMatching(words)]));
  });

  test('report authorization names the source domain under the report domain', () => {
    expect(
      dmarcAuthorizationProblems('example.org._report._dmarc.example.com.', 'v=DMARC1', 'example.org', 'example.com'),
    ).toEqual([]);
    expect(
      dmarcAuthorizationProblems('example.org._report._dmarc.example.org', 'v=DMARC1', 'example.org', 'example.com'),
    ).toEqual([expect.stringMatching(/is not example.org._report._dmarc.example.com/)]);
    expect(
      dmarcAuthorizationProblems(
        'example.org._report._dmarc.example.com',
        'v=DMARC1; p=none',
        'example.org',
        'example.com',
      ),
    ).toEqual([expect.stringMatching(/is not "v=DMARC1"/)]);
  });
});

describe('MAIL-1 DKIM and MAIL FROM name validators', () => {
  test('accepts <selector>._domainkey.<domain>, absolute or not', () => {
    expect(dkimNameProblems(`${TOKEN}._domainkey.example.com`, 'example.com')).toEqual([]);
    expect(dkimNameProblems(`${TOKEN}._domainkey.example.com.`, 'example.com')).toEqual([]);
  });

  test('refuses the zone appended twice, the wrong domain and a missing _domainkey', () => {
    expect(dkimNameProblems(`${TOKEN}._domainkey.example.com.example.com`, 'example.com')).toEqual([
      expect.stringMatching(/ends with the zone example.com twice/),
    ]);
    expect(dkimNameProblems(`${TOKEN}._domainkey.example.org`, 'example.com')).toEqual([
      expect.stringMatching(/is not <selector>._domainkey.example.com/),
    ]);
    expect(dkimNameProblems(`${TOKEN}.domainkey.example.com`, 'example.com')).toHaveLength(1);
  });

  test('DKIM targets are Easy DKIM hosts', () => {
    expect(dkimTargetProblems(`${TOKEN}.dkim.amazonses.com`)).toEqual([]);
    expect(dkimTargetProblems(`${TOKEN}.dkim.amazonses.com.example.com`)).toHaveLength(1);
    expect(dkimTargetProblems('short.dkim.amazonses.com')).toHaveLength(1);
  });

  test('the MAIL FROM is one label under the domain and its MX is the regional feedback endpoint', () => {
    expect(mailFromNameProblems('mail.example.com.', 'example.com')).toEqual([]);
    expect(mailFromNameProblems('example.com', 'example.com')).toHaveLength(1);
    expect(mailFromNameProblems('mail.example.com.example.com', 'example.com')).toEqual([
      expect.stringMatching(/twice/),
    ]);
    expect(mailFromMxProblems('10 feedback-smtp.eu-west-3.amazonses.com', 'eu-west-3')).toEqual([]);
    expect(mailFromMxProblems('10 feedback-smtp.us-east-1.amazonses.com', 'eu-west-3')).toHaveLength(1);
    expect(mailFromMxProblems('feedback-smtp.eu-west-3.amazonses.com', 'eu-west-3')).toHaveLength(1);
  });

  test('record names: labels, length, underscores', () => {
    expect(recordNameProblems('_dmarc.example.com.')).toEqual([]);
    expect(recordNameProblems('bad_label.example.com')).toHaveLength(1);
    expect(recordNameProblems(`${'a'.repeat(64)}.example.com`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/label longer than 63/)]),
    );
  });

  test('TXT values are quoted strings of at most 255 characters', () => {
    expect(txtStringProblems('"v=spf1 -all"')).toEqual([]);
    expect(txtStringProblems('v=spf1 -all')).toHaveLength(1);
    expect(txtStringProblems(`"${'a'.repeat(256)}"`)).toEqual([expect.stringMatching(/longer than 255/)]);
    expect(txtText('"v=DMARC1; p=reject; " "rua=mailto:a@example.com"')).toBe(
      'v=DMARC1; p=reject; rua=mailto:a@example.com',
    );
  });
});

describe('MAIL-1 record dispatcher', () => {
  const ctx = { domains: ['example.com', 'example.org'], region: 'eu-west-3' };

  test.each([
    { type: 'CNAME', name: `${TOKEN}._domainkey.example.com.`, values: [`${TOKEN}.dkim.amazonses.com`] },
    { type: 'MX', name: 'mail.example.org.', values: ['10 feedback-smtp.eu-west-3.amazonses.com'] },
    { type: 'TXT', name: 'mail.example.org.', values: ['"v=spf1 include:amazonses.com -all"'] },
    { type: 'TXT', name: '_dmarc.example.com.', values: ['"v=DMARC1; p=quarantine; rua=mailto:d@example.com"'] },
    { type: 'TXT', name: 'example.org._report._dmarc.example.com.', values: ['"v=DMARC1"'] },
  ])('accepts $type $name', (r) => {
    expect(mailRecordProblems(r, ctx)).toEqual([]);
  });

  test.each<[string, { type: string; name: string; values: string[] }, RegExp]>([
    ['DKIM as TXT', { type: 'TXT', name: `${TOKEN}._domainkey.example.com`, values: ['"x"'] }, /must be a CNAME/],
    [
      'doubled DKIM name',
      { type: 'CNAME', name: `${TOKEN}._domainkey.example.com.example.com.`, values: [`${TOKEN}.dkim.amazonses.com`] },
      /twice/,
    ],
    [
      'MX in the wrong region',
      { type: 'MX', name: 'mail.example.com', values: ['10 feedback-smtp.us-east-1.amazonses.com'] },
      /sending region/,
    ],
    [
      'two SPF records',
      { type: 'TXT', name: 'mail.example.com', values: ['"v=spf1 -all"', '"v=spf1 include:amazonses.com -all"'] },
      /exactly one/,
    ],
    ['unquoted TXT', { type: 'TXT', name: '_dmarc.example.com', values: ['v=DMARC1; p=reject'] }, /quoted strings/],
    [
      'DMARC typo',
      { type: 'TXT', name: '_dmarc.example.com', values: ['"v=DMARC1; p=quarantaine"'] },
      /p must be one of/,
    ],
    [
      'foreign domain',
      { type: 'TXT', name: '_dmarc.example.net', values: ['"v=DMARC1; p=reject"'] },
      /none of the sending domains/,
    ],
    [
      'unexpected record',
      { type: 'A', name: 'www.example.com', values: ['192.0.2.1'] },
      /not a record the mail stack is meant to write/,
    ],
  ])('refuses %s', (_case, r, words) => {
    expect(mailRecordProblems(r, ctx)).toEqual(expect.arrayContaining([expect.stringMatching(words)]));
  });
});
