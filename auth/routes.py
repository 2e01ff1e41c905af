from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

import audit
from auth.forms import ChangePasswordForm, LoginForm
from extensions import db
from models import User, utcnow
from ratelimit import limit

bp = Blueprint("auth", __name__)

# Compared against when the user does not exist, so timing does not reveal valid usernames.
_DUMMY_HASH = generate_password_hash("dummy-password-for-timing")
FAILED = ("Nama pengguna atau kata sandi salah. Setelah beberapa kali gagal, akun dikunci sementara; "
          "tunggu 15 menit atau minta administrator mengatur ulang kata sandi.")


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after login."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return None
    return target


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/masuk", methods=["GET", "POST"])
@limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("admin.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.username) == username))
        now = utcnow()
        if user is not None and user.locked_until and user.locked_until > now:
            # While locked the password is not checked (a dummy hash keeps the timing) and the answer
            # is the same as for any failed login: it reveals neither that the account exists nor
            # whether a guess was right. The page always explains the lock.
            check_password_hash(_DUMMY_HASH, form.password.data)
            error = FAILED
            audit.record(audit.LOGIN_FAILED, "User", user.id, "akun terkunci", user=user, commit=True)
        elif user is None or not user.is_active or not user.check_password(form.password.data):
            if user is None:
                check_password_hash(_DUMMY_HASH, form.password.data)
            error = FAILED
            if user is not None:
                user.failed_logins = (user.failed_logins or 0) + 1
                if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
                    user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
                    user.failed_logins = 0
                audit.record(audit.LOGIN_FAILED, "User", user.id, user=user, commit=True)
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            audit.record(audit.LOGIN, "User", user.id, user=user)
            db.session.commit()
            session.clear()
            session.permanent = True
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("admin.index"))
    return render_template("auth/login.html", form=form, error=error), (200 if error is None else 401)


@bp.route("/keluar", methods=["POST"])
@login_required
def logout():
    user = current_user._get_current_object()
    user.rotate_session_token()  # every cookie issued before is now worthless
    audit.record(audit.LOGOUT, "User", user.id, user=user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("Anda telah keluar.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not user.check_password(form.current_password.data):
            form.current_password.errors.append("Kata sandi saat ini salah.")
        else:
            user.set_password(form.new_password.data, current_app.config.get("PASSWORD_HASH_METHOD"))
            audit.record(audit.PASSWORD, "User", user.id, user=user)
            db.session.commit()
            login_user(user)  # new token: other sessions of this user are logged out
            flash("Kata sandi berhasil diganti. Sesi di perangkat lain telah diakhiri.", "success")
            return redirect(url_for("admin.index"))
    return render_template("auth/change_password.html", form=form)
