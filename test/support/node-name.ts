/** A test's node name made through the `pve-node` check (model/formats.ts nodeNameOf), as the decoder and the agent make theirs. */
import { strict as assert } from 'node:assert';
import { nodeNameOf } from '../../src/model/formats.js';
import type { NodeName } from '../../src/model/values.js';

export function nodeName(text: string): NodeName {
  return nodeNameOf(text) ?? assert.fail(`'${text}' is not a node name`);
}
