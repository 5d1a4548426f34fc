import { ApiError } from '../api/client.js';

interface FormLike {
  readonly values: Record<string, unknown>;
  setErrors: (errors: Record<string, string>) => void;
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * Puts the server's per-field reasons under the matching inputs. Returns what still needs the
 * form-level alert: the error itself when no field took it, otherwise null.
 */
export function showServerErrors(form: FormLike, err: unknown, fieldAliases: Record<string, string> = {}): unknown {
  if (!(err instanceof ApiError)) return err;
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(err.fieldErrors())) {
    const target = fieldAliases[field] ?? field;
    if (target in form.values) errors[target] = sentence(message);
  }
  if (Object.keys(errors).length === 0) return err;
  form.setErrors(errors);
  return null;
}
