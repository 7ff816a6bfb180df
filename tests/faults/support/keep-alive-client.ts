// A client on one kept-alive connection, as a load balancer holds them: it sends a request,
// reads the whole answer, sends the next, and stops when the server says it closes the
// connection. What it records tells apart a request answered on an open connection from one
// the server dropped (a reset, or the connection closed with no answer).
import { connect } from 'node:net';

export interface ConnectionRecord {
  /** The statuses of the answers, in order. */
  statuses: number[];
  /** How the connection ended: 'closed' after a `Connection: close` answer, else the error. */
  end: 'closed' | 'stopped' | string;
}

export function keepAliveClient(port: number, path: string) {
  const record: ConnectionRecord = { statuses: [], end: 'stopped' };
  const socket = connect(port, '127.0.0.1');
  let stopping = false;
  let buffer = Buffer.alloc(0);
  let waiting = false;
  const ask = () => {
    waiting = true;
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  };
  const done = new Promise<ConnectionRecord>((resolve) => {
    socket.on('connect', ask);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headEnd = buffer.indexOf('\r\n\r\n');
        if (headEnd === -1) return;
        const head = buffer.subarray(0, headEnd).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < headEnd + 4 + length) return;
        buffer = buffer.subarray(headEnd + 4 + length);
        record.statuses.push(Number(head.split(' ')[1]));
        waiting = false;
        if (/\r\nconnection: *close/i.test(head)) {
          record.end = 'closed';
          socket.end();
          return;
        }
        if (stopping) {
          socket.end();
          return;
        }
        ask();
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      record.end = error.code ?? error.message;
    });
    socket.on('close', () => {
      // Closed by the server while a request waited for its answer: dropped.
      if (waiting && record.end === 'stopped') record.end = 'closed without an answer';
      resolve(record);
    });
  });
  return {
    done,
    stop() {
      stopping = true;
    },
  };
}
