import { ActionIcon, Box, Group, SegmentedControl, Stack, Text, Textarea, Tooltip, type TextareaProps } from '@mantine/core';
import { IconBold, IconItalic, IconList, IconListNumbers } from '@tabler/icons-react';
import { useId, useRef, useState } from 'react';
import { RichText } from './rich-text.js';
import { plainToHtml } from './rich-text-format.js';

interface RichTextEditorProps extends Omit<TextareaProps, 'value' | 'onChange'> {
  readonly value: string;
  readonly onChange: (value: string) => void;
}

/**
 * A textarea for notes with buttons for the few markers `plainToHtml` reads, and a preview of what
 * will be saved. The text stays readable as typed, so there is nothing to learn.
 */
export function RichTextEditor({ value, onChange, label, ...props }: RichTextEditorProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  const generatedId = useId();
  const id = props.id ?? generatedId;

  const wrap = (marker: string) => {
    const el = ref.current;
    if (!el) return;
    const { selectionStart: start, selectionEnd: end } = el;
    const selected = value.slice(start, end) || 'text';
    const next = `${value.slice(0, start)}${marker}${selected}${marker}${value.slice(end)}`;
    onChange(next);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + marker.length, start + marker.length + selected.length);
    });
  };

  const prefixLines = (numbered: boolean) => {
    const el = ref.current;
    if (!el) return;
    const lineStart = value.lastIndexOf('\n', el.selectionStart - 1) + 1;
    const nextBreak = value.indexOf('\n', el.selectionEnd);
    const lineEnd = nextBreak === -1 ? value.length : nextBreak;
    const lines = value.slice(lineStart, lineEnd).split('\n');
    const block = lines.map((l, i) => `${numbered ? `${i + 1}.` : '-'} ${l.replace(/^\s*([-*•]|\d+[.)])\s+/, '')}`).join('\n');
    onChange(`${value.slice(0, lineStart)}${block}${value.slice(lineEnd)}`);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(lineStart + block.length, lineStart + block.length);
    });
  };

  const tools = [
    { label: 'Bold', icon: IconBold, run: () => wrap('**') },
    { label: 'Italic', icon: IconItalic, run: () => wrap('_') },
    { label: 'Bulleted list', icon: IconList, run: () => prefixLines(false) },
    { label: 'Numbered list', icon: IconListNumbers, run: () => prefixLines(true) },
  ];

  return (
    <Stack gap={4}>
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Text component="label" htmlFor={id} size="sm" fw={500}>
          {label}
        </Text>
        <Group gap={4} wrap="nowrap">
          {mode === 'write'
            ? tools.map((tool) => (
                <Tooltip key={tool.label} label={tool.label}>
                  <ActionIcon variant="subtle" color="gray" size="sm" aria-label={tool.label} onClick={tool.run}>
                    <tool.icon size={16} />
                  </ActionIcon>
                </Tooltip>
              ))
            : null}
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => setMode(v as 'write' | 'preview')}
            data={[
              { value: 'write', label: 'Write' },
              { value: 'preview', label: 'Preview' },
            ]}
            aria-label="Write or preview"
          />
        </Group>
      </Group>
      {mode === 'write' ? (
        <Textarea
          {...props}
          id={id}
          ref={ref}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          autosize
          minRows={5}
          maxRows={16}
          description={props.description ?? 'A blank line starts a new paragraph. **bold**, _italic_, and lines starting with - make a list.'}
          inputWrapperOrder={['input', 'description', 'error']}
        />
      ) : (
        <Box mih={120} p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
          {value.trim() ? (
            <RichText html={plainToHtml(value)} />
          ) : (
            <Text size="sm" c="dimmed">
              Nothing to preview yet.
            </Text>
          )}
        </Box>
      )}
    </Stack>
  );
}
