"""Named entities: mentions, merged into typed, described and ranked entities."""
