/**
 * The ids of a section file's sections per text value of one key (the
 * subnets of each VNet by `vnet`, the VNets of each zone by `zone`), kept
 * as the file is edited: a lookup costs the sections changed since the last
 * one, not a pass over the file. One index follows the store's files as the
 * edit checks do (sdn/edit-checks.ts); asked about another version of the
 * file it moves there.
 */
import { changedIds, type SdnState, type SectionFile } from './state.js';

class ValueIndex {
  private file: SectionFile = { sections: new Map(), digest: '' };
  private readonly byValue = new Map<string, Set<string>>();

  constructor(private readonly key: string) {}

  /** The ids whose section holds `value` under the key in `file`, in no particular order. */
  idsWith(file: SectionFile, value: string): ReadonlySet<string> {
    for (const id of changedIds(this.file, file)) {
      const old = this.file.sections.get(id)?.values.get(this.key);
      if (typeof old === 'string') this.byValue.get(old)?.delete(id);
      const now = file.sections.get(id)?.values.get(this.key);
      if (typeof now !== 'string') continue;
      let ids = this.byValue.get(now);
      if (!ids) this.byValue.set(now, (ids = new Set()));
      ids.add(id);
    }
    this.file = file;
    return this.byValue.get(value) ?? new Set();
  }
}

const indexes = { subnets: new ValueIndex('vnet'), vnets: new ValueIndex('zone') } as const;

/** The ids of the `set` sections of the edited config that name `value` (subnets: their VNet; VNets: their zone). */
export function sectionsNaming(state: SdnState, set: keyof typeof indexes, value: string): ReadonlySet<string> {
  return indexes[set].idsWith(state.files[set], value);
}
