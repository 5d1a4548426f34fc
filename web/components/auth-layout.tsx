import { Anchor, Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Logo } from './logo.js';
import { usePageTitle } from './use-page-title.js';

/** The frame of the pages used before signing in: logo, one card, a quiet footer. */
export function AuthLayout({ title, description, children, width = 420 }: { title: string; description?: ReactNode; children: ReactNode; width?: number }) {
  usePageTitle(title);
  return (
    <Box mih="100vh" bg="gray.0" py={48} px="md">
      <Center>
        <Stack w="100%" maw={width} gap="lg">
          <Center>
            <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="Candor home">
              <Logo size="lg" />
            </Anchor>
          </Center>
          <Paper withBorder shadow="sm" radius="md" p="xl" component="main">
            <Stack gap="lg">
              <Stack gap={6}>
                <Title order={1} size="h3">
                  {title}
                </Title>
                {description ? (
                  <Text size="sm" c="dimmed" component="div">
                    {description}
                  </Text>
                ) : null}
              </Stack>
              {children}
            </Stack>
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            Candor is self-hosted: your data stays on this server. ·{' '}
            <Anchor component={Link} to="/cookies" size="xs" c="dimmed" underline="always">
              Cookies
            </Anchor>
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
