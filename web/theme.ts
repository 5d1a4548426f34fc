import { createTheme } from '@mantine/core';

/** System fonts only: Candor runs offline, so nothing is fetched from a font CDN. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  headings: { fontWeight: '650' },
  components: {
    // Forms mark the optional fields instead; the asterisk also leaks into label text that tests and some tools read.
    TextInput: { defaultProps: { withAsterisk: false } },
    // The default toggle label contains "password", which makes "the Password field" ambiguous for label lookups.
    PasswordInput: { defaultProps: { withAsterisk: false, visibilityToggleButtonProps: { 'aria-label': 'Show or hide what you typed' } } },
    Select: { defaultProps: { withAsterisk: false } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Badge: { defaultProps: { radius: 'sm' } },
    Tooltip: { defaultProps: { withArrow: true } },
  },
});
