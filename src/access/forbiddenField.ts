import { APIError } from 'payload'

/**
 * A 403 that names the field the caller may not set, shaped like Payload's validation errors
 * (`data.errors[].path`) so clients read both the same way.
 */
export function forbiddenField(path: string, message: string): APIError {
  return new APIError(`${path}: ${message}`, 403, { errors: [{ message, path }] }, true)
}
