"""The scorers' common runner: cases read, one half kept, counts summed per class and overall."""

import json

from evaluation.tally import Recall, Scorer, read_cases, run


def _score(case, predicted, errors):
    tally = Recall(items=len(case["expected"]), predicted=len(predicted))
    tally.found = sum(item in predicted for item in case["expected"])
    tally.right = tally.correct = tally.found
    errors.extend(f"miss {case['id']}: {item}" for item in case["expected"]
                  if item not in predicted)
    return tally


def _scorer(predictions):
    return Scorer("toy", "cases", "list misses", "found", "right",
                  lambda cases: [predictions[c["id"]] for c in cases], _score)


def _write(tmp_path, cases):
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n\n" for c in cases), encoding="utf-8")
    return str(path)


def test_counts_are_kept_per_class_and_summed_overall(tmp_path, capsys):
    path = _write(tmp_path, [
        {"id": "1", "class": "alpha", "expected": ["x", "y"]},
        {"id": "2", "class": "alpha", "expected": ["z"]},
        {"id": "3", "class": "beta", "expected": ["w", "v"]},
    ])
    predictions = {"1": ["x"], "2": ["z", "q"], "3": []}
    assert run(_scorer(predictions), [path, "--errors"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:5]}
    assert rows["alpha"] == ["3", "66.7%", "66.7%", "66.7%"]
    assert rows["beta"] == ["2", "0.0%", "0.0%", "-"]
    assert rows["overall"] == ["5", "40.0%", "40.0%", "66.7%"]
    assert "  [alpha] miss 1: y" in lines
    assert "  [beta] miss 3: v" in lines and "  [beta] miss 3: w" in lines


def test_the_two_halves_split_the_cases_and_the_runner_scores_one(tmp_path, capsys):
    cases = [{"id": str(n), "class": "c", "expected": ["x"]} for n in range(40)]
    path = _write(tmp_path, cases)
    a, b = read_cases(path, "a"), read_cases(path, "b")
    assert a and b and len(a) + len(b) == 40
    assert not {c["id"] for c in a} & {c["id"] for c in b}
    run(_scorer({c["id"]: ["x"] for c in cases}), [path, "--half", "b"])
    assert f"toy on {path}: {len(b)} cases" in capsys.readouterr().out
