/** A large SDN config for the web UI's scale tests and benchmark: simple zones of 100 VNets, a VXLAN zone with peers, an EVPN zone with a controller. */
import { DirectoryStore } from '../../src/store/directory.js';

export const VNETS_PER_ZONE = 100;

/** Writes the section files of `vnets` VNets into a data directory's store (before a server opens it). */
export async function seedBigConfig(dataDir: string, vnets: number, exitNode: string): Promise<void> {
  const zones = Math.ceil(vnets / VNETS_PER_ZONE);
  let z = '';
  let v = '';
  for (let i = 0; i < zones; i++) z += `simple: z${i}\n\n`;
  z += `vxlan: vx\n\tpeers 198.51.100.1,198.51.100.2,198.51.100.3\n\nevpn: ev\n\tcontroller ctl\n\tvrf-vxlan 10000\n\texitnodes ${exitNode}\n\n`;
  for (let i = 0; i < vnets; i++) v += `vnet: v${i}\n\tzone z${Math.floor(i / VNETS_PER_ZONE)}\n\n`;
  v += 'vnet: vxv\n\tzone vx\n\ttag 100\n\nvnet: evv\n\tzone ev\n\ttag 200\n\n';
  const store = new DirectoryStore(dataDir);
  try {
    await store.transact(() => ({
      writes: [
        { key: 'sdn/zones.cfg', value: z },
        { key: 'sdn/vnets.cfg', value: v },
        { key: 'sdn/controllers.cfg', value: 'evpn: ctl\n\tasn 65000\n\tpeers 198.51.100.1\n\n' },
      ],
      result: null,
    }));
  } finally {
    await store.close();
  }
}
