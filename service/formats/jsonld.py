"""An article as a schema.org ``NewsArticle`` in JSON-LD: what search engines read. The
most salient entities are what it is ``about``, the others what it ``mentions``."""

from __future__ import annotations

from service.formats.common import (
    UNSTORED,
    Links,
    about_and_mentioned,
    body_text,
    dateline_text,
    identifier,
    json_text,
    published_day,
)

CONTEXT = "https://schema.org"
MAX_HEADLINE = 110  # the limit search engines publish; the whole one is then ``name``
TYPES = {"PERSON": "Person", "ORGANIZATION": "Organization", "LOCATION": "Place",
         "EVENT": "Event", "LAW": "Legislation", "WORK": "CreativeWork",
         "PRODUCT": "Product"}
GEONAMES = "https://sws.geonames.org/{}/"


def headline(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_HEADLINE:
        return text
    cut = text[:MAX_HEADLINE - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "\u2026"


def _node_id(entity: dict, links: Links) -> str:
    return links.entity(entity["id"]) or f"_:{entity['id']}"


def entity_node(entity: dict, links: Links) -> dict:
    node = {"@type": TYPES.get(entity["type"], "Thing"), "@id": _node_id(entity, links),
            "name": entity["name"]}
    if entity.get("aliases"):
        node["alternateName"] = list(entity["aliases"])
    if entity.get("descriptions"):
        node["description"] = "; ".join(entity["descriptions"])
    if entity.get("geonames_id") is not None:
        node["sameAs"] = GEONAMES.format(entity["geonames_id"])
    coordinates = entity.get("coordinates")
    if coordinates and node["@type"] == "Place":
        node["geo"] = {"@type": "GeoCoordinates", "latitude": coordinates["lat"],
                       "longitude": coordinates["lon"]}
    if entity.get("country_code") and node["@type"] == "Place":
        node["address"] = {"@type": "PostalAddress", "addressCountry": entity["country_code"]}
    return node


def _quotation(quote: dict, entities: dict[str, dict], links: Links) -> dict:
    node = {"@type": "Quotation", "text": quote["text"]}
    speaker = quote.get("speaker") or {}
    entity = entities.get(speaker.get("entity_id") or "")
    if entity is not None:
        node["spokenByCharacter"] = {"@id": _node_id(entity, links)}
    elif speaker.get("name"):
        node["spokenByCharacter"] = {"@type": "Person", "name": speaker["name"]}
    return node


def document_ld(document: dict, links: Links = UNSTORED) -> dict:
    uri = identifier(document, links)
    node: dict = {"@context": CONTEXT, "@type": "NewsArticle", "@id": uri,
                  "url": document.get("source_url") or uri}
    if document.get("headline"):
        node["headline"] = headline(document["headline"])
        if node["headline"] != document["headline"]:
            node["name"] = document["headline"]
    optional = {"alternativeHeadline": document.get("subheadline"),
                "datePublished": published_day(document), "dateline": dateline_text(document)}
    node.update((key, value) for key, value in optional.items() if value)
    if document.get("authors"):
        node["author"] = [{"@type": "Person", "name": name} for name in document["authors"]]
    elif (document.get("dateline") or {}).get("agency"):
        node["author"] = [{"@type": "Organization", "name": document["dateline"]["agency"]}]
    if document.get("site_name"):
        node["publisher"] = {"@type": "Organization", "name": document["site_name"]}
    if document.get("language") and document["language"] != "und":
        node["inLanguage"] = document["language"]
    node["articleBody"] = body_text(document)
    node["wordCount"] = document["word_count"]
    for key, group in zip(("about", "mentions"), about_and_mentioned(document), strict=True):
        if group:
            node[key] = [entity_node(entity, links) for entity in group]
    entities = {entity["id"]: entity for entity in document["entities"]}
    if document.get("quotes"):
        node["hasPart"] = [_quotation(quote, entities, links) for quote in document["quotes"]]
    return node


def render(document: dict, links: Links = UNSTORED, annotate: bool = False) -> str:
    return json_text(document_ld(document, links))
