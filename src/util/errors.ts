/**
 * Domain failures, independent of HTTP. `ParamError` names each offending
 * parameter (the API answers 400 with that map, as the reference does);
 * `SdnError` is any other refusal (the reference answers those with 500 and
 * the message, which clients show verbatim — so messages say what to do).
 */
export class ParamError extends Error {
  readonly errors: Readonly<Record<string, string>>;
  constructor(errors: Readonly<Record<string, string>>, message = 'Parameter verification failed.') {
    super(message);
    this.name = 'ParamError';
    this.errors = errors;
  }
}

export type SdnErrorKind = 'not-found' | 'conflict' | 'locked' | 'failed';

export class SdnError extends Error {
  readonly kind: SdnErrorKind;
  constructor(message: string, kind: SdnErrorKind = 'failed') {
    super(message);
    this.name = 'SdnError';
    this.kind = kind;
  }
}

/** Prefixes the message the way the reference's lock wrapper does ("create sdn vnet object failed: …"). */
export function withContext(e: unknown, context: string): unknown {
  if (e instanceof SdnError) return new SdnError(`${context}: ${e.message}`, e.kind);
  return e;
}
