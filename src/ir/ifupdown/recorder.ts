/**
 * A VNet's part of the ifupdown2 IR as steps that can be replayed: what its
 * zone plugin did to the interfaces under construction, and what it asked of
 * them (`has`). Replaying the steps onto a builder in the same state as when
 * they were recorded has the effect of running the plugin again; the state
 * matters only through the recorded questions, so a replay first checks that
 * each gets the answer it got then.
 */
import type { IfaceOption, InterfacesBuilder, InterfacesSink, VnetBridge } from './ir.js';

export type Step =
  | { readonly op: 'has'; readonly name: string; readonly answer: boolean }
  | { readonly op: 'define' | 'append'; readonly name: string; readonly options: readonly IfaceOption[]; readonly vnetBridge?: VnetBridge }
  | { readonly op: 'addToList'; readonly name: string; readonly key: string; readonly word: string };

/** Passes every call on to the builder and keeps it as a step. */
export class RecordingSink implements InterfacesSink {
  readonly steps: Step[] = [];

  constructor(private readonly target: InterfacesBuilder) {}

  has(name: string): boolean {
    const answer = this.target.has(name);
    this.steps.push({ op: 'has', name, answer });
    return answer;
  }

  // the step and the builder share a frozen copy, which the builder copies before adding to it
  define(name: string, options: IfaceOption[], vnetBridge?: VnetBridge): void {
    this.add('define', name, options, vnetBridge);
  }

  append(name: string, options: IfaceOption[], vnetBridge?: VnetBridge): void {
    this.add('append', name, options, vnetBridge);
  }

  private add(op: 'define' | 'append', name: string, options: IfaceOption[], vnetBridge: VnetBridge | undefined): void {
    const frozen = Object.freeze(options.slice());
    this.steps.push({ op, name, options: frozen, ...(vnetBridge ? { vnetBridge } : {}) });
    this.target.addShared(op, name, frozen, vnetBridge);
  }

  addToList(name: string, key: string, word: string): void {
    this.steps.push({ op: 'addToList', name, key, word });
    this.target.addToList(name, key, word);
  }
}

/** Whether every question of `steps` gets its recorded answer on `target` (an interface the steps made earlier counts as there). */
function sameAnswers(steps: readonly Step[], target: InterfacesBuilder): boolean {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i] as Step;
    if (s.op === 'has' && (target.has(s.name) || madeBefore(steps, i, s.name)) !== s.answer) return false;
  }
  return true;
}

/** Whether a step before `i` made `name` (a VNet has a handful of steps: a scan, no set per VNet). */
function madeBefore(steps: readonly Step[], i: number, name: string): boolean {
  for (let j = 0; j < i; j++) if (steps[j]?.op !== 'has' && steps[j]?.name === name) return true;
  return false;
}

/** Replays `steps` onto `target`; false, with nothing done, when the builder's state would change what the plugin did. */
export function replay(steps: readonly Step[], target: InterfacesBuilder): boolean {
  if (!sameAnswers(steps, target)) return false;
  for (const s of steps) {
    if (s.op === 'define' || s.op === 'append') target.addShared(s.op, s.name, s.options, s.vnetBridge);
    else if (s.op === 'addToList') target.addToList(s.name, s.key, s.word);
  }
  return true;
}
