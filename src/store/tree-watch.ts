/**
 * Watches a folder and every folder below it for changed entries, with one
 * plain (non-recursive) watch per folder. Node 20's recursive `fs.watch`
 * on Linux stops reporting a file once it has been replaced by a rename,
 * as every atomic write does: the second replacement and those after it go
 * unnoticed (an agent's `applied` report after its `applying` one). A
 * folder's own watch sees every rename into it.
 */
import { readdirSync, statSync, watch, type Dirent, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface TreeWatch {
  close(): void;
}

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** The folder's entries; none when it is gone already. */
function listing(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Calls `onChange` with the path (relative to `root`, `/`-separated) of each entry that changed. */
export function watchTree(root: string, onChange: (rel: string) => void): TreeWatch {
  const watchers = new Map<string, FSWatcher>();
  /** `announce`: a folder made after the watch began; what it already holds is reported as changed */
  const add = (rel: string, announce: boolean) => {
    if (watchers.has(rel)) return;
    const dir = rel ? join(root, rel) : root;
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: false }, (_event, name) => {
        if (!name) return;
        const child = rel ? `${rel}/${String(name)}` : String(name);
        if (isFolder(join(root, child))) add(child, true);
        else onChange(child);
      });
    } catch {
      return; // removed meanwhile
    }
    // a removed folder ends its watch
    w.on('error', () => {
      w.close();
      watchers.delete(rel);
    });
    watchers.set(rel, w);
    for (const entry of listing(dir)) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) add(child, announce);
      else if (announce) onChange(child);
    }
  };
  add('', false);
  return {
    close() {
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
