import { TextInput, type TextInputProps } from '@mantine/core';

/**
 * The 6-digit code from an authenticator app, wherever it is asked for. Seven characters, because
 * apps show the code as "123 456" and people copy the space; the forms strip it before sending.
 */
export function AuthCodeInput(props: TextInputProps) {
  return (
    <TextInput
      label="Authentication code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      placeholder="123456"
      styles={{ input: { letterSpacing: '0.3em', fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 18 } }}
      {...props}
    />
  );
}
