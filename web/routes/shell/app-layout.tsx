import { AppShell, Avatar, Box, Burger, Button, Center, Divider, Group, Loader, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLogout, IconShieldLock, IconUser } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { isApiError } from '../../api/client.js';
import { useMeQuery } from '../../api/queries.js';
import type { Me } from '../../api/types.js';
import { Logo } from '../../components/logo.js';
import { MeProvider } from '../../components/me-context.js';
import { LoadError } from '../../components/query-state.js';
import { HeaderSearch } from './header-search.js';
import { NAV_SECTIONS } from './nav-items.js';
import { useSignOut } from './use-sign-out.js';
import { WorkspaceSwitcher } from './workspace-switcher.js';

function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]?.[0], parts[parts.length - 1]?.[0]] : [parts[0]?.[0], parts[0]?.[1]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}

function isActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

/** The signed-in frame: loads who the member is, then shows only what their role may use. */
export function AppLayout() {
  const me = useMeQuery();
  if (me.isPending || (me.isError && isApiError(me.error, 'unauthenticated'))) {
    return (
      <Center h="100vh" role="status" aria-label="Loading Candor">
        <Loader />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center h="100vh" p="md">
        <Box maw={480}>
          <LoadError error={me.error} onRetry={() => void me.refetch()} />
        </Box>
      </Center>
    );
  }
  return (
    <MeProvider me={me.data}>
      <Shell me={me.data} />
    </MeProvider>
  );
}

function Shell({ me }: { me: Me }) {
  const [navOpened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const signOut = useSignOut();

  useEffect(() => {
    close();
  }, [pathname, close]);

  const sections = NAV_SECTIONS.map((s) => ({ ...s, items: s.items.filter((i) => !i.permission || me.permissions.includes(i.permission)) })).filter((s) => s.items.length > 0);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding={{ base: 'md', sm: 'xl' }}>
      <AppShell.Header>
        <SkipToContent />
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <Burger opened={navOpened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={navOpened ? 'Close navigation' : 'Open navigation'} />
            <Link to="/" aria-label="Candor home" style={{ color: 'inherit', textDecoration: 'none' }}>
              <Logo />
            </Link>
            <Divider orientation="vertical" visibleFrom="xs" />
            <WorkspaceSwitcher me={me} />
          </Group>
          <Group gap="md" wrap="nowrap">
            {me.permissions.includes('client:read') ? <HeaderSearch /> : null}
            <Menu position="bottom-end" width={240} shadow="md">
              <Menu.Target>
                <UnstyledButton aria-label={`Account menu for ${me.user.name}`} data-testid="user-menu" px={6} py={4} style={{ borderRadius: 8 }}>
                  <Group gap={8} wrap="nowrap">
                    <Avatar color="indigo" radius="xl" size={32}>
                      {initialsOf(me.user.name)}
                    </Avatar>
                    <Box visibleFrom="sm">
                      <Text size="sm" fw={500} lh={1.2}>
                        {me.user.name}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2}>
                        {me.user.email}
                      </Text>
                    </Box>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Signed in as {me.user.email}</Menu.Label>
                <Menu.Item component={Link} to="/account/profile" leftSection={<IconUser size={16} />}>
                  Profile
                </Menu.Item>
                <Menu.Item component={Link} to="/account/security" leftSection={<IconShieldLock size={16} />}>
                  Security
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => signOut.mutate()}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap="md">
            {sections.map((section, index) => (
              <Box key={section.label ?? index} component="nav" aria-label={section.label ?? 'Main'}>
                {section.label ? (
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4} style={{ letterSpacing: '0.04em' }}>
                    {section.label}
                  </Text>
                ) : null}
                {section.items.map((item) => {
                  const active = isActive(pathname, item.to);
                  return (
                    <NavLink
                      key={item.to}
                      component={Link}
                      to={item.to}
                      label={item.label}
                      leftSection={<item.icon size={18} stroke={1.6} />}
                      active={active}
                      aria-current={active ? 'page' : undefined}
                      style={{ borderRadius: 8 }}
                    />
                  );
                })}
              </Box>
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section pt="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          <Button variant="subtle" color="gray" fullWidth justify="flex-start" leftSection={<IconLogout size={18} />} onClick={() => signOut.mutate()} loading={signOut.isPending}>
            Sign out
          </Button>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <Box maw={1180} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}

/** The first stop for keyboard users: jump past the header and navigation to the page itself. */
function SkipToContent() {
  return (
    <Button
      size="xs"
      pos="absolute"
      top={8}
      left={8}
      style={{ zIndex: 1000, transform: 'translateY(-200%)' }}
      onFocus={(e) => (e.currentTarget.style.transform = 'none')}
      onBlur={(e) => (e.currentTarget.style.transform = 'translateY(-200%)')}
      onClick={() => document.getElementById('main')?.focus()}
    >
      Skip to content
    </Button>
  );
}
