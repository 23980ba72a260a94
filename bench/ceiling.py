"""The ceiling: a minimal Flask app rendering a small Jinja template, nothing else."""

from __future__ import annotations

from flask import Flask, render_template_string

PAGE = """<!doctype html><html lang="en"><head><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></body></html>"""


def create_app() -> Flask:
    """Return the ceiling app."""
    app = Flask(__name__)

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def page(path: str) -> str:
        return render_template_string(PAGE, title="Ceiling", items=range(10))

    return app
