import { noop, safe } from './util';

/**
 * Browsers cap the bodies of keepalive requests in flight at 64 KiB summed over the page (Fetch
 * spec), and Chromium counts sendBeacon against the same quota; so every request is at most this
 * big, and goes with keepalive while the page's total stays under it.
 */
const KEEPALIVE_BYTES = 65536;
/** The ingestion API refuses a single event above 32 KiB; sending one would only waste the quota. */
const MAX_EVENT_BYTES = 32768;
const BATCH_EVENTS = 20;
const BATCH_MS = 2000;
/** One send and four retries, about 1, 2, 4 and 8 s apart. */
const MAX_TRIES = 5;

interface Item {
  json: string;
  bytes: number;
}

interface Chunk {
  items: Item[];
  tries: number;
}

export interface Transport {
  send(event: object): void;
  /** Sends what is queued; resolves when those requests have been answered, never rejects. */
  flush(): Promise<void>;
}

const encoder = new TextEncoder();
const byteLength = (s: string) => encoder.encode(s).length;

/**
 * Batches events to `${api}/v1/b` as `text/plain`, which is a CORS simple request: no preflight,
 * so one round trip per batch. Without cookies: Candor needs none, and an essential visitor must
 * stay cookieless. `ready` holds everything back while the page is prerendered.
 */
export function createTransport(api: string, writeKey: string, ready: () => boolean): Transport {
  const url = api + '/v1/b';
  const head = '{"writeKey":' + JSON.stringify(writeKey) + ',"sentAt":"';
  const envelopeBytes = byteLength(head + new Date(0).toISOString() + '","batch":[]}');
  let queue: Item[] = [];
  const outbox: Chunk[] = [];
  const waiting = new Map<Chunk, ReturnType<typeof setTimeout>>();
  let keepaliveInFlight = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Once hidden, the page may be unloaded or discarded without another event: queued events go at
  // once, and a send that fails is not retried, since its timer would most likely never fire.
  let hidden = false;

  function send(event: object): void {
    const json = JSON.stringify(event);
    const bytes = byteLength(json);
    if (bytes > MAX_EVENT_BYTES) return;
    queue.push({ json, bytes });
    if (hidden || queue.length >= BATCH_EVENTS) flush();
    else if (!timer) timer = setTimeout(safe(flush), BATCH_MS);
  }

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (!ready()) return Promise.resolve();
    let chunk: Chunk | undefined;
    let size = 0;
    for (const item of queue) {
      if (!chunk || size + 1 + item.bytes > KEEPALIVE_BYTES) {
        outbox.push((chunk = { items: [], tries: 0 }));
        size = envelopeBytes - 1;
      }
      chunk.items.push(item);
      size += 1 + item.bytes;
    }
    queue = [];
    return pump();
  }

  function pump(): Promise<void> {
    const sent: Promise<void>[] = [];
    while (outbox.length) {
      const chunk = outbox[0]!;
      const body = head + new Date().toISOString() + '","batch":[' + chunk.items.map((i) => i.json).join(',') + ']}';
      const bytes = byteLength(body);
      // A retry while the page is shown goes without keepalive: the first try may have failed
      // because other scripts on the page had used the shared quota.
      const keepalive = (hidden || !chunk.tries) && keepaliveInFlight + bytes <= KEEPALIVE_BYTES;
      if (!keepalive && hidden) {
        // A plain fetch would die with the page. A beacon gets through where its quota is per
        // request; otherwise the chunk waits for a keepalive request in flight to finish.
        if (!navigator.sendBeacon || !navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' }))) break;
        outbox.shift();
        continue;
      }
      outbox.shift();
      sent.push(post(chunk, body, bytes, keepalive));
    }
    return Promise.all(sent).then(noop);
  }

  function post(chunk: Chunk, body: string, bytes: number, keepalive: boolean): Promise<void> {
    const sentHidden = hidden;
    if (keepalive) keepaliveInFlight += bytes;
    const settle = safe((status: number, retryAfter: string | null) => {
      if (keepalive) keepaliveInFlight -= bytes;
      // 0 is a network error. Other 4xx say the batch itself is wrong: sending it again would
      // be refused again.
      if (status === 0 || status === 429 || status >= 500) retry(chunk, sentHidden, retryAfter);
      if (outbox.length) pump();
    });
    // Settled once the response body is read: until then the browser still counts the request
    // against the keepalive quota, and a chunk sent after the headers alone would be refused.
    return new Promise<Response>((resolve) => resolve(fetch(url, { method: 'POST', body, keepalive, credentials: 'omit' })))
      .then((res) => res.text().then(() => settle(res.status, res.headers.get('Retry-After'))))
      .then(noop, () => settle(0, null))
      .catch(noop);
  }

  function retry(chunk: Chunk, sentHidden: boolean, retryAfter: string | null): void {
    if (sentHidden || ++chunk.tries >= MAX_TRIES) return;
    if (hidden) {
      // Sent while visible, failed after the page was hidden: one last try now, while it still runs.
      outbox.push(chunk);
      return;
    }
    let ms = 1000 * 2 ** (chunk.tries - 1) * (0.5 + Math.random());
    if (retryAfter) {
      const asked = +retryAfter >= 0 ? +retryAfter * 1000 : Date.parse(retryAfter) - Date.now();
      if (asked > 0) ms = asked;
    }
    const t = setTimeout(
      safe(() => {
        waiting.delete(chunk);
        outbox.push(chunk);
        pump();
      }),
      // setTimeout fires at once for a delay beyond 2^31 ms; a day is longer than any page lives.
      Math.min(ms, 864e5),
    );
    waiting.set(chunk, t);
  }

  const hide = safe(() => {
    hidden = true;
    // Batches waiting for a retry get their last chance now, with keepalive.
    waiting.forEach((t, chunk) => {
      clearTimeout(t);
      outbox.push(chunk);
    });
    waiting.clear();
    flush();
  });
  const show = safe(() => {
    hidden = false;
    if (outbox.length) pump();
  });
  addEventListener('pagehide', hide);
  addEventListener('pageshow', show);
  document.addEventListener(
    'visibilitychange',
    safe(() => (document.visibilityState === 'hidden' ? hide() : show())),
  );

  return {
    send,
    flush: () => {
      try {
        return flush();
      } catch {
        return Promise.resolve();
      }
    },
  };
}
