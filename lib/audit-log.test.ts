import { describe, expect, it } from 'vitest';
import {
  AUDIT_CSV_HEADER_LINE,
  auditEventsToCsv,
  auditQuerySchema,
  csvField,
  decodeCursor,
  describeQueryError,
  encodeCursor,
  roleChange,
  searchParamsToObject,
  type AuditEventRow,
} from './audit-log';

const ID = '0b5f3c1e-8d1a-4c2e-9f00-1234567890ab';
const cursor = { createdAt: '2026-11-28T17:23:47.123456Z', id: ID };

describe('cursor', () => {
  it('round-trips and is opaque base64url', () => {
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%^'],
    ['garbage', Buffer.from('hello').toString('base64url')],
    ['millisecond time', Buffer.from(`2026-11-28T17:23:47.123Z|${ID}`).toString('base64url')],
    ['impossible date', Buffer.from(`2026-13-40T17:23:47.123456Z|${ID}`).toString('base64url')],
    ['bad uuid', Buffer.from(`${cursor.createdAt}|not-a-uuid`).toString('base64url')],
    ['sql in id', Buffer.from(`${cursor.createdAt}|${ID}' or 1=1--`).toString('base64url')],
    ['extra part', Buffer.from(`${cursor.createdAt}|${ID}|x`).toString('base64url')],
    ['too long', 'A'.repeat(500)],
    ['year 0000', Buffer.from(`0000-01-01T00:00:00.000000Z|${ID}`).toString('base64url')],
    ['before 1970', Buffer.from(`1969-12-31T23:59:59.999999Z|${ID}`).toString('base64url')],
    ['year 0001', Buffer.from(`0001-06-15T12:00:00.000000Z|${ID}`).toString('base64url')],
    ['absurd future', Buffer.from(`9999-12-31T23:59:59.999999Z|${ID}`).toString('base64url')],
    ['year 3000', Buffer.from(`3000-01-01T00:00:00.000000Z|${ID}`).toString('base64url')],
  ])('rejects a tampered cursor: %s', (_label, raw) => {
    expect(decodeCursor(raw)).toBeNull();
  });

  it('accepts the plausible range of years (1970 to 2999)', () => {
    for (const createdAt of ['1970-01-01T00:00:00.000000Z', '2999-12-31T23:59:59.999999Z']) {
      expect(decodeCursor(encodeCursor({ createdAt, id: ID }))).toEqual({ createdAt, id: ID });
    }
  });

  it('a crafted out-of-range cursor is a query error, not a database error', () => {
    const before = Buffer.from(`0000-01-01T00:00:00.000000Z|${ID}`).toString('base64url');
    const result = auditQuerySchema.safeParse({ before });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeQueryError(result.error)).toContain('invalid');
  });

  it('rejects a cursor with one character changed', () => {
    const encoded = encodeCursor(cursor);
    const tampered = `${encoded.slice(0, 5)}${encoded[5] === 'A' ? 'B' : 'A'}${encoded.slice(6)}`;
    expect(decodeCursor(tampered)).toBeNull();
  });
});

describe('auditQuerySchema', () => {
  it('accepts empty filters (the "All" choices) as no filter', () => {
    const parsed = auditQuerySchema.parse({ action: '', actor: '', before: '' });
    expect(parsed).toEqual({
      action: undefined,
      actor: undefined,
      before: undefined,
      after: undefined,
    });
  });

  it('accepts a known-format action, an actor uuid and a cursor', () => {
    const parsed = auditQuerySchema.parse({
      action: 'member.role_changed',
      actor: ID,
      before: encodeCursor(cursor),
    });
    expect(parsed).toEqual({
      action: 'member.role_changed',
      actor: ID,
      before: cursor,
      after: undefined,
    });
  });

  it.each([
    [{ action: 'Member.Removed' }, 'Unknown action format'],
    [{ action: 'x'.repeat(65) }, 'Unknown action format'],
    [{ action: "a' or 1=1" }, 'Unknown action format'],
    [{ action: ['member.left', 'member.removed'] }, 'Choose one action'],
    [{ actor: 'bob' }, 'Choose one actor'],
    [{ before: 'tampered' }, 'page link is invalid'],
    [{ before: encodeCursor(cursor), after: encodeCursor(cursor) }, 'not both'],
  ])('rejects %j with a clear message', (input, message) => {
    const result = auditQuerySchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(describeQueryError(result.error)).toContain(message);
  });

  it('reads Next searchParams and URLSearchParams alike, ignoring unknown keys', () => {
    expect(searchParamsToObject({ action: 'member.left', page: '3', actor: undefined })).toEqual({
      action: 'member.left',
    });
    expect(
      searchParamsToObject(new URLSearchParams('action=a.b&action=c.d&actor=x&utm=1')),
    ).toEqual({ action: ['a.b', 'c.d'], actor: 'x' });
  });
});

describe('roleChange', () => {
  it('reads before/after from the metadata of role events only', () => {
    expect(
      roleChange({ action: 'member.role_changed', metadata: { before: 'tech', after: 'owner' } }),
    ).toEqual({ before: 'tech', after: 'owner' });
    expect(roleChange({ action: 'member.removed', metadata: { role: 'admin' } })).toEqual({
      before: 'admin',
      after: null,
    });
    expect(
      roleChange({ action: 'invitation.created', metadata: { role: 'tech', email: 'x@y' } }),
    ).toEqual({ before: null, after: 'tech' });
    expect(roleChange({ action: 'account.details_updated', metadata: { role: 'owner' } })).toEqual({
      before: null,
      after: null,
    });
    // Not a role value: not shown as one.
    expect(
      roleChange({ action: 'member.role_changed', metadata: { before: '<b>', after: 42 } }),
    ).toEqual({ before: null, after: null });
  });
});

describe('CSV', () => {
  it('quotes fields with quotes, commas and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it.each(['=1+1', '+41 44 000', '-2', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'neutralises a formula-looking cell %j with a leading quote',
    (value) => {
      const field = csvField(value);
      const unquoted = field.startsWith('"') ? field.slice(1, -1) : field;
      expect(unquoted.startsWith("'")).toBe(true);
      expect(unquoted.slice(1)).toBe(value);
    },
  );

  it('combines the prefix with quoting', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
  });

  it('writes a header and one CRLF-terminated row per event', () => {
    const event: AuditEventRow = {
      id: ID,
      createdAt: '2026-11-28T17:23:47.123456Z',
      actorUserId: ID,
      actorName: '=cmd|" /C calc"!A0',
      actorEmail: 'eve@example.com',
      action: 'member.role_changed',
      targetType: 'user',
      targetId: ID,
      targetName: 'Bob',
      targetEmail: 'bob@example.com',
      metadata: { before: 'tech', after: 'admin', note: 'a,"b"\nc' },
      ip: '203.0.113.7',
    };
    const csv = auditEventsToCsv([event]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(AUDIT_CSV_HEADER_LINE);
    expect(AUDIT_CSV_HEADER_LINE).toBe(
      'time,actor name,actor email,action,target type,target id,before role,after role,ip,metadata',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain(
      `2026-11-28T17:23:47.123456Z,"'=cmd|"" /C calc""!A0",eve@example.com,member.role_changed,user,${ID},tech,admin,203.0.113.7,`,
    );
    // The metadata JSON is one quoted field; its embedded newline is JSON-escaped.
    expect(csv).toContain(
      '"{""before"":""tech"",""after"":""admin"",""note"":""a,\\""b\\""\\nc""}"',
    );
    expect(parseCsv(csv)).toHaveLength(2);
    expect(parseCsv(csv)[1]![1]).toBe('\'=cmd|" /C calc"!A0');
  });

  it('writes only the header for no events', () => {
    expect(auditEventsToCsv([])).toBe(`${AUDIT_CSV_HEADER_LINE}\r\n`);
  });
});

/** A small RFC 4180 reader, to check that what we write reads back field by field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}
