"""`make bench`: Board beside the fastest page Flask can serve, under identical gunicorn settings."""
