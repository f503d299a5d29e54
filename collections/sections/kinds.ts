/** The kinds of commentary section a page carries, and what each kind allows. */
export type SectionKind = {
  /** Stored value, e.g. `todo`. */
  value: string
  /** Shown to readers and editors, e.g. "To Do". */
  label: string
  /**
   * Publishing an article needs a section of this kind (checked by the publishing hooks).
   * @default false
   */
  requiredToPublish?: boolean
  /**
   * An article may have more than one section of this kind.
   * @default false
   */
  allowMultiple?: boolean
  /**
   * Sections of this kind hold typed actions (petitions, officials to contact, …).
   * @default false
   */
  takesActions?: boolean
}

export const DEFAULT_SECTION_KINDS: SectionKind[] = [
  { label: 'Opinion', requiredToPublish: true, value: 'opinion' },
  { label: 'Action', requiredToPublish: true, value: 'action' },
  { label: 'To Do', requiredToPublish: true, takesActions: true, value: 'todo' },
]
