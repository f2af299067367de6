/**
 * The server's reasons in plain words for a form. The API words them as the
 * reference does (clients may match them); a person filling a form reads
 * "At most 8 characters." instead of "value may only be 8 characters long",
 * and "This field is required." instead of "property is missing and it is
 * not optional". A reason this does not know is shown as it came.
 */
import type { PropertySchema } from '../../../src/model/property-schema';

export const REQUIRED = 'This field is required.';

/** Patterns of the reference's schemas, in words. */
const PATTERN_WORDS: Readonly<Record<string, string>> = {
  '[a-zA-Z][a-zA-Z0-9]*[a-zA-Z0-9]': 'Only letters and digits, starting with a letter.',
  '[a-zA-Z][a-zA-Z0-9_-]*[a-zA-Z0-9]': 'Only letters, digits, - and _, starting with a letter and ending with a letter or digit.',
};

const sentence = (text: string) => {
  const t = text.trim().replace(/\.$/, '');
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}.`;
};

const RULES: readonly [RegExp, (m: RegExpMatchArray, schema: PropertySchema | undefined) => string][] = [
  [/^property is missing and it is not optional$/, () => REQUIRED],
  [/^value may only be (\d+) characters long$/, (m) => `At most ${m[1]} characters.`],
  [/^value must be at least (\d+) characters long$/, (m) => `At least ${m[1]} characters.`],
  [/^value must have a maximum value of (-?\d+)$/, (m) => `Must be at most ${m[1]}.`],
  [/^value must have a minimum value of (-?\d+)$/, (m) => `Must be at least ${m[1]}.`],
  [/^type check \('integer'\) failed - got '(.*)'$/s, (m) => `Must be a whole number, not '${m[1]}'.`],
  [/^type check \('boolean'\) failed/, () => 'Must be yes or no.'],
  [/^value does not match the regex pattern$/, (_m, s) => {
    const pattern = s?.type === 'string' ? s.pattern : s?.type === 'array' ? s.items.pattern : undefined;
    return (pattern && PATTERN_WORDS[pattern]) ?? (pattern ? `Does not have the expected form (${pattern}).` : 'Does not have the expected form.');
  }],
  [/^value '(.*)' does not have a value in the enumeration '(.*)'$/s, (m) => `'${m[1]}' is not one of: ${m[2]}.`],
  [/^property is not defined in schema/, () => 'Not accepted here.'],
  [/^invalid format - value does not look like (?:a valid |an? )?(.*)$/s, (m) => `Not a valid ${m[1]}`],
  [/^invalid format - (.*)$/s, (m) => m[1] ?? ''],
];

export function plainReason(reason: string, schema?: PropertySchema): string {
  for (const [re, words] of RULES) {
    const m = reason.match(re);
    if (m) return sentence(words(m, schema));
  }
  return sentence(reason);
}
