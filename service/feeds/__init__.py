"""Sources that the service monitors: feeds and sitemaps, their polling and discovery."""
