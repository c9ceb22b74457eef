import fc from 'fast-check';

// What a hostile or careless client can put in a form field or a JSON body: any Unicode,
// control, bidi and invisible characters, huge strings, numbers written as strings, numbers,
// nested objects and arrays, null and undefined.

const NASTY_CHARS = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '\ud800', // a lone surrogate
  '\udfff',
  '\r\n',
  '\t',
  '%00',
  "'",
  '"',
  '\\',
  '<script>',
  '${}',
  '../',
  '=1+1',
  '😀',
  '👨‍👩‍👧',
  'ǅ',
  'ﬁ',
  'Ａ',
  'İ',
];

const NUMBERS_AS_STRINGS = [
  '0',
  '-0',
  '-1',
  '1e3',
  '1E-7',
  '0x10',
  '0b11',
  '1_000',
  'NaN',
  'Infinity',
  '-Infinity',
  '9007199254740993',
  '1.0000000000000002',
  '٣',
  '１２',
  '12,50',
  "1'000.00",
  ' 12.50 ',
  '10.005',
];

/** A string made of hostile pieces, plain characters and full Unicode. */
export const nastyString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...NASTY_CHARS),
      fc.string({ maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const HUGE = ['x'.repeat(70_000), '\u202e'.repeat(10_000), '9'.repeat(5_000), 'a@'.repeat(20_000)];

/** Any string a form can send. */
export const formString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS_AS_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.constant('') },
);

/** Any JSON-ish value an API body can carry (and a few it cannot). */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: formString },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false, 0, -1, 1.5, NaN) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.array(formString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.object({ maxDepth: 3, maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.constant({ toString: 'x', valueOf: null, __proto__: { a: 1 } }) },
);

/** Fields an attacker adds, hoping the server writes them (they must be ignored or refused). */
export const SMUGGLED_FIELDS = [
  'role',
  'accountId',
  'balance',
  'status',
  'userId',
  'kind',
  'id',
  'personalOwnerId',
  '__proto__',
  'constructor',
] as const;

/**
 * An input built from a valid one: each field kept, replaced by a hostile value or removed,
 * plus smuggled fields. `stringsOnly` limits values to strings (what a form door passes on).
 */
export function mutatedInput(
  valid: Record<string, unknown>,
  stringsOnly = false,
): fc.Arbitrary<Record<string, unknown>> {
  const value = stringsOnly ? formString : anyValue;
  const fields = Object.fromEntries(
    Object.entries(valid).map(([key, original]) => [
      key,
      fc.oneof(
        { weight: 2, arbitrary: fc.constant(original) },
        { weight: 3, arbitrary: value },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
    ]),
  );
  const extras = fc.dictionary(fc.constantFrom(...SMUGGLED_FIELDS), value, { maxKeys: 4 });
  return fc.tuple(fc.record(fields), extras).map(([record, extra]) => {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(extra))
      Object.defineProperty(out, key, {
        value: v,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    for (const [key, v] of Object.entries(record)) if (v !== undefined) out[key] = v;
    return out;
  });
}

/** An arbitrary input of any shape at all (not even an object). */
export const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  anyValue,
  fc.dictionary(formString, anyValue, { maxKeys: 5 }),
);
