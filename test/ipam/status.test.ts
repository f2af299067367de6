/**
 * The built-in IPAM's status (ipam/status.ts): each recorded address with
 * its subnet's VNet in the running config, in the records' order; addresses
 * of zones on another IPAM or of subnets the config lacks are left out.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { builtinIpamStatus } from '../../src/ipam/status.js';
import type { PveIpamRecord } from '../../src/ipam/pve.js';
import { parseIp, type ParsedIp } from '../../src/model/ip.js';
import { decodeConfig } from '../../src/sections/decode-config.js';

const ip = (text: string): ParsedIp => parseIp(text) ?? assert.fail(text);

test('the status joins each record to its VNet and leaves out what the built-in IPAM does not hold', () => {
  const decoded = decodeConfig({
    zones: { ids: { z1: { type: 'simple', ipam: 'pve' }, z2: { type: 'simple', ipam: 'nb' } } },
    vnets: { ids: { v1: { type: 'vnet', zone: 'z1' }, v2: { type: 'vnet', zone: 'z2' } } },
    subnets: { ids: { 'z1-10.0.0.0-24': { type: 'subnet', vnet: 'v1' }, 'z2-10.0.1.0-24': { type: 'subnet', vnet: 'v2' } } },
    ipams: { ids: { pve: { type: 'pve' }, nb: { type: 'netbox', url: 'https://nb.example/api', token: 't' } } },
  });
  assert.ok(decoded.config, decoded.issues.map((i) => i.message).join('; '));
  const records: PveIpamRecord[] = [
    { zone: 'z1', subnet: '10.0.0.0/24', ip: ip('10.0.0.1'), gateway: true },
    { zone: 'z1', subnet: '10.0.0.0/24', ip: ip('10.0.0.7'), mac: 'bc:24:11:00:00:01', vmid: '101', hostname: 'vm101' },
    { zone: 'z1', subnet: '10.0.0.0/24', ip: ip('10.0.0.8'), vmid: 'not-a-number' },
    // a subnet the config no longer has, a zone on NetBox, a zone that is gone
    { zone: 'z1', subnet: '10.0.9.0/24', ip: ip('10.0.9.5') },
    { zone: 'z2', subnet: '10.0.1.0/24', ip: ip('10.0.1.5') },
    { zone: 'z9', subnet: '10.0.0.0/24', ip: ip('10.0.0.9') },
  ];
  assert.deepEqual(builtinIpamStatus(decoded.config, records), [
    { zone: 'z1', subnet: '10.0.0.0/24', vnet: 'v1', ip: '10.0.0.1', gateway: 1 },
    { zone: 'z1', subnet: '10.0.0.0/24', vnet: 'v1', ip: '10.0.0.7', vmid: 101, mac: 'bc:24:11:00:00:01', hostname: 'vm101' },
    { zone: 'z1', subnet: '10.0.0.0/24', vnet: 'v1', ip: '10.0.0.8' },
  ]);
});
