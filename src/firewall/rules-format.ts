/**
 * A VNet's firewall file (`/etc/pve/sdn/firewall/<vnet>.fw`) in the
 * reference firewall's format: an `[OPTIONS]` section of `key: value`
 * lines, then a `[RULES]` section, one rule per line:
 *
 *     [OPTIONS]
 *
 *     enable: 1
 *
 *     [RULES]
 *
 *     |FORWARD SSH(ACCEPT) -source 10.0.0.0/24 -log info # disabled
 *     FORWARD DROP -p tcp -dport 25
 *
 * As the reference reads it: lines are trimmed, `#` lines and blank lines
 * skipped, section names case-insensitive; option and rule lines that do
 * not parse are dropped (the reference logs and skips them). Writing gives
 * the reference's bytes: options in their order, rule fields in a fixed
 * order, a blank line after each section's header and body, and no file at
 * all (null) when there is nothing to keep.
 */
import type { Rule, RuleTextField } from './rule.js';

export type FwOptionValue = string | number;

export interface FwFile {
  /** in file order; new options go last */
  readonly options: ReadonlyMap<string, FwOptionValue>;
  readonly rules: readonly Rule[];
}

/** The options of a VNet's firewall (the reference's vnet_option_properties). */
export const VNET_OPTIONS = ['enable', 'policy_forward', 'log_level_forward'] as const;

export const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug', 'nolog'] as const;
const LEVELS = LOG_LEVELS.join('|');
const LOG_LEVEL_OPTION = new RegExp(`^(log_level_forward):\\s*(${LEVELS})\\s*$`, 'i');

function parseOption(line: string): [string, FwOptionValue] | null {
  const enable = /^(enable):\s*(\d+)\s*$/i.exec(line);
  if (enable) return ['enable', Number(enable[2])];
  const policy = /^(policy_forward):\s*(ACCEPT|DROP)\s*$/i.exec(line);
  if (policy) return ['policy_forward', (policy[2] ?? '').toUpperCase()];
  const level = LOG_LEVEL_OPTION.exec(line);
  if (level) return ['log_level_forward', (level[2] ?? '').toLowerCase()];
  return null;
}

/** The option flags of a rule line (`-p` has two long spellings). */
const FLAGS: ReadonlyArray<[RegExp, RuleTextField]> = [
  [/^(?:-p|--?proto) (\S+)\s*/, 'proto'],
  [/^--?dport (\S+)\s*/, 'dport'],
  [/^--?sport (\S+)\s*/, 'sport'],
  [/^--?source (\S+)\s*/, 'source'],
  [/^--?dest (\S+)\s*/, 'dest'],
  [new RegExp(`^--?log (${LEVELS})\\s*`), 'log'],
  [/^--?icmp-type (\S+)\s*/, 'icmp-type'],
];

/** One rule line, or null when it does not parse. */
export function parseRuleLine(text: string): Rule | null {
  let line = text;
  let comment: string | undefined;
  const hash = /#\s*(.*?)\s*$/.exec(line);
  if (hash) {
    comment = hash[1];
    line = line.slice(0, hash.index);
  }
  const enable = line.startsWith('|') ? 0 : 1;
  if (enable === 0) line = line.slice(1);
  const head = /^(\S+)\s+(\S+)\s*/.exec(line);
  if (!head) return null;
  line = line.slice(head[0].length);
  const type = (head[1] ?? '').toLowerCase();
  const fields: Partial<Record<RuleTextField, string>> = {};
  let action = head[2] ?? '';
  const viaMacro = ['in', 'out', 'forward'].includes(type) ? /^(\S+)\((ACCEPT|DROP|REJECT)\)$/.exec(action) : null;
  if (viaMacro) {
    fields.macro = viaMacro[1];
    action = viaMacro[2] ?? '';
  }
  while (line.length > 0) {
    const iface = /^-i (\S+)\s*/.exec(line);
    if (iface) {
      fields.iface = iface[1];
      line = line.slice(iface[0].length);
      continue;
    }
    // a security group reference takes no other option
    if (type === 'group') break;
    const hit = FLAGS.map(([re, field]) => [re.exec(line), field] as const).find(([m]) => m !== null);
    if (!hit?.[0]) break;
    fields[hit[1]] = hit[0][1];
    line = line.slice(hit[0][0].length);
  }
  if (line.length > 0) return null;
  return { type, action, enable, ...fields, ...(comment !== undefined ? { comment } : {}) };
}

export function parseVnetFirewall(text: string): FwFile {
  const options = new Map<string, FwOptionValue>();
  const rules: Rule[] = [];
  let section: 'options' | 'rules' | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (line === '' || line.startsWith('#')) continue;
    if (/^\[options\]$/i.test(line)) section = 'options';
    else if (/^\[rules\]$/i.test(line)) section = 'rules';
    else if (section === 'options') {
      const option = parseOption(line);
      if (option) options.set(...option);
    } else if (section === 'rules') {
      const rule = parseRuleLine(line);
      if (rule) rules.push(rule);
    }
  }
  return { options, rules };
}

export function formatRuleLine(rule: Rule): string {
  let out = rule.enable !== undefined && !rule.enable ? '|' : '';
  out += `${rule.type.toUpperCase()} ${rule.macro ? `${rule.macro}(${rule.action})` : rule.action}`;
  if (rule.iface) out += ` -i ${rule.iface}`;
  if (rule.type !== 'group') {
    const flags: ReadonlyArray<[string, string | undefined]> = [
      ['-source', rule.source],
      ['-dest', rule.dest],
      ['-p', rule.proto],
      ['-dport', rule.dport],
      ['-sport', rule.sport],
      ['-log', rule.log],
      ['-icmp-type', rule['icmp-type']],
    ];
    for (const [flag, value] of flags) if (value) out += ` ${flag} ${value}`;
  }
  if (rule.comment && rule.comment.trim() !== '') out += ` # ${rule.comment}`;
  return out;
}

/** The file's text, or null when it holds neither options nor rules (the reference then removes it). */
export function formatVnetFirewall(file: FwFile): string | null {
  let out = '';
  if (file.options.size > 0) out += `[OPTIONS]\n\n${[...file.options].map(([k, v]) => `${k}: ${v}\n`).join('')}\n`;
  if (file.rules.length > 0) out += `[RULES]\n\n${file.rules.map((r) => `${formatRuleLine(r)}\n`).join('')}\n`;
  return out === '' ? null : out;
}
