/**
 * The decoded running config: the one way every caller gets it from the
 * state. The applied sets of `.running-config` (zones, VNets, subnets,
 * controllers, fabrics, prefix lists, route maps) with the IPAM and DNS
 * sections of their files and secrets, which take effect at once as in the
 * reference. Decoded as the agents decode it (`decodeRunningValue`, purpose
 * `render`): rules the reference enforces only on edit do not refuse a
 * config the nodes already run.
 */
import { decodeRunningValue } from '../sections/running-config.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import { errorsOf } from '../model/issues.js';
import { SdnError } from '../util/errors.js';
import { RUNNING_SETS } from './kinds.js';
import { rawSections, type RunningConfig, type SdnState } from './state.js';

/**
 * `running` (the stored running config, or one compiled from the edits) as
 * the typed config; `what` names it in the refusal when it does not decode.
 */
export function decodeRunning(state: SdnState, running: RunningConfig, what = 'running'): SdnConfig {
  const raw: Record<string, unknown> = { version: running.version ?? 0 };
  for (const set of RUNNING_SETS) if (running[set] !== undefined) raw[set] = running[set];
  for (const set of ['ipams', 'dns'] as const) raw[set] = { ids: rawSections(set, state.files[set], state.secrets) };
  const decoded = decodeRunningValue(raw, `${what} config`, 'render');
  if (!decoded.config) throw new SdnError(`the ${what} SDN config does not validate, fix it first: ${errorsOf(decoded.issues).map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return decoded.config;
}

/** per stored running config: the last decode and the IPAM/DNS files and secrets it took */
const decodedRunning = new WeakMap<RunningConfig, { readonly inputs: readonly object[]; readonly config: SdnConfig }>();

/** The running config the nodes run, decoded (once per stored running config and IPAM/DNS files). */
export function runningConfig(state: SdnState): SdnConfig {
  const inputs = [state.files.ipams, state.files.dns, state.secrets];
  const known = decodedRunning.get(state.running);
  if (known && known.inputs.every((o, i) => o === inputs[i])) return known.config;
  const config = decodeRunning(state, state.running);
  decodedRunning.set(state.running, { inputs, config });
  return config;
}
