/**
 * The schemas' patterns in words, for refusals a person can act on ("letters
 * and digits only, starting with a letter" instead of the regular expression).
 * A pattern not listed here is quoted as it is.
 */
const WORDS: Readonly<Record<string, string>> = {
  '[a-zA-Z][a-zA-Z0-9]*[a-zA-Z0-9]': 'use letters and digits only, at least 2, starting with a letter (e.g. zone1)',
  '[a-zA-Z][a-zA-Z0-9_-]*[a-zA-Z0-9]': 'use letters, digits, - and _ only, starting with a letter and ending with a letter or digit',
  '[a-zA-Z0-9][a-zA-Z0-9-]{0,6}[a-zA-Z0-9]?': 'use at most 8 letters, digits or -, not starting or ending with -',
  '[a-zA-Z0-9](?:[a-zA-Z0-9_-]{0,30}[a-zA-Z0-9])?': 'use at most 32 letters, digits, - or _, not starting or ending with - or _',
  '[A-Za-z][A-Za-z0-9.\\-_]+': 'use letters, digits, ., - and _ only, at least 2, starting with a letter',
  'start-address=[^,]+,end-address=[^,]+': 'give the range as start-address=FIRST,end-address=LAST',
  '(?:[\\(\\)-_.\\w\\d\\s]{0,256})': 'use at most 256 letters, digits, blanks and ( ) - _ .',
  '([A-Fa-f0-9]{2}:){31}[A-Fa-f0-9]{2}': 'give a SHA-256 fingerprint: 32 hexadecimal byte pairs separated by colons',
  '[a-fA-F0-9]{2}(\\.[a-fA-F0-9]{4}){3,9}\\.[a-fA-F0-9]{2}': 'give an IS-IS NET such as 49.0001.1921.6800.1001.00',
};

export function patternWords(pattern: string): string {
  return WORDS[pattern] ?? `it must match the pattern ${pattern}`;
}
