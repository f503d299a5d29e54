/**
 * The answer a refused request gets: Payload's error shape (`errors[].data.errors[].path`), so
 * clients that already read Payload's validation errors find the parameter or field named the
 * same way.
 */
export type Problem = { message: string; path: string }

export function refuse(problem: Problem, status = 400): Response {
  return Response.json(
    { errors: [{ data: { errors: [problem] }, message: `${problem.path}: ${problem.message}`, name: 'BadRequest' }] },
    { headers: { 'Cache-Control': 'no-store' }, status },
  )
}

/** A value as it can be quoted back to the sender: short, and with control characters escaped. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)
}
