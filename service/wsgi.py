"""WSGI entry point: gunicorn runs ``service.wsgi:app``."""

from service.app import create_app
from service.web.security import warn_about_write_access

app = create_app()
warn_about_write_access(app)
