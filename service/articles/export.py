"""Exporting stored articles in another format, one file each, page by page (an archive
of any size streams through in constant memory)."""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, quote

import click
from marshmallow import ValidationError
from tqdm import tqdm

from schemas.article import ArticleListArgs
from service.formats import EXPORTABLE, Format, Links
from service.store.repository import Store
from service.store.values import ArticleFilter, Page

PAGE_SIZE = 100
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")
_FILTERS = ArticleListArgs(exclude=("page", "per_page"))


def parse_query(query: str | None) -> ArticleFilter:
    """The filters of a ``GET /v1/articles`` query string, checked as the API does."""
    if not query:
        return ArticleFilter()
    try:
        return ArticleFilter(**_FILTERS.load(dict(parse_qsl(query.lstrip("?"),
                                                            keep_blank_values=True))))
    except ValidationError as exc:
        raise ValueError("; ".join(f"{field}: {' '.join(map(str, messages))}"
                                   for field, messages in exc.messages.items())) from exc


def _documents(store: Store, filters: ArticleFilter) -> Iterator[dict]:
    for number in itertools.count(1):
        listing = store.list_articles(filters, Page(number, PAGE_SIZE))
        # None: deleted meanwhile.
        yield from filter(None, (store.get(item["id"]) for item in listing.items))
        if len(listing.items) < PAGE_SIZE:
            return


def export(store: Store, fmt: Format, out: Path, filters: ArticleFilter | None = None,
           base_url: str | None = None, progress: bool = True) -> int:
    """Write the articles ``filters`` select to ``out`` as ``<id>.<extension>``; how many.
    With ``base_url``, articles are named by their API URL, else by their content."""
    filters = filters or ArticleFilter()
    out.mkdir(parents=True, exist_ok=True)
    total = store.list_articles(filters, Page(1, 1)).total
    written = 0
    with tqdm(total=total, unit="article", file=sys.stderr, disable=not progress,
              dynamic_ncols=True) as bar:
        for document in _documents(store, filters):
            links = Links(f"{base_url.rstrip('/')}/v1/articles/{quote(document['id'], safe='')}"
                          if base_url else None)
            name = _UNSAFE_NAME.sub("_", document["id"])
            (out / f"{name}.{fmt.extension}").write_text(fmt.render(document, links),
                                                         encoding="utf-8")
            written += 1
            bar.update()
    return written


@click.command("export")
@click.option("--format", "format_name", required=True,
              type=click.Choice([each.name for each in EXPORTABLE]),
              help="markdown, html, jsonld (schema.org NewsArticle) or ninjs (IPTC).")
@click.option("--query", default=None, metavar="QUERY",
              help="Only the articles a list query selects, as GET /v1/articles takes it: "
                   "'q=grain&entity=lavrov&type=PERSON&published_from=2023-01-01'.")
@click.option("--base-url", default=None, metavar="URL",
              help="Where the API is served (http://host:port): articles and entities are "
                   "then named by their API URLs; without it, by their content.")
@click.option("--progress/--no-progress", default=True, help="A progress bar on stderr.")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def export_command(format_name: str, query: str | None, base_url: str | None,
                   progress: bool, out: Path) -> None:
    """Write the stored articles (or those QUERY selects) to the folder OUT, one file each."""
    try:
        filters = parse_query(query)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--query") from exc
    store = click.get_current_context().obj.load_app().extensions["store"]
    fmt = next(each for each in EXPORTABLE if each.name == format_name)
    count = export(store, fmt, out, filters, base_url, progress)
    click.echo(f"exported {count} article(s) as {format_name} to {out}")
