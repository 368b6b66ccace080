"""WSGI entry point: gunicorn runs ``service.wsgi:app``."""

from service.app import create_app

app = create_app()
