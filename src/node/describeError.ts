/**
 * Short reason for a filesystem error, for messages that name the file: its errno code and message
 * (Node's own messages already start with the code: it is not repeated).
 */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(`${code}:`) ? `${code}: ${message}` : message;
}
