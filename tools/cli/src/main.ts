import { Command, CommanderError } from 'commander';
import { AdminClient } from './admin-client';
import { CliError } from './cli-error';
import { registerOperationsCommands } from './commands/operations.commands';
import { registerStreamCommands } from './commands/streams.commands';
import { registerSubscriptionCommands } from './commands/subscriptions.commands';
import { Output } from './output';

interface GlobalOptions {
  url: string;
  token?: string;
  email?: string;
  password?: string;
  json?: boolean;
}

/** The `chronicle` program: global connection options, then the commands. Exit codes: 0 ok, 1 failed, 2 usage. */
export function createProgram(env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command('chronicle')
    .description("Operate a running Chronicle system through the gateway's admin API")
    .option('--url <url>', 'the gateway (CHRONICLE_URL)', env['CHRONICLE_URL'] ?? 'http://127.0.0.1:3000')
    .option('--token <token>', 'an admin access token (CHRONICLE_TOKEN)', env['CHRONICLE_TOKEN'])
    .option('--email <email>', 'sign in as (CHRONICLE_EMAIL)', env['CHRONICLE_EMAIL'])
    .option('--password <password>', 'with this password (CHRONICLE_PASSWORD)', env['CHRONICLE_PASSWORD'])
    .option('--json', 'one JSON document (for scripts) instead of tables')
    .showHelpAfterError('(run chronicle --help for the commands)')
    .exitOverride();
  let session: { client: AdminClient; out: Output } | undefined;
  const context = () => {
    const options = program.opts<GlobalOptions>();
    session ??= { client: new AdminClient(options), out: new Output(options.json === true) };
    return session;
  };
  registerStreamCommands(program, context);
  registerSubscriptionCommands(program, context);
  registerOperationsCommands(program, context);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    await createProgram(env).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    if (error instanceof CliError) {
      process.stderr.write(`chronicle: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`chronicle: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
