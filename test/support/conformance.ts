/**
 * The conformance corpus in test/fixtures/conformance (see its README): its
 * cases, and what `weft render` is given for each; the project's own render
 * cases in the corpus's shape (test/fixtures/render-cases: what Weft renders
 * beyond the reference's corpus); and the project's own fixture
 * (test/fixtures/pve-sdn on node-pve1) as a case of the same shape.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderSources } from '../../src/cli/render-files.js';
import { FIXTURES_DIR } from './paths.js';

export const CONFORMANCE_DIR = join(FIXTURES_DIR, 'conformance');
export const RENDER_CASES_DIR = join(FIXTURES_DIR, 'render-cases');
export const ZONE_GROUPS = ['simple', 'vlan', 'qinq', 'vxlan', 'evpn'] as const;
export type ZoneGroup = (typeof ZONE_GROUPS)[number];

/** One node's config, interfaces and facts: what `weft render` is given. */
export interface RenderCase {
  readonly name: string;
  readonly sources: RenderSources & { readonly interfaces: string };
}

export const OWN_FIXTURE_CASE: RenderCase = {
  name: 'own fixture pve-sdn on pve1',
  sources: { configDir: join(FIXTURES_DIR, 'pve-sdn'), facts: join(FIXTURES_DIR, 'node-pve1', 'node.json'), interfaces: join(FIXTURES_DIR, 'node-pve1', 'interfaces') },
};

/** A zone case: one node's running config, interfaces and facts; its expected sdn file and frr.conf. */
export interface ZoneCase extends RenderCase {
  /** `<group>/<case>`, as check.mjs prints it */
  readonly name: string;
  readonly dir: string;
  /** what check.mjs passes to `weft render` */
  readonly sources: RenderSources & { readonly config: string; readonly interfaces: string };
  /** path of the expected sdn file */
  readonly expectedSdn: string;
  /** path of the expected frr.conf; absent: the case says nothing about frr.conf */
  readonly expectedFrr?: string;
}

/** A fabric case: fabrics.cfg, and the fabric part of each node's frr.conf, or a refusal. */
export interface FabricCase {
  /** `fabrics/<case>` */
  readonly name: string;
  readonly dir: string;
  /** `<node>` → the path of its expected `<node>.frr`; empty when the config is refused */
  readonly nodes: ReadonlyMap<string, string>;
  /** the reference refuses this fabrics.cfg (`expected/ERROR`) */
  readonly refused: boolean;
}

function subdirs(dir: string): string[] {
  return readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).sort();
}

/** The zone cases under `root` (the corpus, or the project's render cases, which need not have every group). */
export function zoneCases(groups: readonly ZoneGroup[] = ZONE_GROUPS, root = CONFORMANCE_DIR): ZoneCase[] {
  return groups.flatMap((group) =>
    (existsSync(join(root, 'zones', group)) ? subdirs(join(root, 'zones', group)) : []).map((name) => {
      const dir = join(root, 'zones', group, name);
      const frrLocal = join(dir, 'frr.conf.local');
      const expectedFrr = join(dir, 'expected', 'frr.conf');
      return {
        name: `${group}/${name}`,
        dir,
        sources: {
          config: join(dir, 'sdn-config.json'),
          interfaces: join(dir, 'interfaces'),
          facts: join(dir, 'node.json'),
          ...(existsSync(frrLocal) ? { frrLocal } : {}),
        },
        expectedSdn: join(dir, 'expected', 'sdn-interfaces'),
        ...(existsSync(expectedFrr) ? { expectedFrr } : {}),
      };
    }),
  );
}

export function fabricCases(): FabricCase[] {
  return subdirs(join(CONFORMANCE_DIR, 'fabrics')).map((name) => {
    const dir = join(CONFORMANCE_DIR, 'fabrics', name);
    const expected = readdirSync(join(dir, 'expected'));
    const nodes = expected.filter((f) => f.endsWith('.frr')).sort().map((f) => [f.slice(0, -'.frr'.length), join(dir, 'expected', f)] as const);
    return { name: `fabrics/${name}`, dir, nodes: new Map(nodes), refused: expected.includes('ERROR') };
  });
}

const FRR_HEADER_LINES = 5; // frr version / frr defaults / hostname / log / service
const FRR_TRAILER = '!\nline vty\n!\n';

/** What a fabric case's `<node>.frr` holds: frr.conf without its header and trailer lines. */
export function fabricPart(frr: string): string {
  const body = frr.split('\n').slice(FRR_HEADER_LINES).join('\n');
  return (body.endsWith(FRR_TRAILER) ? body.slice(0, -FRR_TRAILER.length) : body).trimEnd();
}
