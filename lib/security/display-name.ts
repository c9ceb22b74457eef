/**
 * Names that people choose (their own, an organization's) end up in other people's emails
 * and pages. At input they are cleaned: Unicode NFKC, line breaks and tabs become spaces,
 * other control characters and the bidirectional-override controls (which can make
 * "exe.txt" read "txt.exe") are removed, runs of spaces collapse. In emails they are also
 * made inert for mail clients that turn anything looking like a domain or address into a
 * link (`inertText`).
 */

const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
// LRM, RLM, ALM, the embeddings and overrides (LRE…RLO, PDF) and the isolates (LRI…PDI).
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export const DISPLAY_NAME_MAX = 100;

export function cleanDisplayName(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI_CONTROLS, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const WORD_JOINER = '\u2060';

/**
 * A user-chosen text as shown in an email: an invisible word joiner (U+2060) after every `.`,
 * `@`, `:` and `/` keeps "Pay at evil.example" or "admin@evil.example" from being autolinked
 * by mail clients, while it reads the same (plain-text conversion keeps it, too).
 */
export function inertText(text: string): string {
  // Cleaned again: names stored before cleaning existed reach emails too.
  return cleanDisplayName(text).replace(/([.@:/])/g, `$1${WORD_JOINER}`);
}
