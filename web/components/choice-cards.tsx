import { Group, Radio, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface Choice {
  readonly value: string;
  readonly label: string;
  readonly description: ReactNode;
  readonly icon?: ReactNode;
}

interface ChoiceCardsProps {
  readonly label: string;
  readonly description?: ReactNode;
  readonly options: readonly Choice[];
  readonly recommended?: string;
  readonly value?: string;
  readonly onChange?: (value: string) => void;
  readonly error?: ReactNode;
  readonly disabled?: boolean;
}

/** One setting as cards to choose from, each saying in plain words what it does. */
export function ChoiceCards({ label, description, options, recommended, value, onChange, error, disabled }: ChoiceCardsProps) {
  return (
    <Radio.Group label={label} description={description} value={value ?? null} onChange={(v) => onChange?.(v)} error={error}>
      <Stack gap="sm" mt="xs">
        {options.map((option) => (
          <Radio.Card key={option.value} value={option.value} p="md" radius="md" disabled={disabled} aria-label={option.label}>
            <Group wrap="nowrap" align="flex-start">
              <Radio.Indicator mt={3} />
              {option.icon}
              <div>
                <Text fw={600} size="sm">
                  {option.label}
                  {option.value === recommended ? (
                    <Text span size="xs" c="teal" fw={500} ml={8}>
                      Recommended
                    </Text>
                  ) : null}
                </Text>
                <Text size="sm" c="dimmed">
                  {option.description}
                </Text>
              </div>
            </Group>
          </Radio.Card>
        ))}
      </Stack>
    </Radio.Group>
  );
}
