"""Flask-WTF's CSRF protection, with the serializer that checks a request's token kept per key."""
from __future__ import annotations

import hmac

from flask import current_app, g, request, session
from flask_wtf import csrf as wtf_csrf
from itsdangerous import BadData

from cookie_session import SigningSerializer

SALT = "wtf-csrf-token"  # Flask-WTF's
CACHE_KEY = "csrf_protect_serializer"


class CSRFProtect(wtf_csrf.CSRFProtect):
    """Flask-WTF's CSRFProtect: the same tokens, settings, exemptions and refusals.

    Flask-WTF checks the token of every state-changing request with validate_csrf(), which builds
    an itsdangerous serializer and derives its signing key each time; here one serializer per
    app and key is kept (cookie_session.SigningSerializer, loading exactly what Flask-WTF signs).
    A token that does not pass here is handed to Flask-WTF's own check, so every refusal (its
    message, log line and CSRFError) is Flask-WTF's. A token that passes gets the rest of
    Flask-WTF's protect(): on HTTPS the same-origin referrer check (WTF_CSRF_SSL_STRICT), and
    g.csrf_valid for the forms' own CSRF fields."""

    def protect(self, apply_exemptions=False):
        if apply_exemptions and (not request.endpoint or self._is_exempt()):
            return
        if request.method not in current_app.config["WTF_CSRF_METHODS"]:
            return
        if not self._token_passes(self._get_csrf_token()):
            super().protect()  # refuses it with Flask-WTF's own answer (or, if it passes there, is done)
            return
        if request.is_secure and current_app.config["WTF_CSRF_SSL_STRICT"]:
            if not request.referrer:
                self._error_response("The referrer header is missing.")
            if not wtf_csrf.same_origin(request.referrer, f"https://{request.host}/"):
                self._error_response("The referrer does not match the host.")
        g.csrf_valid = True

    @staticmethod
    def _token_passes(token) -> bool:
        """validate_csrf()'s test, with the kept serializer: a token signed for this session's
        raw token, with this app's key, within WTF_CSRF_TIME_LIMIT."""
        config = current_app.config
        field = config.get("WTF_CSRF_FIELD_NAME") or "csrf_token"
        expected = session.get(field)
        secret = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
        if not token or not isinstance(expected, str) or not secret:
            return False
        cached = current_app.extensions.get(CACHE_KEY)
        if cached is None or cached[0] != secret:
            cached = current_app.extensions[CACHE_KEY] = (secret, SigningSerializer(secret, salt=SALT))
        try:
            raw = cached[1].loads(token, max_age=config.get("WTF_CSRF_TIME_LIMIT", 3600))
        except BadData:
            return False
        return isinstance(raw, str) and hmac.compare_digest(expected, raw)
