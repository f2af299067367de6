/**
 * The last parse of each store document, on its text: a snapshot whose
 * document is the same string (the store keeps unchanged texts) is not
 * parsed again, and the requests of one revision share one parsed value
 * (later memos key on it). Parsed values are shared, so never changed in
 * place.
 */
export class LastParse {
  private readonly last = new Map<string, { readonly text: string; readonly value: unknown }>();

  /** `text` of document `key` parsed, the value of the last parse when the text is the same */
  of<T>(key: string, text: string, parse: (text: string) => T): T {
    const last = this.last.get(key);
    if (last !== undefined && last.text === text) return last.value as T;
    const value = parse(text);
    this.last.set(key, { text, value });
    return value;
  }

  /** What `text` parses to, known without parsing it (a text this process just made from the value). */
  remember(key: string, text: string, value: unknown): void {
    this.last.set(key, { text, value });
  }
}
