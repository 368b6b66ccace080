"""Stories: near-duplicate articles grouped (copies, rewrites, updates of one story), the
member the others derive from, and what each member changed. Pure: no Flask, no SQL."""
