"""Liveness and readiness."""

from __future__ import annotations

from flask import current_app

from service.app import analyzer, store
from service.store.engine import StoreUnavailable
from service.web.blueprint import Blueprint
from service.web.errors import Problem

blp = Blueprint("health", __name__, description="Operations.")


@blp.route("/healthz")
@blp.response(200)
def healthz():
    """The process is alive"""
    return {"status": "ok"}


@blp.route("/readyz")
@blp.reads(None, 503)
def readyz():
    """The store answers and takes writes, and the NLP model is loaded"""
    model = analyzer.current.provenance if analyzer.current is not None else None
    checks = {"store": "ok", "model": model, "dev_mode": current_app.config["DEV_MODE"]}
    try:
        store.current.check_writable(current_app.config["STORE_MIN_FREE_BYTES"])
    except StoreUnavailable as exc:
        checks["store"] = exc.state
    if checks["store"] != "ok" or model is None:
        raise Problem(503, "The service is not ready.", extra={"checks": checks})
    return {"status": "ready", **checks}
