// Errors the core throws carry a code a caller can branch on and a message a user can act on.

export class AioError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AioError';
  }
}

export function isAioError(value: unknown, code?: string): value is AioError {
  return value instanceof AioError && (code === undefined || value.code === code);
}
