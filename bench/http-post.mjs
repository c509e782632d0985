// A lean keep-alive HTTP POST for the bench's load clients. fetch (undici) allocates so much per request that
// the client's own garbage collections (about 9 ms each, every few dozen requests, measured with
// --trace-gc-nvp) showed up in the latencies it reported; node:http with a keep-alive agent allocates a
// fraction of that, so the numbers are the bot's.
import http from 'node:http';

/**
 * An agent keeping up to `sockets` connections open: one per concurrent client, as Teams' own callers keep
 * theirs.
 * @param {number} sockets
 */
export function keepAliveAgent(sockets) {
  return new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

/**
 * POSTs `body` (JSON text) to `url`; resolves with the status and the answer's text, rejects on a network
 * error.
 * @param {URL} url
 * @param {string} body
 * @param {http.Agent} agent
 * @returns {Promise<{ status: number, text: string }>}
 */
export function postJson(url, body, agent) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
