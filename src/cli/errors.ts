/** CLI failures: a message for the operator and the exit code to return. */
import { formatIssue, type Issue } from '../model/issues.js';

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Prints findings to stderr; returns true when any is an error. */
export function reportIssues(command: string, issues: readonly Issue[]): boolean {
  for (const i of issues) process.stderr.write(`weft ${command}: ${formatIssue(i)}\n`);
  return issues.some((i) => i.severity === 'error');
}
