import type { ServerOptions } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

/**
 * Deadlines for slow clients, for a server exposed directly to the internet. Without them a
 * client that sends a header line, or a body byte, every few seconds holds a connection (and its
 * memory) for ever; a few hundred such clients starve everyone else (slowloris).
 *
 * - headers: the whole header block within `headersTimeoutMs` (Node answers 408 and closes);
 * - body: a body parsed before it reaches a route (JSON, at most 500 KB) within `bodyTimeoutMs`
 *   of its headers (`bodyDeadline` below: 408, then the connection closes);
 * - request: headers and body within `requestTimeoutMs`, which bounds the one route whose body is
 *   a stream (a CSV upload of up to 64 MiB);
 * - keep-alive: an idle connection closes after `keepAliveTimeoutMs` between requests.
 *
 * Node checks the header and request deadlines on a timer; it runs every second, so a deadline is
 * met within a second of passing rather than Node's default thirty.
 */
export function httpServerOptions(config: Config): Pick<ServerOptions, 'headersTimeout' | 'requestTimeout' | 'keepAliveTimeout' | 'connectionsCheckingInterval'> {
  return {
    headersTimeout: config.http.headersTimeoutMs,
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, config.http.headersTimeoutMs),
  };
}

const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();

/**
 * From the end of the headers (onRequest) to a parsed body (preValidation): past the deadline the
 * client gets 408 and the connection closes. A route whose body is a stream reaches preValidation
 * at once and is bounded by the request deadline instead.
 */
export function bodyDeadline(app: FastifyInstance, ms: number): void {
  app.addHook('onRequest', async (req) => {
    const socket = req.raw.socket;
    const timer = setTimeout(() => {
      req.log.info({ route: req.routeOptions.url, ms }, 'request body not received in time; closing the connection');
      // Written on the socket as Node writes its own 408 for the header deadline: no response
      // has begun, and the parser is still waiting for the body.
      if (socket.writable) socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroySoon?.();
    }, ms);
    timer.unref();
    timers.set(req, timer);
  });
  const clear = async (req: FastifyRequest) => {
    clearTimeout(timers.get(req));
    timers.delete(req);
  };
  app.addHook('preValidation', clear);
  app.addHook('onResponse', clear);
  app.addHook('onRequestAbort', clear);
}
