/** A stored JSON document, or `fallback` when it is absent, empty or torn (a reader never fails on another writer's file). */
export function parseJsonOr<T>(text: string | undefined, fallback: T): T {
  if (text === undefined || text.trim() === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
