/** Flags of `weft agent` that `weft server --local-agent` takes too (a small module: the server loads the agent only when asked). */
export const APPLY_OPTIONS = {
  root: { type: 'string', default: '/' },
  'no-reload': { type: 'boolean', default: false },
  facts: { type: 'string' },
  'frr-instance': { type: 'string' },
  'drift-interval': { type: 'string' },
} as const;

export interface ApplyFlags {
  readonly root: string;
  readonly 'no-reload': boolean;
  readonly facts?: string | undefined;
  readonly 'frr-instance'?: string | undefined;
  readonly 'drift-interval'?: string | undefined;
}

