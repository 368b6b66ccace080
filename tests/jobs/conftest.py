"""Jobs tests; and the JSONL body of ``POST /v1/jobs`` for the conformance run.

The OpenAPI document describes a JSONL body as a string, which Schemathesis has no
serializer for: a string goes as its UTF-8 text; a value of another type (a negative
case) has no JSONL form and goes as no body at all, which the service refuses.
"""

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def _jsonl(context, value):
    return value.encode() if isinstance(value, str) else None
