"""Write the reference part of docs/api.md from the OpenAPI document the service serves.

    .venv/bin/python scripts/api_reference.py          # rewrite docs/api.md's reference
    .venv/bin/python scripts/api_reference.py --check  # exit 1 when it is out of date

Everything above the line ``<!-- reference -->`` in docs/api.md is written by hand and
kept; everything below it is made here.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "api.md"
MARK = "<!-- reference -->"


def served_spec() -> dict:
    sys.path.insert(0, str(ROOT))
    from service.app import create_app
    from service.store.migrations import upgrade_database

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/spec.sqlite3"
        upgrade_database(url)
        app = create_app({"DATABASE_URL": url, "LOAD_MODEL": False, "TESTING": True})
        spec = app.test_client().get("/openapi.json").get_json()
        app.extensions["store"].close()
    return spec


def _type(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if "allOf" in schema:
        return " & ".join(_type(s) for s in schema["allOf"])
    if "anyOf" in schema or "oneOf" in schema:
        return " or ".join(_type(s) for s in schema.get("anyOf") or schema["oneOf"])
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        kind = " or ".join(kind)
    if "items" in schema:
        kind = f"array of {_type(schema['items'])}"
    if "enum" in schema:
        kind += " (" + ", ".join(f"`{v}`" for v in schema["enum"] if v is not None) + ")"
    if schema.get("format"):
        kind += f", {schema['format']}"
    return kind


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def _body_schema(content: dict) -> str:
    return ", ".join(f"{media}: {_type(body.get('schema', {}))}" for media, body in content.items())


def reference(spec: dict) -> str:
    lines = [MARK, "", "## Reference", "",
             "Made from the OpenAPI document that the service serves (`/openapi.json`) by",
             "`scripts/api_reference.py`; a test fails when the two disagree.", "",
             "### Endpoints", ""]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            lines += [f"#### `{method.upper()} {path}`", ""]
            if operation.get("summary"):
                lines += [_cell(operation["summary"]), ""]
            description = operation.get("description")
            if description and description != operation.get("summary"):
                lines += [description.strip(), ""]
            if operation.get("security"):
                lines += ["Needs an API key (`Authorization: Bearer <key>`).", ""]
            parameters = operation.get("parameters", [])
            if parameters:
                lines += ["| parameter | in | type | meaning |", "|---|---|---|---|"]
                for p in parameters:
                    lines.append(f"| `{p['name']}` | {p['in']} | {_type(p.get('schema', {}))} "
                                 f"| {_cell(p.get('description'))} |")
                lines.append("")
            if "requestBody" in operation:
                lines += [f"Body: {_body_schema(operation['requestBody'].get('content', {}))}.",
                          ""]
            statuses = []
            for status, response in operation.get("responses", {}).items():
                body = _body_schema(response.get("content", {}))
                statuses.append(f"`{status}` {_cell(response.get('description'))}"
                                + (f" ({body})" if body else ""))
            lines += ["Answers: " + "; ".join(statuses) + ".", ""]
    lines += ["### Objects", ""]
    for name, schema in spec["components"]["schemas"].items():
        lines += [f"#### {name}", ""]
        if schema.get("description"):
            lines += [_cell(schema["description"]), ""]
        properties = schema.get("properties", {})
        if properties:
            required = set(schema.get("required", []))
            lines += ["| field | type | meaning |", "|---|---|---|"]
            for field, prop in properties.items():
                flag = " (required)" if field in required else ""
                meaning = _cell(prop.get("description"))
                lines.append(f"| `{field}` | {_type(prop)}{flag} | {meaning} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = DOC.read_text("utf-8")
    head = text.split(MARK, 1)[0]
    wanted = head + reference(served_spec())
    if "--check" in argv:
        if wanted != text:
            print("docs/api.md is out of date: run scripts/api_reference.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(wanted, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
