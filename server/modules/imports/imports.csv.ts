import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Ctx } from '../../context.js';
import { AppError } from '../../errors.js';
import { findChunk, insertChunk } from './imports.repo.js';

/** Uploads above these are refused: large enough for 100k-row files, small enough to stay bounded. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
export const MAX_ROWS = 1_000_000;
/** The file is kept in pieces of about this size, so neither upload nor import holds it whole. */
const CHUNK_CHARS = 512 * 1024;
const PREVIEW_ROWS = 5;

const CSV_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true } as const;

/**
 * Parses text from an async source. `pipe` does not forward a source's error to the parser, which
 * would then wait forever; the error is passed on by hand so the reader's loop throws it.
 */
function parseFrom(source: AsyncIterable<string>) {
  const parser = parse(CSV_OPTIONS);
  const input = Readable.from(source);
  input.on('error', (err) => parser.destroy(err));
  return input.pipe(parser);
}

/** Header cells as the mapping step shows them: trimmed, never empty, never twice the same. */
export function cleanHeaders(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

export interface StoredUpload {
  readonly headers: string[];
  readonly preview: string[][];
  readonly totalRows: number;
}

/**
 * Reads an uploaded CSV as it arrives: the text is stored in pieces and parsed on the way, so the
 * header, a preview and the row count are known when the upload ends, with memory bounded by the
 * piece size whatever the file size. Invalid UTF-8 and malformed CSV are refused with the line.
 */
export async function storeUpload(ctx: Pick<Ctx, 'db' | 'workspaceId'>, importId: string, body: AsyncIterable<Buffer | string>): Promise<StoredUpload> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let seq = 0;
  let pending = '';
  async function* text() {
    for await (const part of body) {
      const buf = typeof part === 'string' ? Buffer.from(part) : part;
      bytes += buf.length;
      if (bytes > MAX_UPLOAD_BYTES) throw new AppError('payload_too_large', `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it into smaller files.`);
      let decoded: string;
      try {
        decoded = decoder.decode(buf, { stream: true });
      } catch {
        throw new AppError('validation_failed', 'body: the file is not UTF-8 text. Save the CSV as UTF-8 and upload it again.');
      }
      // Valid UTF-8, but no CSV text: PostgreSQL cannot store it, and it usually means UTF-16.
      if (decoded.includes('\u0000')) {
        throw new AppError('validation_failed', 'body: the file holds NUL characters, as a UTF-16 ("Unicode text") file does. Save the CSV as UTF-8 and upload it again.');
      }
      pending += decoded;
      if (pending.length >= CHUNK_CHARS) {
        await insertChunk(ctx, importId, seq++, pending);
        pending = '';
      }
      yield decoded;
    }
    const tail = decoder.decode();
    pending += tail;
    if (pending.length > 0) await insertChunk(ctx, importId, seq++, pending);
    if (tail) yield tail;
  }
  const parser = parseFrom(text());
  let headers: string[] | undefined;
  const preview: string[][] = [];
  let rows = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!headers) {
        headers = cleanHeaders(record);
        continue;
      }
      rows++;
      if (rows > MAX_ROWS) throw new AppError('payload_too_large', `The file has more than ${MAX_ROWS.toLocaleString('en')} rows; split it into smaller files.`);
      if (preview.length < PREVIEW_ROWS) preview.push(record);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as { code?: string; lines?: number; message?: string };
    if (e.code?.startsWith('CSV_')) throw new AppError('validation_failed', `body: the CSV cannot be read near line ${e.lines ?? '?'} (${e.message ?? e.code}).`);
    throw err;
  }
  if (!headers) throw new AppError('validation_failed', 'body: the file is empty; the first line must name the columns.');
  return { headers, preview, totalRows: rows };
}

/** The stored file's data rows, in order, one array of cells each (the header row is skipped). */
export async function* readRows(ctx: Pick<Ctx, 'db' | 'workspaceId'>, importId: string): AsyncGenerator<string[]> {
  async function* text() {
    for (let seq = 0; ; seq++) {
      const data = await findChunk(ctx, importId, seq);
      if (data === undefined) return;
      yield data;
    }
  }
  const parser = parseFrom(text());
  let first = true;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (first) {
      first = false;
      continue;
    }
    yield record;
  }
}
