"""NIK rules (DOMAIN.md §7), by example and by property."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from domain import nik


def test_male_and_female_examples():
    parts = nik.check("3604051708980001", date(1998, 8, 17), "L")
    assert (parts.region, parts.sex, parts.serial) == ("360405", "L", "0001")
    parts = nik.check("3604055708980002", date(1998, 8, 17), "P")
    assert parts.sex == "P" and parts.birth_day == 17


@pytest.mark.parametrize("value, message", [
    ("360405170898000", "tepat 16 angka"),
    ("36040517089800011", "tepat 16 angka"),
    ("36040517089800O1", "tepat 16 angka"),
    ("３６０４０５１７０８９８０００１", "tepat 16 angka"),  # full-width digits
    ("3604051708980٠01", "tepat 16 angka"),  # Arabic-Indic digit
    ("3604053208980001", "tidak valid"),  # day 32
    ("3604057208980001", "tidak valid"),  # woman, day 72
    ("3604051713980001", "tidak valid"),  # month 13
    ("3604053002990001", "tidak valid"),  # 30 February
    ("3604051708980000", "0000"),
])
def test_invalid_niks(value, message):
    with pytest.raises(nik.NikError, match=message):
        nik.parse(value)


def test_leap_day_is_valid_only_in_leap_years():
    nik.parse("3604052902000001")  # 29 Feb 2000
    with pytest.raises(nik.NikError):
        nik.parse("3604052902010001")  # no 29 Feb in 1901 or 2001


def test_mismatch_with_declared_birth_date_and_sex():
    with pytest.raises(nik.NikError, match="tidak sesuai dengan tanggal lahir"):
        nik.check("3604051708980001", date(1998, 8, 18), "L")
    with pytest.raises(nik.NikError, match="NIK perempuan"):
        nik.check("3604051708980001", date(1998, 8, 17), "P")
    with pytest.raises(nik.NikError, match="tercatat perempuan"):
        nik.check("3604055708980001", date(1998, 8, 17), "L")


def test_region_is_not_a_domicile_check():
    # A NIK first issued in Jakarta (31.71) is valid for a person now living in the regency.
    assert nik.check("3171011708980001", date(1998, 8, 17), "L").region == "317101"


def test_kk_numbers():
    assert nik.is_valid_kk("3604050101200001")
    assert not nik.is_valid_kk("36040501012000")
    assert not nik.is_valid_kk("360405010120000a")


@given(birth=st.dates(min_value=date(1940, 1, 1), max_value=date(2039, 12, 31)), sex=st.sampled_from("LP"),
       serial=st.integers(1, 9999), region=st.from_regex(r"[0-9]{6}", fullmatch=True))
def test_built_niks_round_trip(birth, sex, serial, region):
    value = nik.build(region, birth, sex, serial)
    parts = nik.check(value, birth, sex)
    assert len(value) == 16 and value.isdigit()
    assert (parts.region, parts.sex, int(parts.serial)) == (region, sex, serial)
    assert (parts.birth_day, parts.birth_month) == (birth.day, birth.month)


@given(st.text(max_size=20))
def test_parse_never_crashes_and_accepts_only_sixteen_ascii_digits(value):
    try:
        nik.parse(value)
    except nik.NikError:
        return
    assert len(value.strip()) == 16 and value.strip().isascii() and value.strip().isdigit()


@given(birth=st.dates(min_value=date(1950, 1, 1), max_value=date(2010, 12, 31)), sex=st.sampled_from("LP"),
       other=st.dates(min_value=date(1950, 1, 1), max_value=date(2010, 12, 31)))
def test_a_different_birth_date_is_always_caught(birth, sex, other):
    value = nik.build("360405", birth, sex, 1)
    if (other.day, other.month, other.year % 100) != (birth.day, birth.month, birth.year % 100):
        with pytest.raises(nik.NikError):
            nik.check(value, other, sex)


def test_a_nik_typed_off_a_ktp_in_groups_is_read_as_its_digits():
    assert nik.normalise_typed("3604 0557 0898 0001") == "3604055708980001"
    assert nik.normalise_typed(" 360405.570898.0001 ") == "3604055708980001"
    assert nik.normalise_typed("360405-570898-0001") == "3604055708980001"
    for not_a_nik in ("3604 0557 0898 000", "AK1-3604-2026-000401", "3604-2026-000029", "", None,
                      "36040557089800O1"):
        assert nik.normalise_typed(not_a_nik) is None, not_a_nik
