import { Alert, Modal, Stack } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import type { SourceView } from '../../api/types.js';
import { BrowserSetupGuide, ServerSetupGuide } from './setup-guides.js';
import type { TagSettings } from './usage-snippets.js';

/**
 * How to connect an existing source. A browser key is public, so its tag is shown in full; a
 * server key was shown once, so the examples carry a placeholder and the dialog names its last characters.
 */
export function SetupGuideModal({ source, settings, onClose }: { source: SourceView | null; settings: TagSettings; onClose: () => void }) {
  const title = source ? (source.kind === 'browser' ? `Tag for “${source.name}”` : `Send events to “${source.name}”`) : '';
  return (
    <Modal opened={source !== null} onClose={onClose} title={title} size="xl" centered>
      {source?.kind === 'browser' && source.publicWriteKey ? (
        <BrowserSetupGuide writeKey={source.publicWriteKey} settings={settings} />
      ) : source ? (
        <Stack>
          <Alert variant="light" color="gray" icon={<IconKey size={18} />}>
            Use the key you copied when you created this source; it ends in …{source.hint}. Lost it? Rotate the key to get a new one.
          </Alert>
          <ServerSetupGuide writeKey="YOUR_SERVER_KEY" />
        </Stack>
      ) : null}
    </Modal>
  );
}
