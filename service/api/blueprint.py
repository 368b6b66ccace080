"""The blueprint class every resource uses."""

import flask_smorest
from webargs.flaskparser import FlaskParser


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's blueprint, letting each schema decide about unknown parameters.

    webargs ignores unknown query parameters by default; our argument schemas reject
    them, so that a misspelt filter is reported instead of silently returning everything.
    """

    ARGUMENTS_PARSER = FlaskParser(unknown=None)
