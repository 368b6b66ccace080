"""scripts/walk.py lists the files a write and a read of its figures run through, in the
request's process and in the analysis process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_walk_lists_the_views_the_use_case_and_the_analysis_process_files():
    result = subprocess.run([sys.executable, "scripts/walk.py", "--all", "--json"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    files = json.loads(result.stdout)
    assert {"service/web/articles.py", "service/articles/__init__.py",
            "service/analysis/runner.py"} <= set(files), files
    # Only the analysis process runs the pipeline: its files show that it was traced.
    assert "service/nlp/pipeline.py" in files, files
    assert all(f.startswith(("service/", "schemas/")) and f.endswith(".py") for f in files)
    # Imports and first-use set-ups are not counted: the settings are read once, at start.
    assert "service/config.py" not in files, files
