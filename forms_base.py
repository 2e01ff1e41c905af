"""Base form for the app's own Flask-WTF forms: Indonesian validator messages."""
from flask_wtf import FlaskForm

from i18n import wtforms_translations


class AppForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return wtforms_translations
