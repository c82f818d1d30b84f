// A documented, one-time pre-import for the demo and tests: when no profile exists at activation and
// AIO_REQUESTS_PREIMPORT names credential files, they are imported without prompts (refused input is logged).
import * as vscode from 'vscode';
import type { ExtensionDeps } from '../deps';
import { importCredentials } from './import-command';
import { parsePreImport, PREIMPORT_ENV } from './pre-import-spec';

export async function preImport(deps: ExtensionDeps, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const raw = env[PREIMPORT_ENV];
  const spec = parsePreImport(raw);
  if (raw && !spec) {
    deps.logger.warn(`${PREIMPORT_ENV} is not JSON of the form {"files": ["…/config.zip", "…/workspace.json"]}; ignored.`);
    return;
  }
  if (!spec || (await deps.profileRepository.list()).length > 0) return;
  try {
    const profile = await importCredentials(deps, {
      uris: spec.files.map((f) => vscode.Uri.file(f)),
      nonInteractive: true,
      defaults: {
        ...(spec.name ? { name: spec.name } : {}),
        ...(spec.imsHost ? { imsHost: spec.imsHost } : {}),
        ...(spec.sandbox ? { sandbox: spec.sandbox } : {}),
      },
    });
    deps.logger.info(`Pre-imported profile '${profile.name}' from ${PREIMPORT_ENV}.`);
  } catch (error) {
    deps.logger.error(`Pre-import from ${PREIMPORT_ENV} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
