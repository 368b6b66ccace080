"""The HTTP layer around the views: errors, middleware, limits, security, viewer."""
