import { z } from 'zod';
import { IsoTime } from './common.js';

/**
 * CSV import of clients or contacts: upload (raw `text/csv` body), map columns (with suggestions),
 * dry run (row-level errors, nothing written), run (progress), undo (the whole import).
 */
export const ImportEntity = z.enum(['client', 'contact']);
export type ImportEntity = z.infer<typeof ImportEntity>;
export const ImportStatus = z.enum(['uploaded', 'validating', 'validated', 'queued', 'running', 'done', 'failed', 'undoing', 'undone']);
export type ImportStatus = z.infer<typeof ImportStatus>;

/** How rows find existing records to update instead of creating new ones. */
export const MatchOn = z.enum(['external_id', 'domain', 'email', 'none']);
export const MatchOnLabels: Record<z.infer<typeof MatchOn>, string> = {
  external_id: 'External id',
  domain: 'Domain (clients)',
  email: 'Email (contacts)',
  none: 'Always create new records',
};

export const ImportTarget = z.object({
  key: z.string().describe('e.g. name, domains, csm_email, custom.arr'),
  label: z.string(),
  required: z.boolean(),
  hint: z.string().nullable().describe('How the cell is read, e.g. "several domains separated by ; or ,"'),
});
export type ImportTarget = z.infer<typeof ImportTarget>;

export const ImportRowError = z.object({ row: z.number().int().describe('1-based data row (the header is row 0)'), column: z.string().nullable(), message: z.string() });

export const ImportView = z.object({
  id: z.string(),
  entity: ImportEntity,
  fileName: z.string(),
  status: ImportStatus,
  headers: z.array(z.string()),
  mapping: z.record(z.string(), z.string().nullable()).nullable().describe('CSV header → target key (null: ignore the column)'),
  matchOn: MatchOn.nullable(),
  suggestedMapping: z.record(z.string(), z.string().nullable()),
  targets: z.array(ImportTarget),
  preview: z.array(z.array(z.string())).describe('The first rows of the file, as uploaded'),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  createdRows: z.number().int().describe('In a dry run: rows that would create a record'),
  updatedRows: z.number().int().describe('In a dry run: rows that would update a record'),
  errorRows: z.number().int(),
  errors: z.array(ImportRowError).describe('The first errors, row by row'),
  dryRun: z.boolean().describe('True while the counts above come from a dry run'),
  createdBy: z.string().nullable(),
  createdAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  undoneAt: IsoTime.nullable(),
  canUndo: z.boolean(),
});
export type ImportView = z.infer<typeof ImportView>;
export const ImportList = z.object({ items: z.array(ImportView.omit({ preview: true, targets: true, suggestedMapping: true, headers: true })) });

export const UploadImportQuery = z.object({
  entity: ImportEntity,
  fileName: z.string().trim().min(1).max(200).default('import.csv'),
}).strict();

export const MappingBody = z
  .object({
    mapping: z.record(z.string().max(200), z.string().max(80).nullable()).describe('Every CSV header → a target key, or null to ignore it'),
    matchOn: MatchOn,
  })
  .strict();
export type MappingBody = z.infer<typeof MappingBody>;
