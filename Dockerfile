# The service on the embedded SQLite store, with the fixtures loaded, behind nginx
# (deploy/nginx.conf: whole requests only reach gunicorn, which listens on loopback).
# Writes need API_KEY_HASHES (see the README's Docker section); the data lives in /app/var.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 HOST=0.0.0.0 PORT=8000 VAR_DIR=/app/var \
    FRONT_PROXY=nginx

WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/* && useradd --create-home --uid 10001 app

# Dependencies first, from the hashed lock: a change of the code alone reuses this layer.
COPY requirements/runtime.txt requirements/runtime.txt
RUN pip install --require-hashes --no-deps -r requirements/runtime.txt

COPY pyproject.toml README.md alembic.ini gunicorn.conf.py ./
COPY service service
COPY schemas schemas
COPY migrations migrations
COPY fixtures fixtures
COPY deploy deploy
RUN pip install --no-deps --no-build-isolation -e . && mkdir -p /app/var && chown -R app:app /app/var

USER app
VOLUME /app/var
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["deploy/healthcheck"]

CMD ["deploy/start"]
