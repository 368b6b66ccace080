"""WSGI entry point: gunicorn runs ``service.wsgi:app``."""

from service.app import create_app
from service.http.security import warn_about_write_access

app = create_app()
warn_about_write_access(app)
