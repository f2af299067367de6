/** Debian's FRR in tests: the offline syntax check of a frr.conf (`vtysh --dryrun`). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface DryRunProblem {
  /** 1-based line number in the file */
  readonly line: number;
  /** the file's line, verbatim */
  readonly text: string;
  /** vtysh's complaint (`% Unknown command`, `% Command incomplete`, …) */
  readonly message: string;
}

export interface DryRun {
  readonly status: number | null;
  readonly problems: readonly DryRunProblem[];
  readonly output: string;
}

/**
 * `vtysh --dryrun -f FILE`: parses the whole file with FRR's own command
 * tables, no daemons needed; every rejected line is reported as
 * `line N: % Unknown command[…]: TEXT`.
 */
export function vtyshDryRun(file: string): DryRun {
  const r = spawnSync('vtysh', ['--dryrun', '-f', file], { encoding: 'utf8', timeout: 60_000 });
  const output = `${r.stdout}${r.stderr}`;
  const lines = readFileSync(file, 'utf8').split('\n');
  const problems: DryRunProblem[] = [];
  for (const m of output.matchAll(/^line (\d+): (% [^[\n]+)/gm)) {
    const line = Number(m[1]);
    problems.push({ line, text: lines[line - 1] ?? '', message: (m[2] ?? '').trim() });
  }
  return { status: r.status, problems, output };
}
