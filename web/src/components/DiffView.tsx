/** A unified diff with added and removed lines coloured; long lines scroll inside the block, not the page. */
import { Box, ScrollArea } from '@mantine/core';

function colorOf(line: string): string | undefined {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('===')) return 'var(--mantine-color-dimmed)';
  if (line.startsWith('@@')) return 'var(--mantine-color-blue-7)';
  if (line.startsWith('+')) return 'var(--mantine-color-green-8)';
  if (line.startsWith('-')) return 'var(--mantine-color-red-8)';
  return undefined;
}

function backgroundOf(line: string): string | undefined {
  if (line.startsWith('+') && !line.startsWith('+++')) return 'var(--mantine-color-green-light)';
  if (line.startsWith('-') && !line.startsWith('---')) return 'var(--mantine-color-red-light)';
  return undefined;
}

export function DiffView({ diff, label }: { readonly diff: string; readonly label: string }) {
  return (
    <ScrollArea type="auto" offsetScrollbars aria-label={label}>
      <Box component="pre" ff="monospace" fz="xs" m={0} p="xs" bg="var(--mantine-color-gray-light)" style={{ borderRadius: 4, width: 'max-content', minWidth: '100%' }}>
        {diff.split('\n').map((line, i) => (
          <div key={i} style={{ color: colorOf(line), background: backgroundOf(line) }}>
            {line || ' '}
          </div>
        ))}
      </Box>
    </ScrollArea>
  );
}
