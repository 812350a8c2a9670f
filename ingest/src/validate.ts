import { z } from 'zod';
import { toNumber } from './formats.js';
import type { ParseContext, Rejection } from './types.js';

/**
 * Schemas (zod) for the raw cells of a source record, as a connector reads them (text, '' when empty). Each
 * reason completes "<field>: <reason>" in a rejection: `iso2: "P1" is not an ISO 3166-1 alpha-2 code`.
 */
export const cell = {
  /** Any text, '' allowed. */
  any: z.string(),
  /** A cell that must not be empty. */
  required: z.string().refine((v) => v !== '', { error: 'missing' }),
  /** A code of a given form (`what` names it: "an ISO 3166-1 alpha-2 code"); '' is "missing". */
  code: (pattern: RegExp, what: string) =>
    z
      .string()
      .refine((v) => v !== '', { error: 'missing', abort: true })
      .refine((v) => pattern.test(v), { error: (issue) => `${JSON.stringify(issue.input)} is not ${what}` }),
  /** The same, where '' is allowed (the source leaves it open). */
  optionalCode: (pattern: RegExp, what: string) =>
    z.string().refine((v) => v === '' || pattern.test(v), { error: (issue) => `${JSON.stringify(issue.input)} is not ${what}` }),
  /** A number as sources write it ("8648648.65", 78600000); '' is null (unknown). */
  number: z
    .union([z.string(), z.number(), z.null()])
    .refine((v) => !Number.isNaN(toNumber(v)), { error: (issue) => `not a number: ${JSON.stringify(issue.input)}` })
    .transform((v) => toNumber(v)),
  /** A whole number of things, not negative; '' is null. */
  count: z
    .union([z.string(), z.number(), z.null()])
    .refine(
      (v) => {
        const n = toNumber(v);
        return n === null || (Number.isInteger(n) && n >= 0);
      },
      { error: (issue) => `not a count: ${JSON.stringify(issue.input)}` },
    )
    .transform((v) => toNumber(v)),
  /** A calendar date written YYYY-MM-DD; '' is null. */
  date: z
    .string()
    .refine((v) => v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)), {
      error: (issue) => `${JSON.stringify(issue.input)} is not a calendar date written YYYY-MM-DD`,
    })
    .transform((v) => (v === '' ? null : v)),
};

/** One step of a JSON path as the connectors write them: `[3]`, `.name`, `["507"]`. */
function jsonPathStep(key: string): string {
  if (/^\d+$/.test(key)) return `[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Where a record is: its line (text formats) or JSON path, and the ID it goes by in the source. */
export interface RecordAt {
  line?: number;
  path?: string;
  recordId?: string;
}

/**
 * Checks one raw record against its schema. Valid: returns the parsed values. Invalid: rejects the record
 * through the context (file is added by the run) with the first failing field, its place (line, or the
 * record's JSON path followed by the field) and the schema's reason, and returns null so the connector goes
 * on with the next record. `fieldName` maps a schema key to the column name the user sees, where they differ.
 */
export function validRecord<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  at: RecordAt,
  ctx: ParseContext,
  fieldName: (key: string) => string = (key) => key,
): z.output<S> | null {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const keys = (issue?.path ?? []).map(String);
  const field = keys.length ? fieldName(keys.join('.')) : '(record)';
  const rejection: Omit<Rejection, 'file'> = { field, reason: issue?.message ?? 'not valid' };
  if (at.line !== undefined) rejection.line = at.line;
  if (at.path !== undefined) rejection.path = `${at.path}${keys.map(jsonPathStep).join('')}`;
  if (at.recordId) rejection.recordId = at.recordId;
  ctx.reject(rejection);
  return null;
}
