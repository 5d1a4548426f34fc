import { Alert, List, Text } from '@mantine/core';
import { IconAlertCircle, IconShieldX } from '@tabler/icons-react';
import { errorMessage } from '../api/client.js';
import { humanizePath, sensitiveCategoryLabel, sensitiveFindings } from './sensitive-data.js';

/**
 * The server's message next to the form that caused it; renders nothing without an error. A
 * refusal by the sensitive-data guard gets its own alert naming each place, because the person
 * has to find and remove the value before anything saves.
 */
export function FormError({ error, title, fieldLabels }: { error: unknown; title?: string; fieldLabels?: Record<string, string> }) {
  if (!error) return null;
  const findings = sensitiveFindings(error);
  if (findings.length > 0) {
    return (
      <Alert color="red" variant="light" icon={<IconShieldX size={18} />} title="Not saved: this looks like sensitive data" role="alert" data-testid="sensitive-data-alert">
        <Text size="sm">{errorMessage(error).replace(/\bbody\.[\w.]+/g, (path) => humanizePath(path, fieldLabels))}</Text>
        <List size="sm" mt="xs" spacing={2}>
          {findings.map((f, i) => (
            <List.Item key={`${f.path}-${i}`}>
              <b>{humanizePath(f.path, fieldLabels)}</b>: {sensitiveCategoryLabel(f.category)} ({f.hint})
            </List.Item>
          ))}
        </List>
        <Text size="xs" c="dimmed" mt="xs">
          Card numbers, ID numbers, bank accounts, passwords and health information are never stored in Candor.
        </Text>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title={title} role="alert">
      {errorMessage(error)}
    </Alert>
  );
}
