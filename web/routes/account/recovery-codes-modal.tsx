import { Alert, Button, Checkbox, Code, Group, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { CopyTextButton } from '../../components/copy-value.js';

function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/**
 * Shows recovery codes the one time the server hands them out. The dialog cannot be dismissed
 * until the person confirms they saved them, since a lost phone without codes locks them out.
 */
export function RecoveryCodesModal({ codes, email, onDone }: { codes: string[] | null; email: string; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const text = `Candor recovery codes for ${email}\nEach code works once, in place of the code from your authenticator app.\n\n${(codes ?? []).join('\n')}\n`;
  return (
    <Modal
      opened={codes !== null}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title="Save your recovery codes"
      size="lg"
      centered
    >
      <Stack>
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
          If you lose your phone, these codes are the only way into your account. Candor shows them this once.
        </Alert>
        <SimpleGrid cols={2} spacing="xs" data-testid="recovery-codes">
          {(codes ?? []).map((c) => (
            <Code key={c} fz="md" ta="center" py={6}>
              {c}
            </Code>
          ))}
        </SimpleGrid>
        <Group gap="xs">
          <CopyTextButton value={(codes ?? []).join('\n')} label="Copy codes" />
          <Button size="xs" variant="light" leftSection={<IconDownload size={14} />} onClick={() => downloadText('candor-recovery-codes.txt', text)}>
            Download .txt
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Keep them in a password manager or print them. Each code works once.
        </Text>
        <Checkbox label="I have saved these codes somewhere safe" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button
            disabled={!saved}
            onClick={() => {
              setSaved(false);
              onDone();
            }}
          >
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
