/** An HTTP/1.1 answer read off a raw socket: its status line, headers (names lower-cased) and body text. */
export interface RawAnswer {
  statusLine: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits what a server wrote on a connection until it closed into its parts. */
export function parseRawAnswer(text: string): RawAnswer {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { statusLine, status: Number(statusLine.split(' ')[1] ?? 0), headers, body };
}
