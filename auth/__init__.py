"""Staff login: Flask-Login with a per-user session token, lockout and rate limits."""
from __future__ import annotations

import secrets

from flask import Flask

from extensions import db, login_manager


def init_app(app: Flask) -> None:
    from auth.routes import bp

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Silakan masuk untuk membuka halaman ini."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    app.register_blueprint(bp)


def load_user(user_id: str):
    """The cookie holds "<id>:<session token>"; a rotated token or inactive user logs out."""
    from models import User

    user_key, _, token = (user_id or "").partition(":")
    if not user_key.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_key))
    if user is None or not user.is_active:
        return None
    if not secrets.compare_digest(user.session_token, token):
        return None
    if user.role == "bkk" and (user.bkk is None or user.bkk.status != "aktif"):
        return None  # a BKK whose registration lapsed or was revoked no longer acts for the school
    return user
