import { Stack } from '@mantine/core';
import { PageHeader } from '../../components/page-header.js';
import { PasswordCard } from './password-card.js';
import { SessionsCard } from './sessions-card.js';
import { TwoFactorCard } from './two-factor-card.js';

export function SecurityPage() {
  return (
    <>
      <PageHeader title="Security" description="Your password, two-factor sign-in, and the browsers and devices where you are signed in." />
      <Stack gap="lg" maw={960}>
        <TwoFactorCard />
        <PasswordCard />
        <SessionsCard />
      </Stack>
    </>
  );
}
