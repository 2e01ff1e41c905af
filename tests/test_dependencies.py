"""Security floors of the stack (pip-audit cannot reach a vulnerability database here)."""
from importlib.metadata import version

import pytest
from packaging.version import Version

FLOORS = {
    "werkzeug": "3.1.6", "jinja2": "3.1.6", "xhtml2pdf": "0.2.19", "gunicorn": "23", "pillow": "10.3",
    "flask-admin": "2.2", "flask": "3.1.3",
}


@pytest.mark.parametrize("package, floor", sorted(FLOORS.items()))
def test_installed_versions_meet_security_floors(package, floor):
    assert Version(version(package)) >= Version(floor)
