/**
 * A document as its sections: the text cut into a frame (the literal text
 * around the section lists) and groups of sections, each with its id and its
 * exact text, such that putting them back together gives the document byte
 * for byte. Two layouts:
 *  - `cfg`: a section-config file (`sdn/vnets.cfg`): one group, each section
 *    its header, its property lines and the blank line after it;
 *  - `json`: the running config (`{"version":3,"vnets":{"ids":{"v1":{…},…}},…}`):
 *    one group per top-level `{"ids":{…}}` set, each section its `"id":{…}` text.
 * A text that does not cut cleanly (a comment, a stray blank line, a duplicate
 * id, JSON not as JSON.stringify writes it) has no sections: the caller stores
 * it whole. Pure text work: no store, no SDN model.
 */

export type Layout = 'cfg' | 'json';

export interface Section {
  readonly id: string;
  readonly text: string;
}

export interface Group {
  /** the set's name in a json layout (`vnets`); '' in a cfg layout */
  readonly name: string;
  readonly sections: readonly Section[];
}

export interface Split {
  /** one more piece than groups: the text before, between and after them */
  readonly frame: readonly string[];
  readonly groups: readonly Group[];
}

/** The documents kept as sections; null for every other document. */
export function layoutOf(key: string): Layout | null {
  if (key === 'sdn/.running-config') return 'json';
  return /^sdn\/[^/]+\.cfg$/.test(key) ? 'cfg' : null;
}

/** What stands between two sections of a group. */
export const separatorOf = (layout: Layout): string => (layout === 'json' ? ',' : '');

const HEADER_RE = /^(\S+):\s*(\S+)\s*$/;
/** a json set name is part of a store key: no '/' (which ends it there) */
const GROUP_NAME_RE = /^[A-Za-z0-9_.-]+$/;

function splitCfg(text: string): Split | null {
  const sections: Section[] = [];
  const ids = new Set<string>();
  let pos = 0;
  while (pos < text.length) {
    const end = text.indexOf('\n\n', pos);
    if (end < 0) return null;
    const eol = text.indexOf('\n', pos);
    const id = HEADER_RE.exec(text.slice(pos, eol))?.[2];
    if (id === undefined || ids.has(id)) return null;
    ids.add(id);
    sections.push({ id, text: text.slice(pos, end + 2) });
    pos = end + 2;
  }
  return { frame: ['', ''], groups: [{ name: '', sections }] };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function splitJson(text: string): Split | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isPlainObject(data)) return null;
  const frame: string[] = [];
  const groups: Group[] = [];
  let piece = '{';
  let first = true;
  for (const [name, value] of Object.entries(data)) {
    piece += `${first ? '' : ','}${JSON.stringify(name)}:`;
    first = false;
    const ids = isPlainObject(value) && Object.keys(value).length === 1 ? value.ids : undefined;
    if (isPlainObject(ids) && GROUP_NAME_RE.test(name)) {
      frame.push(`${piece}{"ids":{`);
      groups.push({ name, sections: Object.entries(ids).map(([id, section]) => ({ id, text: `${JSON.stringify(id)}:${JSON.stringify(section)}` })) });
      piece = '}}';
    } else piece += JSON.stringify(value);
  }
  frame.push(`${piece}}`);
  const split = { frame, groups };
  // JSON written otherwise (spaces, an integer-like id JSON.parse moves first) is kept whole
  return joinDoc('json', split) === text ? split : null;
}

export function splitDoc(layout: Layout, text: string): Split | null {
  return layout === 'json' ? splitJson(text) : splitCfg(text);
}

/** The document's text from its frame and groups. */
export function joinDoc(layout: Layout, split: { readonly frame: readonly string[]; readonly groups: readonly { readonly sections: readonly { readonly text: string }[] }[] }): string {
  const sep = separatorOf(layout);
  let out = split.frame[0] ?? '';
  split.groups.forEach((g, i) => {
    out += g.sections.map((s) => s.text).join(sep) + (split.frame[i + 1] ?? '');
  });
  return out;
}
