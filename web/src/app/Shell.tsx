/** The logged-in frame: header (pending count, Apply, user), navigation (a drawer on a phone) and the current panel. */
import { AppShell, Badge, Burger, Button, Group, Loader, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLogout } from '@tabler/icons-react';
import { Suspense, useEffect } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useSdnStatus } from '../api/queries';
import { useSession } from '../api/session';
import { PanelErrorBoundary } from '../components/PanelErrorBoundary';
import { PANELS, preloadPanels } from './nav';

function PendingButton() {
  const status = useSdnStatus();
  const pending = status.data?.['pending-total'] ?? 0;
  return (
    <Button component={Link} href="/apply" size="xs" variant={pending ? 'filled' : 'default'} data-testid="header-pending" rightSection={pending ? <Badge size="xs" color="yellow" variant="filled">{pending}</Badge> : null}>
      {pending ? 'Pending' : 'No changes'}
    </Button>
  );
}

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const [location] = useLocation();
  const { session, logout } = useSession();
  useEffect(preloadPanels, []);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="navigation" />
            <Title order={4}>Weft SDN</Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <PendingButton />
            <Text size="sm" visibleFrom="sm">
              {session?.username}
            </Text>
            <Button size="xs" variant="subtle" leftSection={<IconLogout size={14} />} onClick={() => logout()} aria-label="log out">
              <Text span size="xs" visibleFrom="sm">
                Log out
              </Text>
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <ScrollArea>
          {PANELS.map((p) => (
            <NavLink key={p.path} component={Link} href={p.path} label={p.label} leftSection={<p.icon size={18} />} active={location === p.path} onClick={close} />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <PanelErrorBoundary key={location}>
          <Suspense fallback={<Loader />}>
            <Switch>
              {PANELS.map((p) => (
                <Route key={p.path} path={p.path} component={p.Panel} />
              ))}
              <Route>
                <Text>This page does not exist: pick a panel in the navigation.</Text>
              </Route>
            </Switch>
          </Suspense>
        </PanelErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
