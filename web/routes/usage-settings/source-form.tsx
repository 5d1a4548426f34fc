import { TagsInput, type TagsInputProps } from '@mantine/core';
import { isApiError } from '../../api/client.js';
import { showServerErrors } from '../../components/server-errors.js';
import { fieldOfMessage } from './usage-snippets.js';

/** The sites a browser key is accepted from, one pill each; typing a space or a comma starts the next. */
export function OriginsInput(props: Omit<TagsInputProps, 'label' | 'description' | 'placeholder' | 'splitChars'>) {
  return (
    <TagsInput
      label="Allowed sites"
      description="The addresses your pages are served from, such as https://app.example.com: scheme, host and port, no path. Press Enter after each. Candor refuses this key from any other site."
      placeholder="https://app.example.com"
      splitChars={[',', ' ']}
      clearable
      {...props}
    />
  );
}

export const NEEDS_A_SITE = 'Add at least one site, such as https://app.example.com. A browser key is public, so Candor accepts it only from the sites you list.';

interface SourceFormLike {
  readonly values: object;
  setErrors: (errors: Record<string, string>) => void;
}

/**
 * The server's reasons under the inputs they concern. A refused origin comes as a message naming
 * `allowedOrigins.<i>` rather than as a schema issue, so it is placed here when the shared helper
 * leaves it for the form-level alert.
 */
export function showSourceErrors(form: SourceFormLike, err: unknown): unknown {
  const rest = showServerErrors(form, err);
  if (!isApiError(rest, 'validation_failed')) return rest;
  const hit = fieldOfMessage(rest.message, Object.keys(form.values));
  if (!hit) return rest;
  form.setErrors({ [hit.field]: hit.message });
  return null;
}
