"""The citizens' site (blueprint "public")."""
from flask import Flask


def init_app(app: Flask) -> None:
    from public.routes import bp

    app.register_blueprint(bp)
