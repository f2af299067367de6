/**
 * How each service picks up new files on a Debian/Proxmox node. Commands run
 * through the host, so a lab can run them inside a node's namespaces.
 */
import { dnsmasqUnit } from '../dhcp/dnsmasq.js';
import type { Reloader } from './apply.js';
import { guestPorts, restoreGuestPorts } from './guest-ports.js';
import type { NodeHost } from './host.js';
import { frrReloadArgs, type FrrPaths } from './node-plan.js';
import { syncWireguard } from './wireguard.js';

export const FRR_RELOAD = '/usr/lib/frr/frr-reload.py';
const FRR_INIT = '/usr/lib/frr/frrinit.sh';

/** The last lines of a failed command's output, for a one-line reason. */
export function failure(r: { code: number; stdout: string; stderr: string }, what: string): string {
  const text = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim()).filter((l) => l && !/brctl: missing/.test(l));
  return `${what} exited ${r.code}${text.length ? `: ${text.slice(-3).join(' | ')}` : ''}`;
}

/**
 * frr-reload.py's reason in one line: its log lines lose their timestamps
 * and colours, and the lines vtysh refused (printed as Python bytes) are
 * quoted as FRR wrote them.
 */
export function frrReloadFailure(r: { code: number; stdout: string; stderr: string }, conf: string, hasLocal: boolean): string {
  // eslint-disable-next-line no-control-regex -- frr-reload.py colours its log levels with ANSI escapes
  const text = `${r.stderr}\n${r.stdout}`.replace(/\x1b\[[0-9;]*m/g, '');
  const errors = text
    .split('\n')
    .map((l) => /\bERROR\s*:\s*(.*?)(?::\s*)?$/.exec(l)?.[1])
    .filter((l): l is string => Boolean(l));
  const refused = [...text.matchAll(/line \d+: %[^\\'\n]*/g)].map((m) => m[0].replace(/\s+/g, ' ').trim());
  if (errors.length === 0 && refused.length === 0) return failure(r, 'frr-reload');
  const hint = refused.length > 0 ? ` (lines of ${conf}${hasLocal ? '; frr.conf.local is merged into it: fix that file, then apply again' : ''})` : '';
  return `frr-reload exited ${r.code}: ${[...new Set([...errors, ...refused])].join(' | ')}${hint}`;
}

export function systemReloader(host: NodeHost, frr: FrrPaths): Reloader {
  return async (service) => {
    switch (service.kind) {
      case 'network': {
        const plugged = await guestPorts(host.runner);
        const r = await host.runSystem('ifreload', ['-a'], { privateRun: true });
        await restoreGuestPorts(host.runner, plugged);
        // ifreload returns 1 for warnings too; only lines starting with "error" are failures
        const errors = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^\s*error/.test(l));
        return r.code === 0 || errors.length === 0 ? null : failure({ ...r, stderr: errors.join('\n') }, 'ifreload -a');
      }
      case 'frr': {
        // a named instance: frr-reload.py talks to it through `vtysh -N <instance>`
        const r = await host.runSystem(FRR_RELOAD, frrReloadArgs(frr, '--reload'));
        return r.code === 0 ? null : frrReloadFailure(r, frr.conf, host.read(frr.local) !== null);
      }
      case 'frr-daemons': {
        // a named instance is started by frrinit.sh, the system's FRR by its unit
        const r = frr.instance ? await host.runSystem(FRR_INIT, ['restart', frr.instance]) : await host.runner.run('systemctl', ['restart', 'frr']);
        return r.code === 0 ? null : failure(r, frr.instance ? `frrinit.sh restart ${frr.instance}` : 'systemctl restart frr');
      }
      case 'dnsmasq': {
        // enabled as well, as the reference does: the zone's DHCP comes back after a reboot
        const unit = dnsmasqUnit(service.zone);
        for (const args of [['enable', unit], ['restart', unit]]) {
          const r = await host.runner.run('systemctl', args);
          if (r.code !== 0) return failure(r, `systemctl ${args.join(' ')}`);
        }
        return null;
      }
      case 'dnsmasq-retired': {
        // the zone serves no DHCP here any more (its files are gone)
        const unit = dnsmasqUnit(service.zone);
        const r = await host.runner.run('systemctl', ['disable', '--now', unit]);
        return r.code === 0 ? null : failure(r, `systemctl disable --now ${unit}`);
      }
      case 'wireguard': {
        const r = await syncWireguard(host, service.iface);
        return r === null || r.code === 0 ? null : failure(r, `wg syncconf ${service.iface}`);
      }
    }
  };
}
