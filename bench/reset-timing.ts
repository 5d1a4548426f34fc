/**
 * Does the password-reset answer take longer for an email with an account than for one without?
 * If so, its timing tells which emails have accounts, whatever the text says. An outside probe
 * measured 6–9 ms against 4–5.5 ms (means of 10) before the lookup moved after the answer.
 *
 * Candor runs from the build on a fresh SQLite file (set up through first-run setup, so the
 * owner's email has an account); requests for that email and for unknown ones alternate, one at a
 * time on new connections, each from its own loopback address (127.0.N.x) so the per-address rate
 * limit (5 a minute) never answers instead. Reported: the mean and the spread of each, and their
 * difference.
 *
 *   npm run build:server && npx tsx bench/reset-timing.ts [--rounds 20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setUp, startCandor } from './harness.js';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
const ROUNDS = Number(args.rounds);
const OWNER_EMAIL = 'bench@example.test';

const dir = mkdtempSync(join(tmpdir(), 'candor-reset-timing-'));
const candor = await startCandor(`sqlite:${join(dir, 'candor.db')}`);
try {
  await setUp(candor.base);
  const port = new URL(candor.base).port;
  const post = (email: string, from: string) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ email });
      const started = process.hrtime.bigint();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/password-resets',
          method: 'POST',
          localAddress: from,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'sec-fetch-site': 'same-origin', connection: 'close' },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 202 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`answered ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const pause = () => new Promise((r) => setTimeout(r, 50));
  await post('warm-up@example.test', '127.0.0.99');
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    known.push(await post(OWNER_EMAIL, `127.0.${1 + i}.10`));
    await pause();
    unknown.push(await post(`nobody-${i}@example.test`, `127.0.${1 + i}.20`));
    await pause();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)] ?? 0;
  const line = (label: string, xs: number[]) => `${label.padEnd(22)} mean ${mean(xs).toFixed(2)} ms, median ${median(xs).toFixed(2)} ms, min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)}`;
  process.stdout.write(`${line('email with an account', known)}\n${line('unknown email', unknown)}\n`);
  process.stdout.write(`difference of means: ${(mean(known) - mean(unknown)).toFixed(2)} ms over ${ROUNDS} rounds\n`);
} finally {
  await candor.stop();
  rmSync(dir, { recursive: true, force: true });
}
