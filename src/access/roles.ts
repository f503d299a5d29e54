/** The roles a Broadside user can hold, from most to least powerful. */
export const ROLES = ['admin', 'editor', 'author'] as const

export type Role = (typeof ROLES)[number]

type MaybeUser = { roles?: null | readonly string[] } | null | undefined

export function hasRole(user: MaybeUser, ...roles: Role[]): boolean {
  return Boolean(user?.roles?.some((role) => (roles as string[]).includes(role)))
}
