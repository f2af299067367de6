/**
 * The files the agent wrote, with the stat each had right after: each pass
 * (and each drift check) compares the node's files with the rendered ones,
 * and the sdn file of a large config is megabytes. While a file's stat is the
 * one after the agent's own write, its content is what the agent wrote.
 *
 * Writes are atomic (a new inode renamed into place), so an editor's or a
 * copy's change brings a new inode, size or change time. The one change a
 * stat can miss is an in-place write of the same size within the file
 * system's clock tick after the agent's own; no tool edits a generated file
 * that way.
 */
import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import { unlessGone } from '../util/unless-gone.js';

const stampOf = (s: BigIntStats) => `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;

export class WrittenFiles {
  private readonly files = new Map<string, { readonly text: string; readonly stamp: string }>();

  /** The file's text, null when it does not exist. */
  read(path: string): string | null {
    const stat = unlessGone(() => statSync(path, { bigint: true }));
    if (!stat) return null;
    const known = this.files.get(path);
    if (known?.stamp === stampOf(stat)) return known.text;
    this.files.delete(path);
    return unlessGone(() => readFileSync(path, 'utf8')) ?? null;
  }

  /** Called right after the agent wrote `text` to `path`. */
  wrote(path: string, text: string): void {
    const stat = unlessGone(() => statSync(path, { bigint: true }));
    if (stat) this.files.set(path, { text, stamp: stampOf(stat) });
  }

  forget(path: string): void {
    this.files.delete(path);
  }
}
