"""Pure text analysis: structure, entities, figures, dates and quotes (no Flask, no SQL)."""
