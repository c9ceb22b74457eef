import { describe, expect, it } from 'vitest';
import { AUDIT_CSV_HEADER_LINE, auditEventsToCsv, csvField } from '@/lib/audit/csv';
import { type AuditEventRow } from '@/lib/audit/queries';

const ID = '0b5f3c1e-8d1a-4c2e-9f00-1234567890ab';

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
