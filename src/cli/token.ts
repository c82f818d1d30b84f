import { AioError } from '../core/errors';
import type { CliCommand } from './commands';
import { CREDENTIAL_OPTIONS_USAGE, loadCredentials, parseCredentialArgs } from './credentials-from-args';

// `aio-requests token`: mints an access token (the CLI keeps no cache between runs) and prints it alone on
// stdout, so that `$(aio-requests token …)` works in scripts.

export const tokenCommand: CliCommand = {
  summary: 'print an access token for a credential',
  usage: [
    'Usage: aio-requests token --workspace FILE [--zip FILE | --key FILE] [--credential NAME] [--ims URL] [--json]',
    '',
    'Prints the access token alone on stdout; with --json: {"access_token", "token_type", "expires_at"}.',
    '',
    CREDENTIAL_OPTIONS_USAGE,
  ].join('\n'),
  async run(args, io) {
    const { credentials, rest } = parseCredentialArgs(args);
    const json = rest.includes('--json');
    const unknown = rest.filter((a) => a !== '--json');
    if (unknown.length > 0) throw new AioError('usage', `Unknown option ${unknown[0]}; see 'aio-requests token --help'.`);
    let loaded;
    try {
      loaded = await loadCredentials(credentials, { env: io.env, cwd: io.cwd });
    } catch (error) {
      if (error instanceof AioError && error.code !== 'usage') {
        io.err(`aio-requests token: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
    for (const warning of loaded.warnings) io.err(`warning: ${warning}\n`);
    const token = await loaded.tokens.getToken(loaded.profile);
    if (json) {
      io.out(`${JSON.stringify({ access_token: token.accessToken, token_type: token.tokenType, expires_at: new Date(token.expiresAt).toISOString() })}\n`);
    } else {
      io.out(`${token.accessToken}\n`);
    }
    return 0;
  },
};
