/**
 * A separate process allocating from the built-in IPAM, for cross-process
 * lock tests: `node ipam-worker.js DBFILE COUNT TAG` prints the allocated
 * addresses as a JSON array.
 */
import { PveIpamStore } from '../../src/ipam/pve-store.js';
import { PveIpam } from '../../src/ipam/pve.js';
import { parseCidr } from '../../src/model/ip.js';

const [path, countText, tag] = process.argv.slice(2);
const cidr = parseCidr('10.77.0.0/20');
if (!path || !countText || !cidr) throw new Error('usage: ipam-worker DBFILE COUNT TAG');
const store = new PveIpamStore({ path, idleMs: 1 });
const ipam = new PveIpam(store);
const subnet = { id: 'zw-10.77.0.0-20', zone: 'zw', vnet: 'vw', cidr, cidrText: '10.77.0.0/20', dhcpRanges: [] };
await ipam.addSubnet(subnet);
const got: string[] = [];
for (let i = 0; i < Number(countText); i++) {
  got.push((await ipam.addNextFreeIp(subnet, { hostname: `${tag}-${i}` })).text);
  // let the other process in now and then
  if (i % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
}
await store.close();
process.stdout.write(JSON.stringify(got));
