from __future__ import annotations

from flask import Blueprint, render_template

from services.settings import get_setting

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    return render_template("public/index.html", office_hours=get_setting("office.hours"),
                           office_address=get_setting("office.address"))
