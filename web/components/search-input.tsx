import { ActionIcon, TextInput } from '@mantine/core';
import { IconSearch, IconX } from '@tabler/icons-react';

interface SearchInputProps {
  /** What is searched, for screen readers: "Search clients". */
  readonly label: string;
  readonly placeholder: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly width?: number;
}

/** The quick search above a list, with a button that clears it in one click. */
export function SearchInput({ label, placeholder, value, onChange, width = 280 }: SearchInputProps) {
  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      w={width}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      rightSection={
        value ? (
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Clear search" onClick={() => onChange('')}>
            <IconX size={14} />
          </ActionIcon>
        ) : null
      }
    />
  );
}
