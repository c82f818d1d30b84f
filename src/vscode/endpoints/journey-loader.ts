import { join } from 'node:path';
import { AioError, type AioErrorCode } from '../../core/errors';
import { UserCancelled } from '../commands';
import type * as JourneyModule from './journey-module';

export type Journey = typeof JourneyModule;

let loaded: Journey | undefined;

/** dist/journey.js, required on first use (the bundle sits beside extension.js). */
export function loadJourney(): Journey {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(join(__dirname, 'journey.js')) as Journey;
  return loaded;
}

/**
 * Errors thrown inside journey.js are instances of that bundle's AioError class, not this one's: give them
 * this bundle's class so registerCommand shows their message as is.
 */
export function asLocalError(error: unknown): unknown {
  if (error instanceof AioError || error instanceof UserCancelled || !(error instanceof Error)) return error;
  if (error.name === 'UserCancelled') return new UserCancelled();
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[a-z][a-z-]*$/.test(code) ? new AioError(code as AioErrorCode, error.message) : error;
}
