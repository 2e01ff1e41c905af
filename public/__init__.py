"""The citizens' site (blueprint "public")."""
from flask import Flask


def init_app(app: Flask) -> None:
    from public.routes import bp
    import public.card_routes  # noqa: F401  (card verification and six-monthly reports)
    import public.queue  # noqa: F401

    app.register_blueprint(bp)
