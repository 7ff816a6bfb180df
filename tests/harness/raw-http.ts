// HTTP/1.1 over a plain socket, for requests no client library would send as they are: bytes
// that are not UTF-8, malformed request lines, headers past the limits.
import { connect } from 'node:net';
import type { RawResponse } from './response-validator.js';

export interface RawAnswer extends RawResponse {
  body: Record<string, unknown>;
}

/**
 * Sends `head` (request line and headers, CRLF-separated, no final blank line) and `body` to the
 * server on `port`, byte for byte as given.
 */
export function rawRequest(
  port: number,
  head: string | Buffer,
  body: string | Buffer = '',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may close the connection before reading all of a refused request; what it
    // answered is still there.
    socket.on('error', (error) => {
      if (chunks.length === 0) reject(error);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [headText = '', bodyText = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = headText.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(bodyText) as Record<string, unknown>;
      } catch {
        // validation below reports it
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, text: bodyText, body: parsed });
    });
    const end = `Host: 127.0.0.1\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    // Written, not ended: a half-closed socket lets the server drop the connection before it
    // answers a request that waits on the database. `Connection: close` ends it after the answer.
    socket.write(Buffer.concat([Buffer.from(head), Buffer.from(`\r\n${end}`), Buffer.from(body)]));
  });
}
