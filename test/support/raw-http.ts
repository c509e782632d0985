import http from 'node:http';
import net from 'node:net';

/** What came back over the wire. */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Source address on the loopback range (e.g. 127.0.0.2): a second "client" as the server sees it. */
  localAddress?: string;
}

/**
 * One HTTP request through node:http, with headers and body exactly as given (fetch would add or refuse
 * some, e.g. Content-Encoding with a raw body) and a chosen source address. No keep-alive. A server may
 * answer a refused body early and close while the body is still being sent: the answer then counts, and
 * the write error that follows does not.
 */
export function rawRequest(
  url: string,
  { method = 'GET', headers = {}, body, localAddress }: RawRequest = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let answer: RawAnswer | undefined;
    const chunks: Buffer[] = [];
    const settle = () => answer && resolve({ ...answer, body: Buffer.concat(chunks).toString('utf8') });
    const req = http.request(
      url,
      { method, headers: { connection: 'close', ...headers }, localAddress, agent: false },
      (res) => {
        answer = { status: res.statusCode ?? 0, headers: res.headers, body: '' };
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', settle);
        res.on('error', settle);
      },
    );
    req.on('error', (e) => (answer ? settle() : reject(e)));
    req.end(body);
  });
}

/** The end of a raw socket: what the server wrote before it closed, or that the test gave up waiting. */
export interface SocketEnd {
  closed: boolean;
  received: string;
}

/**
 * Opens a TCP connection to `port` (from `localAddress`) and calls `feed` with a writer; resolves when the
 * server closes the connection, or with `closed: false` after `giveUpMs` (the bounded end of the test).
 */
export function rawSocket(
  port: number,
  feed: (write: (s: string) => boolean) => void | Promise<void>,
  { localAddress, giveUpMs = 30_000 }: { localAddress?: string; giveUpMs?: number } = {},
): Promise<SocketEnd> {
  return new Promise((resolve) => {
    let received = '';
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ closed, received });
    };
    const timer = setTimeout(() => done(false), giveUpMs);
    socket.on('data', (d) => (received += String(d)));
    socket.on('error', () => undefined);
    socket.on('close', () => done(true));
    socket.on('connect', () => {
      const write = (s: string) => !socket.destroyed && socket.write(s);
      void Promise.resolve(feed(write)).catch(() => undefined);
    });
  });
}

/** Opens a TCP connection and keeps it open, sending nothing; `closed` settles when the server closes it. */
export function idleSocket(
  port: number,
  localAddress?: string,
): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

/**
 * A POST whose body is only sent once the server has started to answer (or never, if it does not within
 * `giveUpMs`): proves an answer that did not wait for the body, then delivers the body anyway. Returns
 * the status the server answered (0 if none).
 */
export async function postAnsweredBeforeBody(
  port: number,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
  giveUpMs = 30_000,
): Promise<number> {
  const head = [
    `POST ${path} HTTP/1.1`,
    'Host: bot',
    'Connection: close',
    `Content-Length: ${body.length}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');
  let bodySent = false;
  const end = await new Promise<SocketEnd>((resolve) => {
    let received = '';
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ closed, received });
    };
    const timer = setTimeout(() => done(false), giveUpMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (d) => {
      received += String(d);
      if (!bodySent) {
        bodySent = true;
        socket.write(body, () => undefined);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => done(true));
  });
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(end.received)?.[1] ?? 0);
}
