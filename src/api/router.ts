/**
 * The API's router: the reference's paths (`/cluster/sdn/vnets/{vnet}`)
 * matched segment by segment, a fixed segment before a parameter (so
 * `/cluster/sdn/vnets/{vnet}/ips` never takes `ips` for a VNet), empty
 * segments skipped as the reference's router skips them (`//cluster/sdn/`
 * is `/cluster/sdn`), parameters percent-decoded.
 *
 * Why not Fastify's router: it compiles a matcher and a parameter builder
 * for each route it is given, about half a millisecond of the server's
 * start per route (a fifth of the start for the API's ~150 routes, twice
 * that with their HEAD twins). Here a route costs a few map entries, and
 * Fastify routes every `/api2/…` request to one handler that asks this table.
 */

interface Leaf<T> {
  readonly value: T;
  /** the names of the path's parameters, in order */
  readonly names: readonly string[];
}

interface PathNode<T> {
  readonly fixed: Map<string, PathNode<T>>;
  /** the node after a parameter segment (one per position: the names live in the leaves) */
  param: PathNode<T> | null;
  readonly methods: Map<string, Leaf<T>>;
}

export interface RouteMatch<T> {
  readonly value: T;
  readonly params: Readonly<Record<string, string>>;
}

const newNode = <T>(): PathNode<T> => ({ fixed: new Map(), param: null, methods: new Map() });

const PARAM = /^\{([^{}]+)\}$/;

/** `/a//b/` → `['a', 'b']`, still percent-encoded */
export const pathSegments = (path: string): string[] => path.split('/').filter((s) => s !== '');

function decoded(segment: string): string | null {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export class PathRouter<T> {
  private readonly root: PathNode<T> = newNode();

  /** `path` in the reference's form: `/nodes/{node}/tasks/{upid}/status`; a method and path given twice is an error. */
  add(method: string, path: string, value: T): void {
    let node = this.root;
    const names: string[] = [];
    for (const segment of pathSegments(path)) {
      const name = PARAM.exec(segment)?.[1];
      if (name !== undefined) {
        names.push(name);
        node = node.param ??= newNode();
        continue;
      }
      let next = node.fixed.get(segment);
      if (!next) node.fixed.set(segment, (next = newNode()));
      node = next;
    }
    if (node.methods.has(method)) throw new Error(`internal: route ${method} ${path} added twice`);
    node.methods.set(method, { value, names });
  }

  /** The route of `method` on `segments` (pathSegments of the request's path, still encoded), else null. */
  find(method: string, segments: readonly string[]): RouteMatch<T> | null {
    const values: string[] = [];
    const leaf = this.walk(this.root, method, segments, 0, values);
    if (!leaf) return null;
    const params: Record<string, string> = {};
    leaf.names.forEach((name, i) => (params[name] = values[i] ?? ''));
    return { value: leaf.value, params };
  }

  /** depth-first: the fixed child, then the parameter; `values` holds the parameters of the path taken */
  private walk(node: PathNode<T>, method: string, segments: readonly string[], i: number, values: string[]): Leaf<T> | null {
    if (i === segments.length) return node.methods.get(method) ?? null;
    const segment = decoded(segments[i] ?? '');
    if (segment === null) return null;
    const fixed = node.fixed.get(segment);
    const viaFixed = fixed ? this.walk(fixed, method, segments, i + 1, values) : null;
    if (viaFixed || !node.param) return viaFixed;
    values.push(segment);
    const viaParam = this.walk(node.param, method, segments, i + 1, values);
    if (!viaParam) values.pop();
    return viaParam;
  }
}
