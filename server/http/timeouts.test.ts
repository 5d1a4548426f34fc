import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { makeWorkspace, signInAs } from '../../test/helpers/factories.js';

/**
 * Slow clients against a real listening server (app.inject has no socket to time out). The
 * deadlines are set short here; what is asserted is that the server closes the connection, not
 * how fast: each test would hang to Vitest's timeout if it did not.
 */
let t: TestApp;
let port: number;
let cookie: string;

beforeAll(async () => {
  t = await buildTestApp({
    env: { HTTP_HEADERS_TIMEOUT_MS: '600', HTTP_BODY_TIMEOUT_MS: '800', HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '400' },
  });
  cookie = await signInAs(t, (await makeWorkspace(t)).owner);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(() => t.close());

/** A raw connection that writes `parts` one by one every `everyMs` until the server closes it; resolves with all it received. */
function drip(parts: string[], everyMs: number): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => undefined);
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || socket.writableEnded) return clearInterval(timer);
    const part = parts[Math.min(i, parts.length - 1)] as string;
    i += 1;
    socket.write(part);
  }, everyMs);
  const closed = new Promise<string>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    }),
  );
  return { socket, closed };
}

describe('slow clients', () => {
  it('closes a connection that drips its header lines, with 408', async () => {
    // Without a header deadline, a header line every few seconds kept the connection for ever.
    const { closed } = drip(['GET /healthz HTTP/1.1\r\nHost: candor.test\r\n', 'X-Slow: 1\r\n'], 100);
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection that drips its JSON body, with 408, and the body never reaches the route', async () => {
    const body = JSON.stringify({ email: 'slow@example.test', password: 'x'.repeat(200) });
    const head = `POST /api/v1/session HTTP/1.1\r\nHost: candor.test\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const audited = async () => Number((await t.db.selectFrom('audit_event').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await audited();
    const { closed } = drip([head, ...body.split('')], 100);
    expect(await closed).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    // A sign-in attempt that reached the route would be audited as a failed sign-in.
    expect(await audited()).toBe(before);
  });

  it('closes two hundred dripping connections, and answers others meanwhile', async () => {
    const slow = Array.from({ length: 200 }, (_, i) => drip([`GET /healthz?n=${i} HTTP/1.1\r\nHost: candor.test\r\n`, 'X-Slow: 1\r\n'], 150));
    const meanwhile = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(meanwhile.status).toBe(200);
    const answers = await Promise.all(slow.map((s) => s.closed));
    expect(answers.filter((a) => a.startsWith('HTTP/1.1 408'))).toHaveLength(200);
  });

  it('closes an idle keep-alive connection after its answer', async () => {
    const { socket, closed } = drip(['GET /healthz HTTP/1.1\r\nHost: candor.test\r\nConnection: keep-alive\r\n\r\n'], 60_000);
    socket.write('GET /healthz HTTP/1.1\r\nHost: candor.test\r\nConnection: keep-alive\r\n\r\n');
    const received = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(received).toMatch(/keep-alive: timeout=\d+/i);
  });

  it('lets a CSV upload stream for longer than the body deadline, within the request deadline', async () => {
    // The upload's body is a stream the route reads as it comes: only the whole-request deadline bounds it.
    const rows = Array.from({ length: 12 }, (_, i) => `Slow Upload ${i},slow${i}.example\n`);
    const csv = `Name,Domain\n${rows.join('')}`;
    const head = [
      'POST /api/v1/imports?entity=client&fileName=slow.csv HTTP/1.1',
      'Host: candor.test',
      'Sec-Fetch-Site: same-origin',
      `Cookie: ${cookie}`,
      'Content-Type: text/csv',
      `Content-Length: ${Buffer.byteLength(csv)}`,
      'Connection: close',
      '',
      '',
    ].join('\r\n');
    const chunks = [head, 'Name,Domain\n', ...rows];
    // 14 writes 120 ms apart: about 1.7 s, twice the body deadline.
    const { closed } = drip(chunks, 120);
    const received = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 201 Created/);
    expect(received).toContain('"fileName":"slow.csv"');
  });
});
