/** `weft` command dispatcher. */
import { pathToFileURL } from 'node:url';
import { CliError } from './errors.js';

const USAGE = `usage: weft <command> [options]

commands:
  render    render one node's files from a config (see 'weft render --help')
  agent     apply the running config on this node (see 'weft agent --help')
  server    run the API server (see 'weft server --help')
  login     log in with a password; later commands use the ticket (see 'weft login --help')
  logout    forget the login
  get|create|set|delete <api-path> [--param value …]
            call the API like pvesh (see 'weft get --help')
  help      show this help
`;

interface Command {
  readonly run: (argv: readonly string[]) => number | Promise<number>;
  readonly usage: string;
}

// each command loads its own modules: `weft render` does not pay for the server's
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  render: async () => import('./render.js').then((m) => ({ run: m.renderCommand, usage: m.RENDER_USAGE })),
  agent: async () => import('./agent.js').then((m) => ({ run: m.agentCommand, usage: m.AGENT_USAGE })),
  server: async () => import('./server.js').then((m) => ({ run: m.serverCommand, usage: m.SERVER_USAGE })),
  login: async () => import('./login.js').then((m) => ({ run: m.loginCommand, usage: m.LOGIN_USAGE })),
  logout: async () => import('./login.js').then((m) => ({ run: m.logoutCommand, usage: m.LOGIN_USAGE })),
  ...Object.fromEntries(
    (['get', 'create', 'set', 'delete'] as const).map((verb) => [verb, async () => import('./resource.js').then((m) => ({ run: m.resourceCommand(verb), usage: m.RESOURCE_USAGE }))]),
  ),
};

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`weft: unknown command '${name}'\n${USAGE}`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`weft ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`weft ${name}: ${e.message}\n${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`weft ${name}: ${(e as Error).message}\n`);
    return 1;
  }
}

// `node dist/src/cli/main.js …` (npm start) runs the CLI too, not only bin/weft
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
