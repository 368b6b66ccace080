"""Training windows for the entity model from openly licensed corpora, read from local clones.

Each corpus is read at a recorded commit from a local git clone (``--sources``, one folder
per repository named ``owner+name/repo``), so the data can be rebuilt exactly. Output, one
JSON object a line: ``{"source", "tokens", "tags"}`` with BIO tags over PER, ORG, LOC and
MISC, and ``"-"`` for a token whose tag the corpus does not decide (a capitalised token in a
corpus that labels no MISC-like names: its "O" there means "O or MISC").

    python training/prepare_data.py --sources SOURCES_DIR --shared EVAL_DIR \
        --out DATA_DIR/prepared

writes ``train.jsonl`` (training windows), ``calib.jsonl`` (one window in twenty, never
trained on, for the temperature) and ``heldout.jsonl`` (WikiGold and re3d documents of the
held-out half, in the shared evaluation format).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
from collections import Counter
from pathlib import Path

# Repository, commit, licence: the only data the model learns from.
SOURCES = {
    "gum": ("amir-zeldes/gum", "72ce5ac14978a324c2fd18d49484e65292cbe316",
            "annotations CC BY 4.0; texts per genre (kept: CC BY / CC BY-SA genres only)"),
    "btc": ("GateNLP/broad_twitter_corpus", "0c45ef7b1924a6b8115bceab388781590b1b553a",
            "CC BY 4.0 (tweet texts also under the platform's terms)"),
    "wnut17": ("leondz/emerging_entities_17", "e52a2d2a71ac1a051ca2d532eef28653c5c02603",
               "CC BY 4.0"),
    "uner_ewt": ("UniversalNER/UNER_English-EWT", "8ed072de2fd24022cc62458997fe96a8fe191ea4",
                 "CC BY-SA 4.0"),
}
# GUM genres whose text licence allows commercial use (the others are CC BY-NC-SA, reddit's
# terms, or not stated).
GUM_GENRES = {"academic": "CC BY 4.0", "court": "CC BY 4.0", "news": "CC BY 2.5",
              "interview": "CC BY 2.5", "bio": "CC BY-SA 3.0", "voyage": "CC BY-SA 3.0"}
GUM_TYPES = {"person": "PER", "place": "LOC", "organization": "ORG", "event": "MISC",
             "object": "MISC"}
WNUT_TYPES = {"person": "PER", "location": "LOC", "corporation": "ORG", "group": "ORG",
              "creative-work": "MISC", "product": "MISC"}
SHARED_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC",
                "PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC", "GROUP": "MISC"}
WINDOW_WORDS = 100
TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*\.?|\S", re.UNICODE)
IGNORE = "-"


def git_show(sources: Path, key: str, path: str) -> str:
    repo, commit, _ = SOURCES[key]
    folder = sources / repo.replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(folder), "show", f"{commit}:{path}"],
                          check=True, capture_output=True, text=True).stdout


def git_ls(sources: Path, key: str, prefix: str) -> list[str]:
    repo, commit, _ = SOURCES[key]
    folder = sources / repo.replace("/", "+") / "repo"
    out = subprocess.run(["git", "-C", str(folder), "ls-tree", "-r", "--name-only", commit,
                          *([prefix] if prefix else [])],
                         check=True, capture_output=True, text=True).stdout
    return out.split()


def unsure_capitals(tokens: list[str], tags: list[str]) -> list[str]:
    """A capitalised "O" token becomes "-" in a corpus without MISC-like labels, except at
    the start of the unit, where capitals say nothing."""
    return [IGNORE if tag == "O" and i > 0 and tok[:1].isupper() else tag
            for i, (tok, tag) in enumerate(zip(tokens, tags, strict=True))]


def conll_units(text: str, column: int, mapping: dict[str, str] | None) -> list[tuple]:
    """Sentences of a CoNLL-like file: (tokens, tags) with tags mapped to ours."""
    units, tokens, tags = [], [], []
    for line in text.splitlines() + [""]:
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if not line.strip() or len(cols) <= column:
            if tokens:
                units.append((tokens, tags))
            tokens, tags = [], []
            continue
        tag = cols[column].strip()
        if tag != "O":
            prefix, kind = tag.split("-", 1)
            kind = mapping.get(kind) if mapping else kind
            tag = f"{prefix}-{kind}" if kind else "O"
        tokens.append(cols[0 if column == 1 else 1])
        tags.append(tag)
    return units


def read_btc(sources: Path) -> list[tuple]:
    units = []
    for name in git_ls(sources, "btc", ""):
        if re.fullmatch(r"[a-z]\.conll", name):
            for tokens, tags in conll_units(git_show(sources, "btc", name), 1, None):
                units.append((tokens, unsure_capitals(tokens, tags)))
    return units


def read_wnut(sources: Path) -> list[tuple]:
    units = []
    for name in ("wnut17train.conll", "emerging.dev.conll", "emerging.test.conll"):
        units += conll_units(git_show(sources, "wnut17", name), 1, WNUT_TYPES)
    return units


def read_uner(sources: Path) -> list[list[tuple]]:
    """Sentences grouped by document, so windows span sentences as in an article."""
    docs: list[list[tuple]] = []
    for name in ("en_ewt-ud-dev.iob2", "en_ewt-ud-test.iob2", "en_ewt-ud-train.iob2"):
        try:
            text = git_show(sources, "uner_ewt", name)
        except subprocess.CalledProcessError:
            continue  # a file the clone lacks (too large to be stored)
        for block in re.split(r"(?m)^(?=# newdoc)", text):
            units = conll_units(block, 2, {"PER": "PER", "ORG": "ORG", "LOC": "LOC"})
            units = [(t, unsure_capitals(t, g)) for t, g in units]
            if units:
                docs.append(units)
    return docs


def read_gum(sources: Path) -> list[list[tuple]]:
    docs = []
    for name in git_ls(sources, "gum", "dep/"):
        m = re.fullmatch(r"dep/GUM_([a-z]+)_.*\.conllu", name)
        if m and m.group(1) in GUM_GENRES:
            docs.append(gum_document(git_show(sources, "gum", name)))
    return docs


def gum_document(text: str) -> list[tuple]:
    """Sentences with names from GUM's entity layer: an entity with a Wikipedia identity is
    a name, cut to its run of proper nouns ("the University of Sydney" keeps "University of
    Sydney"); other proper nouns are left undecided."""
    sentences, words, upos = [], [], []
    open_: dict[str, list] = {}
    spans: list[tuple[int, int, str]] = []
    for line in text.splitlines():
        if not line.strip():
            if words:
                sentences.append(len(words))
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        i = len(words)
        words.append(cols[1])
        upos.append(cols[3])
        entity = next((f[7:] for f in cols[9].split("|") if f.startswith("Entity=")), "")
        for part in re.findall(r"\([^()]*\)?|\d+\)", entity):
            if part.startswith("("):
                fields = part.strip("()").split("-")
                closed = part.endswith(")")
                info = (i, fields[1], fields[7] if len(fields) > 7 else "")
                if closed:
                    spans.append((info[0], i + 1, info[1] if info[2] else ""))
                else:
                    open_.setdefault(fields[0], []).append(info)
            else:
                key = part.rstrip(")")
                if open_.get(key):
                    start, etype, identity = open_[key].pop()
                    spans.append((start, i + 1, etype if identity else ""))
    if words and (not sentences or sentences[-1] != len(words)):
        sentences.append(len(words))
    tags = [IGNORE if p == "PROPN" else "O" for p in upos]
    taken = [False] * len(words)
    for start, end, etype in sorted(spans, key=lambda s: s[0] - s[1]):
        if not etype or etype not in GUM_TYPES:
            continue
        proper = [j for j in range(start, end) if upos[j] == "PROPN"]
        if not proper:
            continue
        a, b = proper[0], proper[-1] + 1
        if any(taken[a:b]):
            continue
        kind = GUM_TYPES[etype]
        for j in range(a, b):
            tags[j] = ("B-" if j == a else "I-") + kind
            taken[j] = True
    units, begin = [], 0
    for end in sentences:
        units.append((words[begin:end], tags[begin:end]))
        begin = end
    return units


def shared_documents(path: Path) -> tuple[list[dict], list[dict]]:
    """The shared file's documents in two halves: even positions may train, odd are held
    out (the same split ``python -m evaluation ner --half`` uses)."""
    records = [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
    return records[0::2], records[1::2]


def shared_units(record: dict) -> list[tuple]:
    """Sentences (lines) of a shared record, tokenised, with its name spans as BIO tags; a
    leading "the" is left out of a span, quantities and dates are no names, and a span in
    lower case (re3d's "rebels") leaves its tokens undecided."""
    text = record["text"]
    spans = []
    for s in record["spans"]:
        kind = SHARED_TYPES.get(s["label"])
        start, end = s["start"], s["end"]
        m = re.match(r"(?i:the)\s+", text[start:end])
        if m and start + m.end() < end:
            start += m.end()
        spans.append((start, end, kind if kind and text[start:start + 1].isupper() else IGNORE))
    units = []
    for line in re.finditer(r"[^\n]+", text):
        tokens, tags = [], []
        for tok in TOKEN.finditer(line.group()):
            a, b = line.start() + tok.start(), line.start() + tok.end()
            tag = "O"
            for start, end, kind in spans:
                if a < end and b > start:
                    tag = IGNORE if kind == IGNORE else ("B-" if a <= start else "I-") + kind
                    break
            tokens.append(tok.group())
            tags.append(tag)
        if tokens:
            units.append((tokens, tags))
    return units


def windows(units: list[tuple], size: int = WINDOW_WORDS) -> list[tuple]:
    """Consecutive sentences joined into windows of about ``size`` words."""
    out, tokens, tags = [], [], []
    for t, g in units:
        if tokens and len(tokens) + len(t) > size:
            out.append((tokens, tags))
            tokens, tags = [], []
        tokens, tags = tokens + list(t)[:size * 2], tags + list(g)[:size * 2]
    if tokens:
        out.append((tokens, tags))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--shared", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    examples: list[tuple[str, list, list]] = []
    for name, docs in (("gum", read_gum(args.sources)), ("uner_ewt", read_uner(args.sources))):
        examples += [(name, t, g) for doc in docs for t, g in windows(doc)]
    examples += [("btc", t, g) for t, g in read_btc(args.sources)]
    examples += [("wnut17", t, g) for t, g in read_wnut(args.sources)]
    heldout = []
    for name in ("wikigold_dev.jsonl", "re3d_dev.jsonl"):
        train_half, held_half = shared_documents(args.shared / name)
        heldout += held_half
        examples += [(name.split("_")[0], t, g) for r in train_half
                     for t, g in windows(shared_units(r))]
    random.Random(13).shuffle(examples)
    calib = examples[::20]
    train = [e for i, e in enumerate(examples) if i % 20]
    for fname, rows in (("train.jsonl", train), ("calib.jsonl", calib)):
        with (args.out / fname).open("w", encoding="utf-8") as fh:
            for source, tokens, tags in rows:
                fh.write(json.dumps({"source": source, "tokens": tokens, "tags": tags}) + "\n")
    with (args.out / "heldout.jsonl").open("w", encoding="utf-8") as fh:
        for record in heldout:
            fh.write(json.dumps(record) + "\n")
    sizes = Counter(source for source, _, _ in train)
    words = Counter()
    for source, tokens, _ in train:
        words[source] += len(tokens)
    for source in sorted(sizes):
        print(f"{source:12} {sizes[source]:6} windows {words[source]:8} words")
    print(f"train {len(train)}, calib {len(calib)}, held-out documents {len(heldout)}")


if __name__ == "__main__":
    main()
