"""Date expressions: read, resolved against an anchor and put in calendar order."""
