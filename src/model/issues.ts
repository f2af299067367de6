/**
 * Validation findings as data: a stable code, a dotted path naming the file or
 * section and the property, and a human reason. All findings of a check are
 * collected so an operator fixes everything in one pass.
 */
export type Severity = 'error' | 'warning';

export interface Issue {
  readonly code: string;
  /** e.g. `zones.myzone.vrf-vxlan` or `zones.cfg:12` */
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
  /**
   * The same finding as told to an edit of another section it involves,
   * when that section is the one edited: a subnet on a VLAN-aware VNet is
   * the subnet's finding, and the VNet's when the VNet is made VLAN-aware.
   */
  readonly seenFrom?: IssueView;
}

export interface IssueView {
  readonly path: string;
  readonly message: string;
}

export function issue(code: string, path: string, message: string, severity: Severity = 'error'): Issue {
  return { code, path, message, severity };
}

export function errorsOf(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => i.severity === 'error');
}

export function formatIssue(i: Issue): string {
  return `${i.severity === 'warning' ? 'warning' : 'error'}: ${i.path}: ${i.message}`;
}

/** Thrown at an edge (CLI, API) when a value failed validation. */
export class ValidationError extends Error {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ValidationError';
    this.issues = issues;
  }
}
