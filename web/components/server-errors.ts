import { ApiError } from '../api/client.js';
import { sensitiveCategoryLabel, sensitiveFindings } from './sensitive-data.js';

interface FormLike {
  readonly values: object;
  setErrors: (errors: Record<string, string>) => void;
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * Puts the server's per-field reasons under the matching inputs. Returns what still needs the
 * form-level alert: the error itself when no field took it, otherwise null. A sensitive-data
 * refusal marks its fields and still returns the error, so its explanation shows too.
 */
export function showServerErrors(form: FormLike, err: unknown, fieldAliases: Record<string, string> = {}): unknown {
  if (!(err instanceof ApiError)) return err;
  const findings = sensitiveFindings(err);
  if (findings.length > 0) {
    const errors: Record<string, string> = {};
    for (const f of findings) {
      const field = f.path.replace(/^body\./, '').split('.')[0] ?? '';
      const target = fieldAliases[field] ?? field;
      if (target in form.values && !(target in errors)) errors[target] = `Looks like ${sensitiveCategoryLabel(f.category).toLowerCase()} (${f.hint}); remove it to save`;
    }
    form.setErrors(withCustomFieldErrors(form, errors, err));
    return err;
  }
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(err.fieldErrors())) {
    const target = fieldAliases[field] ?? field;
    if (target in form.values) errors[target] = sentence(message);
  }
  if (Object.keys(errors).length === 0) return err;
  form.setErrors(withCustomFieldErrors(form, errors, err));
  return null;
}

/** Forms that hold custom fields as `customFields.<key>` get each field's own message. */
function withCustomFieldErrors(form: FormLike, errors: Record<string, string>, err: ApiError): Record<string, string> {
  if (!('customFields' in form.values)) return errors;
  const perField = Object.entries(customFieldErrors(err));
  if (perField.length === 0) return errors;
  const rest = { ...errors };
  delete rest.customFields;
  return { ...rest, ...Object.fromEntries(perField.map(([key, message]) => [`customFields.${key}`, message])) };
}

/** Per custom field, by key: the server names them `body.customFields.<key>`. */
export function customFieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  const issues = err.details.issues;
  if (Array.isArray(issues)) {
    for (const issue of issues as { path?: unknown; message?: unknown }[]) {
      if (typeof issue.path !== 'string' || typeof issue.message !== 'string') continue;
      const match = /^body\.customFields\.([^.]+)/.exec(issue.path);
      if (match?.[1] && !(match[1] in out)) out[match[1]] = sentence(issue.message);
    }
  }
  for (const f of sensitiveFindings(err)) {
    const match = /^body\.customFields\.([^.]+)/.exec(f.path);
    if (match?.[1] && !(match[1] in out)) out[match[1]] = `Looks like ${sensitiveCategoryLabel(f.category).toLowerCase()} (${f.hint}); remove it to save`;
  }
  return out;
}
