/**
 * Every frr.conf the renderer produces for the EVPN conformance cases and for
 * the project's own fixture passes Debian's FRR 8.4 syntax check (`vtysh
 * --dryrun`). The lines 8.4 refuses are listed here with the reason: commands
 * of newer FRR the reference generates, and lines of the cases' own
 * frr.conf.local (user input, merged verbatim). Anything else fails.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderFromFiles } from '../../src/cli/render-files.js';
import { OWN_FIXTURE_CASE, zoneCases } from '../support/conformance.js';
import { vtyshDryRun, type DryRunProblem } from '../support/frr.js';
import { needs } from '../support/system.js';
import { withTempDir } from '../support/weft.js';

type Allowed = ReadonlyArray<readonly [RegExp, string]>;

/** Generated lines FRR 8.4 does not know. */
const NEWER_FRR: Allowed = [
  [/^ {2}autort as \d+$/, "FRR >= 9 command: EVPN route targets from the EVPN controller's ASN when a BGP controller makes the VTEP sessions eBGP (the reference targets FRR 10)"],
];

/** Lines that come from a conformance case's own frr.conf.local, kept as the user wrote them. */
const USER_INPUT: Readonly<Record<string, Allowed>> = {
  'evpn/frr_local_merge': [
    [/^ exit-address-family$/, "follows the user's 'redistribute kernel' inside 'address-family l2vpn evpn', where FRR has no such command, so vtysh has left the address family"],
    [/^ipv6 prefix-list PL_ALLOW_6 seq 10 permit fd80:: le 64$/, "the user's prefix has no length (fd80:: instead of fd80::/16)"],
  ],
  'evpn/frr_local_merge_router_without_exit': [
    [/^exit-address-family$/, "follows the user's 'redistribute static' inside 'address-family l2vpn evpn' or a VRF instance's 'address-family ipv6 unicast' after it"],
    [/^ exit-address-family$/, "follows the user's 'redistribute static' inside 'address-family l2vpn evpn'"],
    [/^bgp community-list (\d+|standard \S+) (deny|permit)$/, "the user's community-list entry has no community value"],
  ],
};

const skip = needs({ commands: ['vtysh'] });

function unexpected(name: string, problems: readonly DryRunProblem[]): string[] {
  const allowed = [...NEWER_FRR, ...(USER_INPUT[name] ?? [])];
  return problems.filter((p) => !allowed.some(([re]) => re.test(p.text))).map((p) => `${name}: line ${p.line}: ${p.message}: '${p.text}'`);
}

test('rendered frr.conf files pass FRR 8.4 vtysh --dryrun (known exceptions listed)', { skip }, () => {
  withTempDir((tmp) => {
    const cases = [OWN_FIXTURE_CASE, ...zoneCases(['evpn'])];
    const failures: string[] = [];
    for (const c of cases) {
      const r = renderFromFiles(c.sources);
      assert.ok(r.files?.frr, `${c.name}: no frr.conf rendered: ${r.issues.map((i) => i.message).join('\n')}`);
      const file = join(tmp, `${c.name.replace(/\W/g, '_')}.frr.conf`);
      writeFileSync(file, r.files.frr);
      failures.push(...unexpected(c.name, vtyshDryRun(file).problems));
    }
    assert.deepEqual(failures, []);
  });
});

test('the dry run does catch a bad line', { skip }, () => {
  withTempDir((tmp) => {
    const file = join(tmp, 'frr.conf');
    writeFileSync(file, 'frr defaults datacenter\n!\nrouter bgp 65000\n neighbor VTEP peer-groupp\nexit\n!\nline vty\n!\n');
    const problems = vtyshDryRun(file).problems;
    assert.deepEqual(problems.map((p) => `${p.line} ${p.text}`), ['4  neighbor VTEP peer-groupp']);
  });
});
