import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abaRoutingValid,
  canadianSinValid,
  cardBrand,
  dutchBsnValid,
  flattenForScan,
  ibanValid,
  indianPanValid,
  luhnValid,
  redactField,
  scanField,
  scanFields,
  SENSITIVE_CATEGORIES,
  SENSITIVE_CATEGORY_LABELS,
  spanishIdValid,
  ssnValid,
  ukNinoValid,
  type FieldInput,
  type SensitiveCategory,
} from './sensitive-data.js';

/** [category, matched text] for each finding in a free-text value (or a keyed field). */
function found(value: string, key?: string): [SensitiveCategory, string][] {
  const field: FieldInput = key === undefined ? { path: 'note', value } : { path: 'note', key, value };
  return scanField(field).map((f) => [f.category, value.slice(f.start, f.end)]);
}

function categories(value: string, key?: string): SensitiveCategory[] {
  return found(value, key).map(([c]) => c);
}

function redact(value: string, key?: string): string {
  return redactField(key === undefined ? { path: 'note', value } : { path: 'note', key, value });
}

const CARD = '[redacted: Payment card number]';
const CSC = '[redacted: Card security code]';
const BANK = '[redacted: Bank account number]';
const GOV = '[redacted: Government ID number]';
const SECRET = '[redacted: Password or secret]';
const HEALTH = '[redacted: Health information]';

/** Appends the digit that makes `body` Luhn-valid. */
function withLuhn(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

/**
 * Fake credentials are assembled at run time so this file never contains a string that secret
 * scanners (GitHub push protection and the like) would take for a leaked key.
 */
const fake = {
  aws: 'AKIA' + 'Q3EXAMPLEKEY7ZZZ',
  github: 'gh' + 'p_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
  githubPat: 'github' + '_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
  slack: 'xo' + 'xb-' + '1234567890-abcdefghijkl',
  stripeLive: 'sk' + '_live_' + '4eC39HqLyjWDarjtT1zdp7dc',
  stripeTest: 'sk' + '_test_' + '4eC39HqLyjWDarjtT1zdp7dc',
  stripePublishable: 'pk' + '_live_' + '4eC39HqLyjWDarjtT1zdp7dc',
  google: 'AI' + 'za' + 'SyA1234567890abcdefghijklmnopqrstuv',
  jwt: 'ey' + 'JhbGciOiJIUzI1NiJ9.' + 'ey' + 'JzdWIiOiIxMjM0NTY3ODkwIn0.' + 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
};

describe('validators', () => {
  it('[P07] Luhn accepts the standard test numbers and rejects a changed digit', () => {
    for (const n of ['4242424242424242', '5555555555554444', '378282246310005', '79927398713', '4242 4242 4242 4242']) expect(luhnValid(n), n).toBe(true);
    for (const n of ['4242424242424241', '79927398710', '', 'abc', '4']) expect(luhnValid(n), n).toBe(false);
  });

  it('[P07] card brands need the issued prefix and length', () => {
    expect(cardBrand('4242424242424242')).toBe('Visa');
    expect(cardBrand('5555555555554444')).toBe('Mastercard');
    expect(cardBrand('2223003122003222')).toBe('Mastercard');
    expect(cardBrand('378282246310005')).toBe('Amex');
    expect(cardBrand('6011111111111117')).toBe('Discover');
    expect(cardBrand('3530111333300000')).toBe('JCB');
    expect(cardBrand('36227206271667')).toBe('Diners Club');
    expect(cardBrand('6200000000000005')).toBe('UnionPay');
    expect(cardBrand('1234567812345670')).toBeUndefined();
    expect(cardBrand('4222222222222')).toBeUndefined(); // 13-digit Visa: no longer issued, left out on purpose
    expect(cardBrand('37828224631000')).toBeUndefined(); // Amex is 15 digits
  });

  it('[P07] IBAN needs a known country, its length and the mod-97 check', () => {
    for (const iban of [
      'DE89370400440532013000',
      'GB82WEST12345698765432',
      'GB82 WEST 1234 5698 7654 32',
      'FR1420041010050500013M02606',
      'NL91ABNA0417164300',
      'ES9121000418450200051332',
      'BE68539007547034',
      'IT60X0542811101000000123456',
      'CH9300762011623852957',
      'de89370400440532013000',
    ]) expect(ibanValid(iban), iban).toBe(true);
    for (const iban of ['DE89370400440532013001', 'DE8937040044053201300', 'XX89370400440532013000', 'GB82WEST1234569876543', '']) expect(ibanValid(iban), iban).toBe(false);
  });

  it('[P07] ABA routing numbers need a Federal Reserve prefix and the 3-7-1 checksum', () => {
    for (const n of ['021000021', '011000015', '121000358', '026009593']) expect(abaRoutingValid(n), n).toBe(true);
    for (const n of ['021000022', '123456789', '000000000', '02100002', '0210000210']) expect(abaRoutingValid(n), n).toBe(false);
  });

  it('[P07] SSNs exclude the never-issued areas, groups and serials', () => {
    expect(ssnValid('123-45-6789')).toBe(true);
    expect(ssnValid('123 45 6789')).toBe(true);
    for (const n of ['000-12-3456', '666-12-3456', '900-12-3456', '999-12-3456', '123-00-4567', '123-45-0000', '12-345-6789']) expect(ssnValid(n), n).toBe(false);
  });

  it('[P07] UK NI numbers exclude the letters and prefixes HMRC never allocates', () => {
    for (const n of ['AB123456C', 'AB 12 34 56 C', 'ce123456d']) expect(ukNinoValid(n), n).toBe(true);
    for (const n of ['QQ123456C', 'DA123456A', 'AO123456A', 'GB123456A', 'NK123456A', 'ZZ123456A', 'AB123456E', 'AB12345C']) expect(ukNinoValid(n), n).toBe(false);
  });

  it('[P07] Canadian SIN, Dutch BSN, Spanish DNI/NIE and Indian PAN check their check digits', () => {
    expect(canadianSinValid('130 692 544')).toBe(true);
    expect(canadianSinValid('130692545')).toBe(false);
    expect(canadianSinValid('046 454 286')).toBe(false); // Luhn-valid, but no SIN starts with 0
    expect(dutchBsnValid('111222333')).toBe(true);
    expect(dutchBsnValid('123456782')).toBe(true);
    expect(dutchBsnValid('123456789')).toBe(false);
    expect(dutchBsnValid('000000000')).toBe(false);
    expect(spanishIdValid('12345678Z')).toBe(true);
    expect(spanishIdValid('12345678-Z')).toBe(true);
    expect(spanishIdValid('12345678A')).toBe(false);
    expect(spanishIdValid('X1234567L')).toBe(true);
    expect(spanishIdValid('Y1234567X')).toBe(true);
    expect(spanishIdValid('X1234567A')).toBe(false);
    expect(indianPanValid('ABCPE1234F')).toBe(true);
    expect(indianPanValid('ABCDE1234F')).toBe(false); // fourth letter is the holder type; D is none
  });
});

describe('payment cards', () => {
  it('[P07] detects Luhn-valid card numbers with spaces or dashes', () => {
    const cases: [string, string][] = [
      ['4242 4242 4242 4242', 'Visa ending 4242'],
      ['4242-4242-4242-4242', 'Visa ending 4242'],
      ['4242424242424242', 'Visa ending 4242'],
      ['5555555555554444', 'Mastercard ending 4444'],
      ['2223 0031 2200 3222', 'Mastercard ending 3222'],
      ['378282246310005', 'Amex ending 0005'],
      ['3782 822463 10005', 'Amex ending 0005'],
      ['6011111111111117', 'Discover ending 1117'],
      ['3530111333300000', 'JCB ending 0000'],
      ['3622 720627 1667', 'Diners Club ending 1667'],
      ['6200 0000 0000 0005', 'UnionPay ending 0005'],
      [withLuhn('400000000000000000'), `Visa ending ${withLuhn('400000000000000000').slice(-4)}`],
    ];
    for (const [card, hint] of cases) {
      const text = `Customer read out ${card} on the call.`;
      const findings = scanField({ path: 'notes', value: text });
      expect(findings, card).toEqual([
        { path: 'notes', category: 'payment_card', detector: 'payment_card', hint, start: text.indexOf(card), end: text.indexOf(card) + card.length },
      ]);
    }
  });

  it('[P07] finds a card at the start, at the end, in a field of its own, and after a short number', () => {
    expect(found('4242424242424242')).toEqual([['payment_card', '4242424242424242']]);
    expect(found('card:4242 4242 4242 4242.')).toEqual([['payment_card', '4242 4242 4242 4242']]);
    expect(found('qty 2 4242 4242 4242 4242')).toEqual([['payment_card', '4242 4242 4242 4242']]);
    expect(found('(5555-5555-5555-4444)')).toEqual([['payment_card', '5555-5555-5555-4444']]);
  });

  it('[P07] does not flag Luhn-valid digits with a bad prefix or length, or other numbers', () => {
    expect(luhnValid('1234567812345670')).toBe(true);
    const visa15 = withLuhn('42424242424242');
    const amex16 = withLuhn('378282246310000');
    const mc15 = withLuhn('55555555555544');
    for (const ok of [visa15, amex16, mc15, '4222222222222']) expect(luhnValid(ok), ok).toBe(true);
    const harmless = [
      '1234567812345670',
      visa15,
      amex16,
      mc15,
      '4222222222222',
      '4242424242424241',
      'Call +1 415 555 2671 or +44 20 7946 0958',
      'Office: 020 7946 0958, mobile 07700 900123',
      'Kick-off 2026-03-14T10:30:00Z, renewal 14/03/2027',
      'Order PO-2026-000123 and INV-4242424242424242',
      'ARR $1,200,000 (was $950,000), 1 200 000 EUR',
      'ref INV4242424242424242 and 0.4242424242424242 and 4242424242424242x',
      'Twitter id 1456789012345678901, epoch 1767225600000',
      '42424242424242420000',
      'usage by month: 4242 4242 4242 4242 4242',
      'Seats 4242 4242 4242 4242-17',
      'PO-4242 4242 4242 4242',
    ];
    for (const text of harmless) expect(categories(text), text).not.toContain('payment_card');
  });

  it('[P07] redacts the card and keeps the sentence', () => {
    expect(redact('Card 4242-4242-4242-4242, exp 12/27')).toBe(`Card ${CARD}, exp 12/27`);
    expect(redact('two cards: 5555555555554444 / 378282246310005')).toBe(`two cards: ${CARD} / ${CARD}`);
  });
});

describe('card security codes', () => {
  it('[P07] detects a 3–4 digit value in a field named like a security code, whatever the separators and case', () => {
    for (const key of ['CVV', 'cvv2', 'CVC', 'cvc_2', 'card-cvc2', 'CSC', 'Security Code', 'securityCode', 'card_code', 'Card Verification Value', 'Amex CID', 'cardCid']) {
      expect(categories('123', key), key).toEqual(['card_security_code']);
      expect(redact('123', key), key).toBe(CSC);
    }
    expect(found(' 4321 ', 'cvv')).toEqual([['card_security_code', '4321']]);
  });

  it('[P07] leaves short numbers in other fields, and odd values in security-code fields, alone', () => {
    expect(categories('123', 'seats')).toEqual([]);
    expect(categories('1234', 'cid')).toEqual([]); // a customer id here, not Amex's CID
    expect(categories('1234', 'Customer CID')).toEqual([]);
    expect(categories('12345', 'cvv')).toEqual([]);
    expect(categories('n/a', 'cvv')).toEqual([]);
    expect(categories('true', 'cvv_required')).toEqual([]);
    expect(redact('true', 'cvv_required')).toBe('true');
  });

  it('[P07] detects a security code right after its label in free text', () => {
    for (const [text, code] of [
      ['CVV: 123', '123'],
      ['cvv2=123', '123'],
      ['CVC is 999', '999'],
      ['security code 4321', '4321'],
      ['Card code: 1234', '1234'],
      ['card verification value - 077', '077'],
      ['Amex CID 1234', '1234'],
    ]) expect(found(text as string), text).toEqual([['card_security_code', code]]);
  });

  it('[P07] does not read "CID", longer numbers or unlabelled numbers as security codes', () => {
    for (const text of ['CID 4521 renewal moved', 'CVV: 12345', 'security code review on 2026-03-14', '123 seats, 4321 users', 'CVV: 12.5']) {
      expect(categories(text), text).toEqual([]);
    }
  });

  it('[P07] redacts the code and keeps the label', () => {
    expect(redact('Visa exp 12/27 CVV: 123.')).toBe(`Visa exp 12/27 CVV: ${CSC}.`);
    expect(redact('4242 4242 4242 4242 cvc 999')).toBe(`${CARD} cvc ${CSC}`);
  });
});

describe('bank accounts', () => {
  it('[P07] detects valid IBANs anywhere in text, spaced or not', () => {
    const cases: [string, string][] = [
      ['DE89 3704 0044 0532 0130 00', 'IBAN (DE)'],
      ['GB82WEST12345698765432', 'IBAN (GB)'],
      ['FR14 2004 1010 0505 0001 3M02 606', 'IBAN (FR)'],
      ['NL91ABNA0417164300', 'IBAN (NL)'],
      ['ES91 2100 0418 4502 0005 1332', 'IBAN (ES)'],
      ['de89370400440532013000', 'IBAN (DE)'],
    ];
    for (const [iban, hint] of cases) {
      const text = `Please refund to ${iban}. Thanks`;
      const findings = scanField({ path: 'body.note', value: text });
      expect(findings.map((f) => [f.category, f.detector, f.hint, text.slice(f.start, f.end)]), iban).toEqual([['bank_account', 'iban', hint, iban]]);
    }
  });

  it('[P07] does not flag IBAN look-alikes', () => {
    for (const text of [
      'DE89 3704 0044 0532 0130 01',
      'DE89 3704 0044 0532 0130 0',
      'DE89370400440532013000123',
      'XX89 3704 0044 0532 0130 00',
      'SKU AB12 3456 7890 1234 restocked',
      'Plan GB22 and DE10 tiers',
    ]) expect(categories(text), text).toEqual([]);
  });

  it('[P07] detects routing, sort code, BSB and account numbers only next to their labels', () => {
    expect(found('Routing number: 021000021')).toEqual([['bank_account', '021000021']]);
    expect(found('ABA 011000015')).toEqual([['bank_account', '011000015']]);
    expect(found('RTN#121000358')).toEqual([['bank_account', '121000358']]);
    expect(found('bank account number 12345678')).toEqual([['bank_account', '12345678']]);
    expect(found('Checking acct #000123456789')).toEqual([['bank_account', '000123456789']]);
    expect(found('sort code 12-34-56, account no. 12345678')).toEqual([
      ['bank_account', '12-34-56'],
      ['bank_account', '12345678'],
    ]);
    expect(found('BSB 062-000 account 12345678')).toEqual([
      ['bank_account', '062-000'],
      ['bank_account', '12345678'],
    ]);
    expect(found('Routing 021000021 / Account: 987654321')).toEqual([
      ['bank_account', '021000021'],
      ['bank_account', '987654321'],
    ]);
  });

  it('[P07] does not flag unlabelled routing numbers, bad checksums or customer account numbers', () => {
    for (const text of [
      'ticket 021000021 escalated',
      'routing 021000022',
      'Account number 12345678 renews in May', // a customer account in some system: no banking context
      'account #4521',
      'meeting 12-34-56',
      'Account: Acme Corp, 320 seats',
      'bank holiday; account 2026-03-14 renewal',
    ]) expect(categories(text), text).toEqual([]);
  });

  it('[P07] detects bank details by field name, and generic account numbers only with a bank in the path', () => {
    expect(categories('DE89370400440532013000', 'IBAN')).toEqual(['bank_account']);
    expect(categories('DE89370400440532013001', 'iban')).toEqual(['bank_account']); // a typo is still an IBAN
    expect(categories('021000021', 'routing_number')).toEqual(['bank_account']);
    expect(categories('12-34-56', 'Sort code')).toEqual(['bank_account']);
    expect(categories('062-000', 'BSB')).toEqual(['bank_account']);
    expect(categories('12345678', 'bank_account_number')).toEqual(['bank_account']);
    expect(scanField({ path: 'custom.bank.account_number', key: 'account_number', value: '12345678' }).map((f) => f.category)).toEqual(['bank_account']);
    expect(scanField({ path: 'body.AccountNumber', key: 'AccountNumber', value: '12345678' })).toEqual([]);
    expect(categories('Acme', 'bank_account')).toEqual([]);
  });

  it('[P07] redacts bank details and keeps their labels', () => {
    expect(redact('IBAN: DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX')).toBe(`IBAN: ${BANK}, BIC COBADEFFXXX`);
    expect(redact('routing 021000021 acct no 12345678')).toBe(`routing ${BANK} acct no ${BANK}`);
  });
});

describe('government ID numbers', () => {
  it('[P07] detects formatted US SSNs and labelled unformatted ones', () => {
    expect(found('SSN 123-45-6789')).toEqual([['government_id', '123-45-6789']]);
    expect(found('her number is 123 45 6789.')).toEqual([['government_id', '123 45 6789']]);
    expect(found('ssn: 123456789')).toEqual([['government_id', '123456789']]);
    expect(found('Social Security number is 078051120')).toEqual([['government_id', '078051120']]);
    expect(scanField({ path: 'x', value: 'SSN 123-45-6789' })[0]?.hint).toBe('US Social Security number');
  });

  it('[P07] does not flag invalid SSNs, unlabelled nine-digit numbers, phone numbers or mixed separators', () => {
    for (const text of [
      '000-12-3456',
      '666-12-3456',
      '900-12-3456',
      '123-00-4567',
      '123-45-0000',
      'order 123456789',
      'call 415-555-2671',
      '123-45 6789',
      'figures 12 123 45 6789 99',
      'build 1.123-45-6789',
    ]) expect(categories(text), text).toEqual([]);
  });

  it('[P07] detects UK National Insurance numbers and skips the unallocated ones', () => {
    expect(found('NI AB123456C')).toEqual([['government_id', 'AB123456C']]);
    expect(found('NINO: AB 12 34 56 C.')).toEqual([['government_id', 'AB 12 34 56 C']]);
    for (const text of ['QQ123456C', 'GB123456A', 'AB123456E', 'XAB123456C', 'AB1234567C']) expect(categories(text), text).toEqual([]);
  });

  it('[P07] detects Canadian SINs when dash-formatted or labelled, but not phone numbers or lists of figures', () => {
    expect(found('SIN 130 692 544')).toEqual([['government_id', '130 692 544']]);
    expect(found('130-692-544')).toEqual([['government_id', '130-692-544']]);
    expect(found('SIN: 130692544')).toEqual([['government_id', '130692544']]);
    expect(found('social insurance number 130692544')).toEqual([['government_id', '130692544']]);
    expect(canadianSinValid('120 150 180')).toBe(true);
    for (const text of ['tel: 130-692-544', '+34 130-692-544', '130-692-545', '130692544', '130 692 544', 'headcount 120 150 180', 'no sin 130692544']) {
      expect(categories(text), text).toEqual([]);
    }
  });

  it('[P07] detects Dutch BSN, Spanish DNI/NIE, Indian PAN, passports and driving licences by their rules', () => {
    expect(found('BSN: 111222333')).toEqual([['government_id', '111222333']]);
    expect(found('DNI 12345678Z')).toEqual([['government_id', '12345678Z']]);
    expect(found('NIE X1234567L')).toEqual([['government_id', 'X1234567L']]);
    expect(found('PAN: ABCPE1234F')).toEqual([['government_id', 'ABCPE1234F']]);
    expect(found('Passport no. 123456789')).toEqual([['government_id', '123456789']]);
    expect(found('passport: X1234567')).toEqual([['government_id', 'X1234567']]);
    expect(found("Driver's licence number: D1234567")).toEqual([['government_id', 'D1234567']]);
    expect(found('driving license MORGA753116SM9IJ')).toEqual([['government_id', 'MORGA753116SM9IJ']]);
    expect(scanField({ path: 'x', value: 'DNI 12345678Z' })[0]?.detector).toBe('es_dni');
  });

  it('[P07] needs the label for BSN, PAN, passports and licences, and the check letter for DNI', () => {
    for (const text of [
      '111222333',
      'BSN 123456789',
      'ABCPE1234F',
      'pan: ABCPE1234F',
      '12345678A',
      '12345678 Z',
      'passport renewal next week',
      'passport expires 2027',
      "Driver's license: 2026-03-01",
      'licence number LIC-2026-000123',
    ]) expect(categories(text), text).toEqual([]);
  });

  it('[P07] detects government IDs by field name', () => {
    expect(categories('123456789', 'SSN')).toEqual(['government_id']);
    expect(categories('123-45-6789', 'social_security_number')).toEqual(['government_id']);
    expect(categories('ab 12 34 56 c', 'NI number')).toEqual(['government_id']);
    expect(categories('130692544', 'SIN')).toEqual(['government_id']);
    expect(categories('111222333', 'bsn')).toEqual(['government_id']);
    expect(categories('12345678Z', 'DNI')).toEqual(['government_id']);
    expect(categories('ABCPE1234F', 'PAN')).toEqual(['government_id']);
    expect(categories('K1234567', 'passportNumber')).toEqual(['government_id']);
    expect(categories('D1234567', "Driver's license")).toEqual(['government_id']);
    expect(categories('n/a', 'SSN')).toEqual([]);
    expect(categories('unknown', 'passport')).toEqual([]);
    expect(categories('12-3456789', 'tax_id')).toEqual([]); // an EIN is a company's, not a person's
  });

  it('[P07] redacts the number and keeps the label', () => {
    expect(redact('SSN: 123-45-6789, NI AB123456C')).toBe(`SSN: ${GOV}, NI ${GOV}`);
    expect(redact('123456789', 'ssn')).toBe(GOV);
  });
});

describe('passwords and secrets', () => {
  it('[P07] treats any non-empty value of a field named like a secret as a secret, and redacts it whole', () => {
    for (const key of ['password', 'Passwd', 'user_pwd', 'newPassword', 'Pass phrase', 'secret', 'apiKey', 'api_key', 'APIKEY', 'x-api-key', 'Access Token', 'private_key', 'client_secret', 'AWS Secret Access Key']) {
      const findings = scanField({ path: 'p', key, value: ' hunter2 ' });
      expect(findings.map((f) => [f.category, f.start, f.end]), key).toEqual([['password', 0, 9]]);
      expect(redact(' hunter2 ', key), key).toBe(SECRET);
    }
    expect(categories('', 'password')).toEqual([]);
    expect(redact('', 'password')).toBe('');
    expect(redact('   ', 'password')).toBe('   ');
  });

  it('[P07] does not treat fields about a secret, or unrelated look-alike names, as secrets', () => {
    for (const key of ['password_changed_at', 'has_password', 'passwordHint', 'password_reset_required', 'api_key_id', 'secretary', 'passport', 'passenger', 'token_count', 'Password manager']) {
      expect(categories('true', key), key).toEqual([]);
      expect(redact('2026-03-14', key), key).toBe('2026-03-14');
    }
  });

  it('[P07] finds passwords after their label in free text and redacts only the secret', () => {
    expect(redact('password: hunter2')).toBe(`password: ${SECRET}`);
    expect(redact('Password:hunter2.')).toBe(`Password:${SECRET}`); // a trailing "." may be part of it
    expect(redact('Zoom passcode: 8H2kq!, then dial in')).toBe(`Zoom passcode: ${SECRET}, then dial in`);
    expect(redact('pwd=s3cr3t&user=jane')).toBe(`pwd=${SECRET}&user=jane`);
    expect(redact('my password is hunter2, call me')).toBe(`my password is ${SECRET}, call me`);
    expect(redact('the password was "correct horse battery"')).toBe(`the password was "${SECRET}"`);
    expect(redact('DB_PASSWORD=hunter2')).toBe(`DB_PASSWORD=${SECRET}`);
    expect(redact('{"user": "jane", "password": "s3cret!"}')).toBe(`{"user": "jane", "password": "${SECRET}"}`);
    expect(redact('PW: Tr0ub4dor')).toBe(`PW: ${SECRET}`);
    expect(redact('passphrase is Sunshine42')).toBe(`passphrase is ${SECRET}`);
  });

  it('[P07] does not read notes about passwords as passwords', () => {
    for (const text of [
      'the password is expired',
      'the password is 12 characters long',
      'password is 8+ chars, see 1Password: vault',
      'her password was reset yesterday',
      'Password: reset via SSO',
      'password reset sent to jane@acme.com',
      'passwords rotated quarterly',
      'forgot-password flow broken',
      'API key: regenerated',
      'pw reset done',
      'the passport is ready',
    ]) expect(categories(text), text).toEqual([]);
  });

  it('[P07] finds well-known credential formats without a label', () => {
    const cases: [string, string][] = [
      [fake.aws, 'aws_access_key_id'],
      [fake.github, 'github_token'],
      [fake.githubPat, 'github_token'],
      [fake.slack, 'slack_token'],
      [fake.stripeLive, 'stripe_secret_key'],
      [fake.stripeTest, 'stripe_secret_key'],
      [fake.google, 'google_api_key'],
      [fake.jwt, 'jwt'],
    ];
    for (const [token, detector] of cases) {
      const text = `pasted ${token} into the ticket`;
      const findings = scanField({ path: 'n', value: text });
      expect(findings.map((f) => [f.category, f.detector, text.slice(f.start, f.end)]), detector).toEqual([['password', detector, token]]);
      expect(redact(text)).toBe(`pasted ${SECRET} into the ticket`);
    }
    expect(categories(`publishable ${fake.stripePublishable}`)).toEqual([]);
    expect(categories('AKIA1234 is too short')).toEqual([]);
  });

  it('[P07] finds PEM private keys, labelled API keys, bearer tokens and passwords inside URLs', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq\n-----END RSA PRIVATE KEY-----';
    expect(redact(`key:\n${pem}\nthanks`)).toBe(`key:\n${SECRET}\nthanks`);
    expect(redact('x -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXkt')).toBe(`x ${SECRET}`); // cut off: all of it goes
    expect(categories('-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----')).toEqual([]);
    expect(redact('api_key = 8f2a9c41d07e4b5a')).toBe(`api_key = ${SECRET}`);
    expect(redact('client secret: "Zk9vX2d1bW15LXNlY3JldA"')).toBe(`client secret: "${SECRET}"`);
    expect(redact('aws_secret_access_key=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY')).toBe(`aws_secret_access_key=${SECRET}`);
    expect(redact('Authorization: Bearer abcdef0123456789abcdef')).toBe(`Authorization: Bearer ${SECRET}`);
    expect(redact('DATABASE_URL=postgres://app:hunter2@db.internal:5432/candor')).toBe(`DATABASE_URL=postgres://app:${SECRET}@db.internal:5432/candor`);
    expect(categories('see https://acme.com:8443/path and mailto:jane@acme.com')).toEqual([]);
  });
});

describe('health information', () => {
  it('[P07] detects conditions, treatments and pregnancy as whole words, hinting the kind not the term', () => {
    const cases: [string, string, string][] = [
      ['Jane was diagnosed with type 2 diabetes', 'diabetes', 'medical condition'],
      ['he is undergoing Chemotherapy until June', 'Chemotherapy', 'medical treatment'],
      ['champion is pregnant, back in Q3', 'pregnant', 'reproductive health'],
      ['she had a miscarriage last month', 'miscarriage', 'reproductive health'],
      ['on dialysis three times a week', 'dialysis', 'medical treatment'],
      ['he is HIV positive', 'HIV positive', 'medical condition'],
      ['living with AIDS', 'AIDS', 'medical condition'],
      ['bipolar, off for two weeks', 'bipolar', 'mental health'],
      ['diagnosed with schizophrenia', 'schizophrenia', 'mental health'],
      ['has epilepsy', 'epilepsy', 'medical condition'],
      ['recovering from hepatitis C', 'hepatitis C', 'medical condition'],
      ['treated for depression', 'depression', 'mental health'],
      ['waiting on a prescription', 'prescription', 'medical treatment'],
      ["her father has Alzheimer's", "Alzheimer's", 'medical condition'],
      ['CANCER treatment', 'CANCER', 'medical condition'],
    ];
    for (const [text, term, hint] of cases) {
      const findings = scanField({ path: 'n', value: text });
      expect(findings.map((f) => [f.category, f.hint, text.slice(f.start, f.end)]), text).toEqual([['health', hint, term]]);
      expect(findings[0]?.hint.toLowerCase()).not.toContain(term.toLowerCase());
    }
  });

  it('[P07] does not flag customer-success vocabulary or idioms', () => {
    for (const text of [
      'health score dropped to 42',
      'account health is healthy',
      'Healthy adoption, churn risk low',
      'at risk: critical bug in export',
      'pulse survey sent',
      'they are sick of the UI',
      'off sick today, call tomorrow',
      'champion on maternity leave until May',
      'hearing aids vendor; sales aids deck',
      'disabled SSO for the sandbox',
      'COVID froze budgets in 2020',
      'Mercy Hospital renewal',
      'a stroke of luck',
      'the price gave the CFO a heart attack',
      'cancelled the QBR',
      'E11.9 in the build log',
    ]) expect(categories(text), text).toEqual([]);
  });

  it('[P07] detects ICD-10 codes only when labelled, and health fields by name', () => {
    expect(found('ICD-10: E11.9')).toEqual([['health', 'E11.9']]);
    expect(found('diagnosis code F32.1')).toEqual([['health', 'F32.1']]);
    expect(categories('Type 2', 'Diagnosis')).toEqual(['health']);
    expect(categories('penicillin', 'allergies')).toEqual(['health']);
    expect(categories('none', 'Medications')).toEqual([]);
    expect(categories('42', 'Health score')).toEqual([]);
    expect(categories('Healthy', 'health')).toEqual([]);
  });

  it('[P07] redacts the term and keeps the sentence', () => {
    expect(redact('Jane is pregnant, back in May')).toBe(`Jane is ${HEALTH}, back in May`);
    expect(redact('Type 2', 'diagnosis')).toBe(HEALTH);
  });
});

describe('overlaps, many fields and redaction', () => {
  it('[P07] reports one finding per span, keeping the most specific', () => {
    expect(scanField({ path: 'p', value: 'SSN: 123-45-6789' }).map((f) => f.detector)).toEqual(['us_ssn']);
    expect(scanField({ path: 'p', key: 'ssn', value: '123-45-6789' }).map((f) => f.detector)).toEqual(['us_ssn']);
    expect(scanField({ path: 'p', value: 'bank account number 4242424242424242' }).map((f) => f.category)).toEqual(['payment_card']);
    expect(scanField({ path: 'p', value: 'password: 4242424242424242' }).map((f) => f.category)).toEqual(['payment_card']);
    expect(scanField({ path: 'p', key: 'password', value: 'hunter2 4242 4242 4242 4242' }).map((f) => f.detector)).toEqual(['password_field']);
    expect(scanField({ path: 'p', key: 'diagnosis', value: 'diabetes' }).map((f) => f.detector)).toEqual(['health_field']);
  });

  it('[P07] scans many fields and reports each finding with its own path', () => {
    const findings = scanFields([
      { path: 'row 1 › Name', key: 'Name', value: 'Jane Doe' },
      { path: 'row 1 › Card', key: 'Card', value: '4242 4242 4242 4242' },
      { path: 'row 1 › Notes', key: 'Notes', value: 'CVV: 123, IBAN DE89370400440532013000' },
      { path: 'row 2 › Password', key: 'Password', value: 'hunter2' },
    ]);
    expect(findings.map((f) => [f.path, f.category])).toEqual([
      ['row 1 › Card', 'payment_card'],
      ['row 1 › Notes', 'card_security_code'],
      ['row 1 › Notes', 'bank_account'],
      ['row 2 › Password', 'password'],
    ]);
    for (const f of findings) expect(f.hint).not.toMatch(/4242 4242|hunter2|DE89370400440532013000/);
  });

  it('[P07] redaction uses only the field’s own findings and never lets an overlapping tail through', () => {
    const field = { path: 'a', value: 'card 4242424242424242 here' };
    const other = scanField({ path: 'b', value: field.value });
    expect(redactField(field, other)).toBe(field.value);
    const overlapping = [
      { path: 'a', category: 'payment_card' as const, detector: 't', hint: 't', start: 5, end: 15 },
      { path: 'a', category: 'payment_card' as const, detector: 't', hint: 't', start: 10, end: 21 },
    ];
    expect(redactField(field, overlapping)).toBe(`card ${CARD} here`);
    expect(redactField({ path: 'a', value: 'plain text' }, [])).toBe('plain text');
  });

  it('[P07] redacted text scans clean (redaction is stable when a value is saved twice)', () => {
    const text =
      'Card 4242 4242 4242 4242 CVV: 123; IBAN DE89 3704 0044 0532 0130 00; routing 021000021; SSN 123-45-6789; ' +
      `password: hunter2; ${fake.stripeLive}; she is pregnant; ICD-10 E11.9; NI AB123456C`;
    const once = redact(text);
    expect(scanField({ path: 'note', value: once })).toEqual([]);
    expect(redact(once)).toBe(once);
    for (const category of SENSITIVE_CATEGORIES) expect(once).toContain(`[redacted: ${SENSITIVE_CATEGORY_LABELS[category]}]`);
  });
});

describe('flattenForScan', () => {
  it('[P07] walks nested objects and arrays into dotted paths with the nearest key', () => {
    const body = {
      name: 'Acme',
      seats: 12,
      active: true,
      churnedAt: null,
      contacts: [{ email: 'jane@acme.com', phones: ['+1 415 555 2671', 2671] }],
      custom: { tax_id: '123-45-6789', nested: { password: 'hunter2' } },
      tags: ['vip', 'emea'],
    };
    expect(flattenForScan(body, 'body')).toEqual([
      { path: 'body.name', key: 'name', value: 'Acme' },
      { path: 'body.seats', key: 'seats', value: '12' },
      { path: 'body.contacts[0].email', key: 'email', value: 'jane@acme.com' },
      { path: 'body.contacts[0].phones[0]', key: 'phones', value: '+1 415 555 2671' },
      { path: 'body.contacts[0].phones[1]', key: 'phones', value: '2671' },
      { path: 'body.custom.tax_id', key: 'tax_id', value: '123-45-6789' },
      { path: 'body.custom.nested.password', key: 'password', value: 'hunter2' },
      { path: 'body.tags[0]', key: 'tags', value: 'vip' },
      { path: 'body.tags[1]', key: 'tags', value: 'emea' },
    ]);
    expect(scanFields(flattenForScan(body, 'body')).map((f) => [f.path, f.category])).toEqual([
      ['body.custom.tax_id', 'government_id'],
      ['body.custom.nested.password', 'password'],
    ]);
  });

  it('[P07] handles roots, an empty base path, dates, cycles and very deep nesting', () => {
    expect(flattenForScan('hunter2', 'note')).toEqual([{ path: 'note', value: 'hunter2' }]);
    expect(flattenForScan(['a', ['b']], 'tags')).toEqual([
      { path: 'tags[0]', value: 'a' },
      { path: 'tags[1][0]', value: 'b' },
    ]);
    expect(flattenForScan({ a: { b: 1 } }, '')).toEqual([{ path: 'a.b', key: 'b', value: '1' }]);
    expect(flattenForScan({ at: new Date(0) }, 'x')).toEqual([{ path: 'x.at', key: 'at', value: '1970-01-01T00:00:00.000Z' }]);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    expect(flattenForScan(cyclic, 'c')).toEqual([{ path: 'c.name', key: 'name', value: 'loop' }]);
    let deep: unknown = '4242 4242 4242 4242';
    for (let i = 0; i < 20_000; i++) deep = { d: deep };
    const fields = flattenForScan(deep, 'body');
    expect(fields).toHaveLength(1);
    expect(scanFields(fields).map((f) => f.category)).toEqual(['payment_card']);
    expect(flattenForScan(undefined, 'x')).toEqual([]);
    expect(flattenForScan(Number.NaN, 'x')).toEqual([]);
  });
});

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));

/** A random Visa or Mastercard number with a correct check digit, in one of the ways people write it. */
const validCard = fc
  .tuple(
    fc.constantFrom('4', '51', '52', '53', '54', '55', '2221', '2500', '2720'),
    digits(15),
    fc.constantFrom('plain', 'spaces', 'dashes'),
  )
  .map(([prefix, rest, style]) => {
    const number = withLuhn((prefix + rest).slice(0, 15));
    const formatted = style === 'plain' ? number : (number.match(/.{4}/g) ?? []).join(style === 'spaces' ? ' ' : '-');
    return { number, formatted };
  });

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** Ordinary customer-success text: words, dates, phone numbers, amounts, order ids, counts. */
const safeToken = fc.oneof(
  fc.constantFrom(
    'renewal', 'champion', 'onboarding', 'health', 'score', 'healthy', 'churn', 'risk', 'critical', 'pulse', 'QBR',
    'expansion', 'ARR', 'NPS', 'ticket', 'Acme', 'Globex', 'call', 'email', 'sick', 'of', 'the', 'UI', 'at', 'account',
    'order', 'sync', 'Q3', 'EMEA', 'v2', 'SSO', 'API', 'invoice', 'security', 'review', 'card', 'bank', 'holiday', 'number',
  ),
  fc.tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`),
  fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1990, max: 2099 })).map(([d, m, y]) => `${pad(d)}/${pad(m)}/${y}`),
  fc.tuple(fc.integer({ min: 1, max: 999 }), digits(3), digits(3), digits(4)).map(([cc, a, b, c]) => `+${cc} ${a} ${b} ${c}`),
  fc.tuple(digits(2), digits(4), digits(4)).map(([a, b, c]) => `0${a} ${b} ${c}`),
  fc.tuple(digits(3), digits(3), digits(4)).map(([a, b, c]) => `(${a}) ${b}-${c}`),
  fc.tuple(fc.integer({ min: 1, max: 999 }), fc.array(digits(3), { maxLength: 3 })).map(([head, rest]) => `$${[head, ...rest].join(',')}`),
  fc.tuple(fc.integer({ min: 2000, max: 2099 }), digits(6)).map(([y, n]) => `PO-${y}-${n}`),
  fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.constantFrom('seats', 'users', 'logins', 'tickets', '%')).map(([n, unit]) => `${n} ${unit}`),
  fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([a, b, c]) => `v${a}.${b}.${c}`),
);
const safeText = fc.array(safeToken, { minLength: 1, maxLength: 40 }).map((tokens) => tokens.join(' '));

describe('properties', () => {
  it('[P07] every random valid Visa/Mastercard number is found, with its exact span', () => {
    fc.assert(
      fc.property(validCard, safeText, safeText, ({ formatted }, before, after) => {
        const text = `${before}, card ${formatted}. ${after}`;
        const cards = scanField({ path: 'n', value: text }).filter((f) => f.category === 'payment_card');
        expect(cards.map((f) => text.slice(f.start, f.end))).toEqual([formatted]);
      }),
      { numRuns: 500 },
    );
  });

  it('[P07] ordinary words, dates, phone numbers and amounts never produce a finding', () => {
    fc.assert(
      fc.property(safeText, (text) => {
        expect(scanField({ path: 'n', value: text }).filter((f) => f.category === 'payment_card')).toEqual([]);
        expect(scanField({ path: 'n', value: text })).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('[P07] redacting never leaves the original card digits in the output', () => {
    fc.assert(
      fc.property(validCard, safeText, safeText, ({ number, formatted }, before, after) => {
        const out = redact(`${before}; ${formatted}; ${after}`);
        expect(out).not.toContain(formatted);
        expect(out.replace(/[ -]/g, '')).not.toContain(number);
        expect(out).toContain(CARD);
      }),
      { numRuns: 500 },
    );
  });
});

describe('volume', () => {
  const notes = [
    'QBR with Jane (VP Customer Success) on 2026-03-14 at 10:30: health score 72 -> 81 after onboarding; account health is healthy.',
    'ARR $1,200,000 (up from $950,000), 320 seats, NPS 45, churn risk low, not at risk. Renewal PO-2026-000123 due 14/03/2027.',
    'Call +1 415 555 2671 or +44 20 7946 0958; office 020 7946 0958. Ticket #48213 critical, fixed in v4.12.3, pulse survey sent.',
    'They are sick of the UI; champion on maternity leave until May. Security review passed, SSO disabled for the sandbox.',
    'Account number 10045 in Salesforce; order 1234-5678-9012; invoice INV-2026-0042 paid; 1 200 000 EUR pipeline in EMEA.',
    'Usage by month 2021 2022 2023 2024; epoch 1767225600000; uuid 550e8400-e29b-41d4-a716-446655440000; IP 192.168.10.24.',
    'Password reset sent to jane@acme.com, API key regenerated by their admin. Expansion: 40 more logins in Q3.',
  ];

  it('[P07] scans 1 MB of ordinary customer-success notes without a finding', () => {
    let text = '';
    for (let i = 0; text.length < 1_048_576; i++) text += `${notes[i % notes.length]}\n`;
    expect(scanField({ path: 'notes', value: text })).toEqual([]);
  });

  it('[P07] scans a 10k-field import without a finding', () => {
    const fields: FieldInput[] = [];
    for (let row = 1; fields.length < 10_000; row++) {
      const cells: Record<string, string> = {
        Name: `Contact ${row}`,
        Email: `contact${row}@example.com`,
        Phone: `+1 415 555 ${String(row % 10_000).padStart(4, '0')}`,
        Company: `Company ${row % 97}`,
        ARR: `$${(row * 1375) % 2_000_000}`,
        Seats: String(row % 500),
        'Health score': String(row % 100),
        'Renewal date': `2027-${pad((row % 12) + 1)}-${pad((row % 28) + 1)}`,
        'Order ID': `PO-2026-${String(row).padStart(6, '0')}`,
        Notes: notes[row % notes.length] ?? '',
      };
      for (const [key, value] of Object.entries(cells)) fields.push({ path: `row ${row} › ${key}`, key, value });
    }
    expect(scanFields(fields)).toEqual([]);
  });
});
