import { Alert, Button, Checkbox, Divider, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import type { CreatedSource } from '../../api/types.js';
import { CopyValue } from '../../components/copy-value.js';
import { BrowserSetupGuide, ServerSetupGuide } from './setup-guides.js';
import type { TagSettings } from './usage-snippets.js';

/** A key just made, by creating a source or rotating its key. */
export interface IssuedKey extends CreatedSource {
  readonly rotated: boolean;
}

export function issuedKeyTitle(issued: IssuedKey): string {
  return issued.rotated ? `New key for “${issued.source.name}”` : `“${issued.source.name}” is ready`;
}

/**
 * What to do with a new key. A server key is shown this once (Candor keeps only its hash), so
 * Done waits until the person says they copied it; a browser key is public and stays on the
 * source's snippet, so its tag is what matters here.
 */
export function SourceKeyView({ issued, settings, onDone }: { issued: IssuedKey; settings: TagSettings; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  if (issued.source.kind === 'browser') {
    return (
      <Stack>
        {issued.rotated ? (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
            The old key stops working within a few seconds. Replace the tag on your site with this one, or its events are refused.
          </Alert>
        ) : (
          <Text size="sm" c="dimmed">
            Accepted from {issued.source.allowedOrigins.join(', ')}. You can copy this tag again any time with Snippet on the source’s row.
          </Text>
        )}
        <BrowserSetupGuide writeKey={issued.writeKey} settings={settings} />
        <Group justify="flex-end">
          <Button onClick={onDone}>Done</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack>
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
        {issued.rotated
          ? 'The old key stops working within a few seconds: copy the new one now and give it to your backend. Candor keeps only a fingerprint of it, so it cannot show it again.'
          : 'Copy the key now. Candor keeps only a fingerprint of a server key, so it cannot show it again. Anyone who has it can send events as your product, so keep it with your other secrets.'}
      </Alert>
      <CopyValue value={issued.writeKey} label="Copy key" testId="created-write-key" />
      <Divider label="How to send events" labelPosition="left" />
      <ServerSetupGuide writeKey={issued.writeKey} />
      <Checkbox label="I have copied the key to a safe place" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
      <Group justify="flex-end">
        <Button onClick={onDone} disabled={!saved}>
          Done
        </Button>
      </Group>
    </Stack>
  );
}

/** The key after a rotation, in its own dialog; the create dialog shows a new source's key itself. */
export function IssuedKeyModal({ issued, settings, onClose }: { issued: IssuedKey | null; settings: TagSettings; onClose: () => void }) {
  return (
    <Modal opened={issued !== null} onClose={onClose} title={issued ? issuedKeyTitle(issued) : ''} size="xl" centered closeOnClickOutside={false}>
      {issued ? <SourceKeyView issued={issued} settings={settings} onDone={onClose} /> : null}
    </Modal>
  );
}
