// The teacher's live view kept up to date from `/live/stream`: a whole view first, then changes to it.

/** A `change` event applied to the view it follows: changed students replaced by e-mail, counts and status as they now stand. */
export function applyChange(view, change) {
  if (!view) return view;
  const byEmail = new Map(change.students.map((s) => [s.email, s]));
  return {
    ...view,
    status: change.status,
    counts: change.counts,
    updatedAt: change.updatedAt,
    alerts: change.alerts ?? view.alerts,
    students: byEmail.size ? view.students.map((s) => byEmail.get(s.email) ?? s) : view.students,
  };
}
