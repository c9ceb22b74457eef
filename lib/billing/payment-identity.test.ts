import { describe, expect, it } from 'vitest';
import { creditNoteReference } from './credit-notes';
import { crockfordReference, paymentIdentity } from './payment-identity';

const ACCOUNT = '0b6f9a4e-5d3c-4f7e-9a1b-2c3d4e5f6a7b';
const READABLE = /^[0-9A-HJKMNP-TV-Z]{10}$/;

describe('references', () => {
  it('spell the low 50 bits of 7 bytes in Crockford base32, most significant first', () => {
    expect(crockfordReference(new Uint8Array(7))).toBe('0000000000');
    expect(crockfordReference(new Uint8Array(7).fill(0xff))).toBe('ZZZZZZZZZZ');
    // 1 in the last byte is the last character; 32 carries into the one before it.
    expect(crockfordReference(Uint8Array.from([0, 0, 0, 0, 0, 0, 1]))).toBe('0000000001');
    expect(crockfordReference(Uint8Array.from([0, 0, 0, 0, 0, 0, 32]))).toBe('0000000010');
    // Only the first 7 bytes count.
    expect(crockfordReference(Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 0xff]))).toBe('0000000001');
  });

  it('are derived: the same attempt or event always gets the same one, others differ', () => {
    const first = paymentIdentity(ACCOUNT, 'key-1');
    expect(paymentIdentity(ACCOUNT, 'key-1')).toEqual(first);
    expect(paymentIdentity(ACCOUNT, 'key-2').reference).not.toBe(first.reference);
    expect(first.reference.slice(4)).toMatch(READABLE);
    expect(first.reference.startsWith('PAY-')).toBe(true);
    const note = creditNoteReference(ACCOUNT, 'evt_1');
    expect(creditNoteReference(ACCOUNT, 'evt_1')).toBe(note);
    expect(note.slice(3)).toMatch(READABLE);
    expect(note.startsWith('CN-')).toBe(true);
  });
});
