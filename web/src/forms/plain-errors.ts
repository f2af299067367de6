/**
 * The server's reasons as a form shows them: the server words them plainly
 * already (model/schema.ts: "at most 8 characters", "required: give a
 * value"); a form shows each as a sentence.
 */
export function plainReason(reason: string): string {
  const t = reason.trim().replace(/\.$/, '');
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}.`;
}
