/**
 * apimachinery's utilerrors.Aggregate message: one error as it is, several as "[a, b]", each
 * distinct message once (in first-seen order).
 */
export function aggregateMessage(messages: readonly string[]): string {
  if (messages.length === 1) return messages[0]!;
  const seen = [...new Set(messages)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(", ")}]`;
}
