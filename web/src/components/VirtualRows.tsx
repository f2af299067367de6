/**
 * A long list drawn a window at a time: rows of one fixed height, only the
 * ones in view (plus a few around) in the page, so thousands of rows cost
 * what a screenful costs.
 */
import { useState, type ReactNode } from 'react';

const OVERSCAN = 8;

export function VirtualRows({ count, rowHeight, maxHeight, row, testId }: { readonly count: number; readonly rowHeight: number; readonly maxHeight: number; readonly row: (index: number) => ReactNode; readonly testId?: string }) {
  const [top, setTop] = useState(0);
  const height = Math.min(count * rowHeight, maxHeight);
  const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((top + height) / rowHeight) + OVERSCAN);
  const shown: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    shown.push(
      <div key={i} style={{ position: 'absolute', top: i * rowHeight, left: 0, right: 0, height: rowHeight }}>
        {row(i)}
      </div>,
    );
  }
  return (
    <div style={{ height, overflowY: 'auto', position: 'relative' }} onScroll={(e) => setTop(e.currentTarget.scrollTop)} data-testid={testId}>
      <div style={{ height: count * rowHeight, position: 'relative' }}>{shown}</div>
    </div>
  );
}
