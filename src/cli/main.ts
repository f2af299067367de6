/** `weft` command dispatcher. */
import { pathToFileURL } from 'node:url';
import { CliError } from './errors.js';
import { agentCommand, AGENT_USAGE } from './agent.js';
import { renderCommand, RENDER_USAGE } from './render.js';
import { resourceCommand, RESOURCE_USAGE } from './resource.js';
import { serverCommand, SERVER_USAGE } from './server.js';

const USAGE = `usage: weft <command> [options]

commands:
  render    render one node's files from a config (see 'weft render --help')
  agent     apply the running config on this node (see 'weft agent --help')
  server    run the API server (see 'weft server --help')
  get|create|set|delete <api-path> [--param value …]
            call the API like pvesh (see 'weft get --help')
  help      show this help
`;

type Command = (argv: readonly string[]) => number | Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  render: { run: renderCommand, usage: RENDER_USAGE },
  agent: { run: agentCommand, usage: AGENT_USAGE },
  server: { run: serverCommand, usage: SERVER_USAGE },
  get: { run: resourceCommand('get'), usage: RESOURCE_USAGE },
  create: { run: resourceCommand('create'), usage: RESOURCE_USAGE },
  set: { run: resourceCommand('set'), usage: RESOURCE_USAGE },
  delete: { run: resourceCommand('delete'), usage: RESOURCE_USAGE },
};

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`weft: unknown command '${name}'\n${USAGE}`);
    return 2;
  }
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
