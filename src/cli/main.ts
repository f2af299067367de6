/** `weft` command dispatcher. */
import { CliError } from './errors.js';
import { agentCommand, AGENT_USAGE } from './agent.js';
import { renderCommand, RENDER_USAGE } from './render.js';

const USAGE = `usage: weft <command> [options]

commands:
  render    render one node's files from a config (see 'weft render --help')
  agent     apply the running config on this node (see 'weft agent --help')
  help      show this help
`;

type Command = (argv: readonly string[]) => number | Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  render: { run: renderCommand, usage: RENDER_USAGE },
  agent: { run: agentCommand, usage: AGENT_USAGE },
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
