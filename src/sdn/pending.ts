/**
 * The reference's pending view (PVE::Network::SDN::pending_config): every
 * section of the running config and of the edited files, with `state`
 * (`new`, `changed`, `deleted`) and a `pending` object holding the values
 * that differ from the running config (`'deleted'` for removed keys).
 */
import { encodeValue, type RunningSection } from './values.js';

export type PendingSection = Record<string, unknown> & { state?: 'new' | 'changed' | 'deleted'; pending?: Record<string, unknown> };

const sortedKeys = (o: object | undefined) => Object.keys(o ?? {}).sort();

export function pendingConfig(
  running: Readonly<Record<string, RunningSection>>,
  config: Readonly<Record<string, RunningSection>>,
): Record<string, PendingSection> {
  const out: Record<string, PendingSection> = {};
  const entry = (id: string): PendingSection => (out[id] ??= {});

  for (const id of sortedKeys(running)) {
    const ro = running[id] ?? {};
    const co = config[id];
    const p = entry(id);
    for (const key of sortedKeys(ro)) {
      p[key] = ro[key];
      if (!co || Object.keys(co).length === 0) p.state = 'deleted';
      else if (co[key] === undefined) {
        (p.pending ??= {})[key] = 'deleted';
        p.state = 'changed';
      } else if (encodeValue(key, ro[key]) !== encodeValue(key, co[key])) p.state = 'changed';
    }
    if (p.state && !p.pending) p.pending = {};
  }

  for (const id of sortedKeys(config)) {
    const ro = running[id];
    const co = config[id] ?? {};
    const p = entry(id);
    for (const key of sortedKeys(co)) {
      const cv = encodeValue(key, co[key]);
      const rv = encodeValue(key, ro?.[key]);
      if (key === 'type' || key === 'vnet') p[key] = cv;
      else if (rv === undefined || cv !== rv) (p.pending ??= {})[key] = co[key];
      if (!ro || Object.keys(ro).length === 0) p.state = 'new';
      else if (rv === undefined && cv !== undefined) p.state = 'changed';
    }
    if (p.state && !p.pending) p.pending = {};
  }
  return out;
}
