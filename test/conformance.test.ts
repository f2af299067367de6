/**
 * The conformance corpus (test/fixtures/conformance) rendered in this process
 * the way `weft render` renders it for check.mjs: one test per case and node,
 * each file compared byte for byte; a fabrics.cfg the reference refuses must
 * be refused with the finding's code and path listed below. The project's own
 * render cases (test/fixtures/render-cases, the corpus's shape) run the same
 * way: what Weft renders that the reference's corpus does not show.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { renderFromFiles } from '../src/cli/render-files.js';
import { errorsOf, type Issue } from '../src/model/issues.js';
import { CONFORMANCE_DIR, fabricCases, fabricPart, RENDER_CASES_DIR, zoneCases, type ZoneCase } from './support/conformance.js';
import { SHARED_DIR, sharedSkip } from './support/paths.js';
import { withTempDir } from './support/weft.js';

/** Weft's finding (`code path`) for each fabrics.cfg the reference refuses. */
const REFUSALS: Readonly<Record<string, readonly string[]>> = {
  'fabrics/openfabric_loopback_prefix_fail': ['ip-outside-prefix fabrics.cfg:test/pve1.ip'],
  'fabrics/openfabric_verification_fail': ['unknown-fabric fabrics.cfg:uwu1/pve'],
  'fabrics/ospf_loopback_prefix_fail': ['missing-property fabrics.cfg:test.area'],
  'fabrics/ospf_verification_fail': ['unknown-fabric fabrics.cfg:test1/pve1'],
};

const read = (path: string) => readFileSync(path, 'utf8');
const errorList = (issues: readonly Issue[]) => errorsOf(issues).map((i) => `${i.code} ${i.path}`);
const messages = (issues: readonly Issue[]) => issues.map((i) => `${i.path}: ${i.message}`).join('\n');

/** One test per zone case: the sdn file and frr.conf byte for byte. */
function zoneCaseTests(cases: readonly ZoneCase[]): void {
  for (const c of cases) {
    test(`zones/${c.name}`, () => {
      const r = renderFromFiles(c.sources);
      assert.ok(r.files, messages(r.issues));
      assert.equal(r.files.sdn, read(c.expectedSdn), 'the sdn file');
      if (c.expectedFrr !== undefined) assert.equal(r.files.frr, read(c.expectedFrr), 'frr.conf');
    });
  }
}

describe('conformance: zones', () => zoneCaseTests(zoneCases()));

describe("the project's render cases: zones", () => zoneCaseTests(zoneCases(undefined, RENDER_CASES_DIR)));

describe('conformance: fabrics', () => {
  /** `weft render --config-dir <case> --facts {"nodename": node}`, as check.mjs runs it */
  const render = (dir: string, node: string) =>
    withTempDir((tmp) => {
      const facts = join(tmp, 'node.json');
      writeFileSync(facts, JSON.stringify({ nodename: node }));
      return renderFromFiles({ configDir: dir, facts });
    });
  const cases = fabricCases();
  for (const c of cases) {
    if (c.refused) {
      test(`${c.name} is refused`, () => {
        const r = render(c.dir, 'pve');
        assert.equal(r.files, undefined, 'nothing rendered');
        assert.deepEqual(errorList(r.issues), REFUSALS[c.name] ?? [`(list the finding for ${c.name} in REFUSALS)`]);
      });
      continue;
    }
    for (const [node, expected] of c.nodes) {
      test(`${c.name} on ${node}`, () => {
        const r = render(c.dir, node);
        assert.ok(r.files?.frr, messages(r.issues));
        assert.equal(fabricPart(r.files.frr), read(expected).trimEnd());
      });
    }
  }

  test('every listed refusal is a refused case of the corpus', () => {
    assert.deepEqual(Object.keys(REFUSALS).sort(), cases.filter((c) => c.refused).map((c) => c.name));
  });
});

/** Every file under `dir`, relative to it. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

test("the corpus is ../shared/conformance's, byte for byte (refresh: test/fixtures/conformance/README.md)", { skip: sharedSkip('conformance') }, () => {
  const shared = join(SHARED_DIR, 'conformance');
  // the shared folder's own README and check script are not part of the copy
  const sharedFiles = files(shared).filter((f) => f !== 'README.md' && f !== 'check.mjs');
  const ownFiles = files(CONFORMANCE_DIR).filter((f) => f !== 'README.md');
  assert.deepEqual(ownFiles, sharedFiles);
  for (const f of ownFiles) assert.ok(readFileSync(join(CONFORMANCE_DIR, f)).equals(readFileSync(join(shared, f))), `${f} differs`);
});
