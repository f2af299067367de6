/**
 * A `systemctl` for lab nodes, which have no systemd: it knows the units the
 * agent drives for DHCP zones, `dnsmasq@<zone>` (enable, restart, stop,
 * disable --now, is-active), and runs each as one dnsmasq in the calling
 * node's namespace, started as Debian's unit starts it: from the node's
 * rendered /etc/default/dnsmasq.<zone>, with the node's /etc/dnsmasq.d and a
 * private /var/lib/misc mounted in a mount namespace of its own. Put its
 * directory first on the agent's PATH.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SCRIPT = `#!/bin/sh
# $0 ACTION [--now] UNIT...: dnsmasq@<zone> units of lab node root $LAB_ROOT, state in $LAB_STATE
action=$1; shift
[ "$1" = --now ] && shift
pid() { cat "$LAB_STATE/$1.pid" 2>/dev/null; }
active() { p=$(pid "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
stop() { p=$(pid "$1"); [ -n "$p" ] && kill "$p" 2>/dev/null; rm -f "$LAB_STATE/$1.pid"; return 0; }
start() {
  zone=\${1#dnsmasq@}
  . "$LAB_ROOT/etc/default/dnsmasq.$zone" || return 1
  mkdir -p "$LAB_STATE/$zone/upper" "$LAB_STATE/$zone/work" "$LAB_STATE/$zone/misc"
  unshare -m sh -c 'set -e
    mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1/upper,workdir=$1/work" /etc
    mkdir -p /etc/dnsmasq.d
    mount --bind "$2/etc/dnsmasq.d" /etc/dnsmasq.d
    mount --bind "$1/misc" /var/lib/misc
    shift 2
    exec dnsmasq "$@"' sh "$LAB_STATE/$zone" "$LAB_ROOT" --pid-file="$LAB_STATE/$1.pid" --conf-dir="$CONFIG_DIR" $DNSMASQ_OPTS --no-resolv --log-facility="$LAB_STATE/$zone.log" || return 1
  for i in 1 2 3 4 5 6 7 8 9 10; do active "$1" && return 0; sleep 0.2; done
  return 1
}
status=0
for unit in "$@"; do
  case "$unit" in dnsmasq@*) ;; *) echo "lab systemctl: unknown unit $unit" >&2; exit 5 ;; esac
  case "$action" in
    enable) ;;
    restart) stop "$unit"; start "$unit" || status=1 ;;
    stop|disable) stop "$unit" ;;
    is-active) if active "$unit"; then echo active; else echo inactive; status=3; fi ;;
    *) echo "lab systemctl: unknown action $action" >&2; exit 2 ;;
  esac
done
exit $status
`;

/** Writes the script under `dir`/bin; the environment for a node's agent (PATH first) and for calling it. */
export function labSystemctl(dir: string, nodeRoot: string): { readonly bin: string; readonly env: NodeJS.ProcessEnv } {
  const bin = join(dir, 'bin');
  const state = join(dir, 'units');
  mkdirSync(bin, { recursive: true });
  mkdirSync(state, { recursive: true });
  writeFileSync(join(bin, 'systemctl'), SCRIPT);
  chmodSync(join(bin, 'systemctl'), 0o755);
  return { bin: join(bin, 'systemctl'), env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, LAB_ROOT: nodeRoot, LAB_STATE: state } };
}
