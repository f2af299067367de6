/** A panel that failed to render says why and what to do, instead of blanking the whole page. */
import { Alert, Button, Stack, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  readonly error: Error | null;
}

export class PanelErrorBoundary extends Component<{ readonly children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('panel failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title="This panel failed" role="alert">
        <Stack gap="xs">
          <Text size="sm">{this.state.error.message}</Text>
          <Text size="sm">Reload the page; if it fails again, the web UI and the server may be from different versions: restart the server with npm start.</Text>
          <Button size="xs" variant="light" onClick={() => window.location.reload()} style={{ alignSelf: 'flex-start' }}>
            Reload
          </Button>
        </Stack>
      </Alert>
    );
  }
}
