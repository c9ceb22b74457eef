import { describe, expect, it } from 'vitest';
import { generateToken } from '@/lib/auth/tokens';
import { redactSecrets } from './index';

describe('redactSecrets', () => {
  it('masks tokens in query strings and URL fragments', () => {
    const token = generateToken();
    const text = [
      `Confirm: http://app.test/verify-email?token=${token}`,
      `Reset: http://app.test/reset-password?x=1&token=${token}`,
      `Invitation: http://app.test/invitation#${token}`,
    ].join('\n');
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(token);
    expect(redacted).toContain('verify-email?token=[redacted]');
    expect(redacted).toContain('reset-password?x=1&token=[redacted]');
    expect(redacted).toContain('invitation#[redacted]');
  });

  it('masks a token after an HTML-escaped separator (&amp;)', () => {
    const token = generateToken();
    const html = `<a href="http://app.test/reset-password?x=1&amp;token=${token}">Reset</a>`;
    const redacted = redactSecrets(html);
    expect(redacted).not.toContain(token);
    expect(redacted).toContain('?x=1&amp;token=[redacted]"');
  });

  it('leaves ordinary text and short anchors alone', () => {
    const text = 'See http://app.test/docs#billing and pay 12.50 CHF.';
    expect(redactSecrets(text)).toBe(text);
  });
});
