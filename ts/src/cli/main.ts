#!/usr/bin/env node
/**
 * The `smc` command: backtests, reports and the latency check, with typed errors turned into
 * one clear line and a non-zero exit code.
 */
import { SmcError } from '../errors.js';
import { UsageError } from './args.js';
import { BACKTEST_HELP, backtestCommand } from './backtest-command.js';
import { REPORT_HELP, reportCommand } from './report-command.js';
import { VALIDATE_LATENCY_HELP, validateLatency } from './validate-latency.js';

const HELP = `usage: smc <command> [options]

commands:
  backtest           run a strategy module on a data file, write the HTML/JSON report
  report             summarise a saved result.json
  validate-latency   measure full decision cycles per stage against a latency target

'smc <command> --help' shows the options of a command.`;

const COMMANDS: Record<string, { help: string; run: (argv: string[], out: (line: string) => void) => number | Promise<number> }> = {
  backtest: { help: BACKTEST_HELP, run: backtestCommand },
  report: { help: REPORT_HELP, run: reportCommand },
  'validate-latency': { help: VALIDATE_LATENCY_HELP, run: validateLatency },
};

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`smc: unknown command '${name}'\n\n${HELP}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, out);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`smc ${name}: ${e.message}\n\n${command.help}`);
      return 2;
    }
    if (e instanceof SmcError) {
      err(`smc ${name}: ${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

// Run when executed (not when imported by tests).
const entry = process.argv[1] ?? '';
if (/[\\/]cli[\\/]main\.(js|ts)$/.test(entry) || entry.endsWith('/smc')) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
