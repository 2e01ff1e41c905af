"""The AK-1 card after verification: printing, reprints, six-monthly reports, placement,
expiry, renewal and removal. Every step is a dated event (services.job_seekers.record_event)."""
from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import select

from domain import card as card_rules, codes, roles
from extensions import db
from models import JobSeeker, QueueBooking, User
from services.clock import local_today
from services.job_seekers import TransitionError, record_event
from services.registration import ACCESS_CODE_ALPHABET, active_registration_for_nik
from services.settings import get_setting

PRESENT_STATUSES = (codes.BOOKING_CHECKED_IN, codes.BOOKING_CALLED, codes.BOOKING_SERVED)
VERIFICATION_CODE_LENGTH = 10  # ~50 bits from a 31-letter alphabet: not guessable, short enough to type
REPORTED_BY = {"pemegang": "pemegang kartu", "pemberi_kerja": "pemberi kerja", "petugas": "petugas"}


class CardError(TransitionError):
    """A step not allowed in the card's state (Indonesian message for the person at the desk);
    `field` names the form field the message belongs to, when one does."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --------------------------------------------------------------------------- facts

def period_start(js: JobSeeker) -> date | None:
    return js.valid_from


def report_dates(js: JobSeeker) -> list[date]:
    """The days the holder reported in the card's current period, in slot order (slots fill in
    order: the first date belongs to slot 1)."""
    start = js.valid_from
    if start is None:
        return []
    reports = [e for e in js.events if e.event == codes.EV_REPORTED and e.occurred_on >= start]
    return [e.occurred_on for e in sorted(reports, key=lambda e: (e.report_slot or 0, e.occurred_on))]


def reports_in_period(js: JobSeeker) -> int:
    return len(report_dates(js))


def last_report(js: JobSeeker) -> date | None:
    return max(report_dates(js), default=None)


def printed_on(js: JobSeeker) -> date | None:
    """The day the card of the current period was handed over (its first printing in the period;
    a renewal starts a new period on its own day, so it counts as that)."""
    dates = [e.occurred_on for e in js.events if e.event in (codes.EV_PRINTED, codes.EV_RENEWED) and js.valid_from
             and e.occurred_on >= js.valid_from]
    return min(dates) if dates else None


def expiry_of(js: JobSeeker) -> card_rules.Expiry | None:
    if js.status != codes.JS_PRINTED or js.valid_from is None:
        return None
    return card_rules.expiry(js.valid_from, last_report(js), years=get_setting("ak1.valid_years"),
                             report_months=get_setting("ak1.report_months"),
                             grace_days=get_setting("ak1.report_grace_days"),
                             reports_in_period=reports_in_period(js), printed_on=printed_on(js))


def next_report_due(js: JobSeeker) -> date | None:
    if js.status != codes.JS_PRINTED or js.valid_from is None:
        return None
    if reports_in_period(js) >= card_rules.REPORT_SLOTS:  # the four slots are full: no report is due
        return None
    anchor = card_rules.report_anchor(js.valid_from, last_report(js), printed_on(js))
    due = card_rules.report_due(anchor, get_setting("ak1.report_months"))
    return due if js.valid_until is None else card_rules.card_deadline(due, js.valid_until)


def public_state(js: JobSeeker, today: date | None = None) -> str:
    """What the verification page says: 'berlaku', 'kedaluwarsa', 'bekerja' or 'dicabut'."""
    today = today or local_today()
    if js.status == codes.JS_PLACED:
        return "bekerja"
    if js.status == codes.JS_EXPIRED:
        return "kedaluwarsa"
    if js.status in (codes.JS_REMOVED, codes.JS_REJECTED):
        return "dicabut"
    expiry = expiry_of(js)
    if expiry is not None and expiry.on <= today:  # the nightly sweep has not run yet
        return "kedaluwarsa"
    return "berlaku"


def validity_when_printed(js: JobSeeker) -> tuple[date, date]:
    """The first and last valid day a card printed for this registration gets: the validity runs
    from the registration, not from the printing (Permenaker 39/2016)."""
    return js.registered_on, card_rules.valid_until(js.registered_on, get_setting("ak1.valid_years"))


def is_present_today(js: JobSeeker, today: date | None = None) -> bool:
    """Checked in at the queue desk today (walk-ins get a desk number too)."""
    return db.session.scalar(select(QueueBooking.id).where(
        QueueBooking.job_seeker_id == js.id, QueueBooking.day == (today or local_today()),
        QueueBooking.status.in_(PRESENT_STATUSES)).limit(1)) is not None


def signers() -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.role == roles.PENGANTAR_KERJA, User.active.is_(True)).order_by(User.full_name)))


# --------------------------------------------------------------------------- printing

def new_verification_code() -> str:
    return "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(VERIFICATION_CODE_LENGTH))


def print_card(js: JobSeeker, officer: User, signer: User, *, presence: str | None = None,
               today: date | None = None) -> None:
    """First printing. `presence` records how staff confirmed the holder is here when there is no
    queue check-in (a BKK group at the counter); otherwise a check-in today is required."""
    today = today or local_today()
    if js.status == codes.JS_PRINTED:  # e.g. "Cetak kartu" pressed again on a page opened before printing
        raise CardError("Kartu ini sudah dicetak. Untuk kartu pengganti, pakai Cetak ulang dengan alasannya.")
    if js.status != codes.JS_VERIFIED:
        raise CardError("Kartu hanya dicetak untuk pendaftaran yang sudah diverifikasi.")
    _check_signer(signer)
    if not presence and not is_present_today(js, today):
        raise CardError("Pemegang kartu belum tercatat hadir hari ini. Catat kehadirannya di meja antrean dulu: "
                        "kartu hanya dicetak bila orangnya ada di kantor.")
    if not js.card_number:
        js.card_number = card_rules.card_number(today.year, js.id)
    if not js.verification_code:
        js.verification_code = new_verification_code()
    js.valid_from, js.valid_until = validity_when_printed(js)
    note = f"Ditandatangani {signer.full_name} (NIP {signer.nip or '-'})"
    if presence:
        note += f"; kehadiran: {presence}"
    record_event(js, codes.EV_PRINTED, today, user=officer, note=note)


def last_print_id(js: JobSeeker) -> int | None:
    """The id of the card's latest printing or reprinting: what a reprint form was opened after."""
    ids = [e.id for e in js.events if e.event in (codes.EV_PRINTED, codes.EV_REPRINTED) and e.id is not None]
    return max(ids) if ids else None


def reprint(js: JobSeeker, officer: User, signer: User, reason: str, today: date | None = None, *,
            opened_after: int | None = None) -> None:
    """A replacement card. `opened_after`: the latest printing when the officer opened the form
    (last_print_id); if the card has been printed since (the same form sent twice, or another
    officer), nothing is recorded. Call with the registration held (hold_for_change)."""
    reason = (reason or "").strip()
    if js.status != codes.JS_PRINTED:
        raise CardError("Cetak ulang hanya untuk kartu yang sudah dicetak dan masih berlaku.")
    if opened_after is not None and last_print_id(js) != opened_after:
        raise CardError("Kartu ini sudah dicetak ulang sejak halaman ini dibuka (formulir terkirim dua kali?): "
                        "tidak dicatat lagi. Lihat riwayat di bawah; bila memang perlu mencetak ulang lagi, "
                        "isi formulirnya sekali lagi.")
    if len(reason) < 5:
        raise CardError("Tulis alasan cetak ulang (misalnya kartu hilang atau rusak).")
    _check_signer(signer)
    record_event(js, codes.EV_REPRINTED, today or local_today(), user=officer,
                 note=f"{reason} — ditandatangani {signer.full_name} (NIP {signer.nip or '-'})")


def _check_signer(signer: User | None) -> None:
    if signer is None or signer.role != roles.PENGANTAR_KERJA or not signer.active:
        raise CardError("Pilih Pengantar Kerja yang menandatangani kartu.")


def last_signer_note(js: JobSeeker) -> str | None:
    for event in reversed(js.events):
        if event.event in (codes.EV_PRINTED, codes.EV_REPRINTED):
            return event.note
    return None


# --------------------------------------------------------------------------- after printing

def lapsed(js: JobSeeker, today: date | None = None) -> card_rules.Expiry | None:
    """When and why the card stopped being valid, or None while it is valid (or was never printed,
    or was closed otherwise). Also a printed card whose day has come before the daily sweep
    (`flask cards expire`) has run: what the holder is told must not wait for the sweep."""
    today = today or local_today()
    if js.status == codes.JS_EXPIRED:
        ended = [e for e in js.events if e.event == codes.EV_EXPIRED]
        if not ended:  # imported or older data: when and why are not known, so nothing is claimed
            return None
        last = max(ended, key=lambda e: (e.occurred_on, e.id or 0))
        return card_rules.Expiry(last.occurred_on, last.removal_reason or card_rules.REMOVAL_EXPIRED)
    expiry = expiry_of(js)
    return expiry if expiry is not None and expiry.on <= today else None


def _require_valid_card(js: JobSeeker, today: date) -> None:
    if js.status != codes.JS_PRINTED:
        raise CardError("Kartu ini tidak sedang berlaku (belum dicetak, sudah bekerja, kedaluwarsa atau dicabut).")
    if lapsed(js, today) is not None:
        raise CardError("Masa berlaku kartu sudah habis. Perpanjang atau daftar ulang di kantor.")


def record_report(js: JobSeeker, user: User | None, today: date | None = None, note: str | None = None) -> int:
    """Still looking for work: fill the next report slot. Returns the slot number."""
    today = today or local_today()
    _require_valid_card(js, today)
    slot = card_rules.next_report_slot(reports_in_period(js))
    if slot is None:
        raise CardError("Keempat kolom lapor diri sudah terisi. Perpanjang kartu di kantor.")
    if any(e.event == codes.EV_REPORTED and e.occurred_on == today for e in js.events):
        raise CardError("Lapor diri hari ini sudah tercatat.")
    if printed_on(js) == today:  # a report the day the card is handed over fills a slot for nothing
        raise CardError("Kartu ini baru diserahkan hari ini. Lapor diri pertama dicatat paling cepat besok.")
    record_event(js, codes.EV_REPORTED, today, user=user, report_slot=slot, note=note)
    return slot


def record_placement(js: JobSeeker, user: User | None, *, employer: str, position: str | None, start: date,
                     placement_type: str, reported_by: str, today: date | None = None) -> None:
    """Placed in a job: the card is closed as placed.

    The event is dated on the day the placement is recorded, not on the start date the person
    gives (kept as `placement_start`): a start date in a month already reported would otherwise
    change that month's IPK figures after they were sent, and a start before a renewal would count
    the person as placed before being registered again."""
    today = today or local_today()
    if js.status not in (codes.JS_PRINTED, codes.JS_VERIFIED):
        raise CardError("Penempatan hanya dicatat untuk pendaftaran yang terverifikasi atau kartu yang berlaku.")
    if placement_type not in codes.PLACEMENT_TYPES:
        raise CardError("Pilih jenis penempatan: AKL, AKAD atau AKAN.", field="placement_type")
    if not (employer or "").strip():
        raise CardError("Isi nama pemberi kerja.", field="employer")
    if start > today:
        raise CardError("Tanggal mulai bekerja tidak boleh di masa depan; laporkan setelah mulai bekerja.",
                        field="start")
    if start < js.registered_on:
        raise CardError("Tanggal mulai bekerja tidak boleh sebelum tanggal pendaftaran.", field="start")
    record_event(js, codes.EV_PLACED, today, user=user, placement_type=placement_type,
                 employer_name=employer.strip(), employer_position=(position or "").strip() or None,
                 placement_start=start, note=f"Dilaporkan oleh {REPORTED_BY.get(reported_by, reported_by)}")


def can_renew(js: JobSeeker, today: date | None = None) -> bool:
    """Renewal is for a card that has expired (or lapsed, not yet swept) or is in its last six months."""
    today = today or local_today()
    if js.status == codes.JS_EXPIRED:
        return True
    if js.status != codes.JS_PRINTED:
        return False
    near_end = js.valid_until is not None and card_rules.add_months(today, 6) > js.valid_until
    return near_end or lapsed(js, today) is not None


def renew(js: JobSeeker, user: User, today: date | None = None) -> None:
    """A new two-year period from today, for a card that has expired or is in its last six months.
    A card whose last day has passed before the daily sweep ran is closed first, as the sweep
    would have closed it (dated on that day), so the history and past months' reports stay exact."""
    today = today or local_today()
    if js.status == codes.JS_PRINTED and (ended := lapsed(js, today)) is not None:
        _expire(js, ended)
    newer = active_registration_for_nik(js.nik) if js.status == codes.JS_EXPIRED else None
    if newer is not None and newer.id != js.id:  # one active registration per NIK
        raise CardError(f"Pemegang kartu ini sudah mendaftar lagi ({newer.registration_number}, "
                        f"{newer.status_label.lower()}). Lanjutkan dengan pendaftaran itu; kartu lama tidak "
                        "diperpanjang.")
    if can_renew(js, today):
        js.valid_from = today
        js.valid_until = card_rules.valid_until(today, get_setting("ak1.valid_years"))
        record_event(js, codes.EV_RENEWED, today, user=user, note="Masa berlaku baru dua tahun")
        return
    raise CardError("Perpanjangan hanya untuk kartu yang kedaluwarsa atau berakhir dalam enam bulan.")


def remove(js: JobSeeker, user: User, reason: str, note: str | None = None, today: date | None = None) -> None:
    if js.status not in codes.ACTIVE_JOB_SEEKER_STATUSES:
        raise CardError("Pendaftaran ini sudah tidak aktif.")
    if reason not in codes.REMOVAL_REASONS:
        raise CardError("Pilih alasan dikeluarkan.")
    record_event(js, codes.EV_REMOVED, today or local_today(), user=user, removal_reason=reason, note=note)


UNCOLLECTED_STATUSES = (codes.JS_SUBMITTED, codes.JS_CORRECTION, codes.JS_VERIFIED)
UNCOLLECTED_NOTE = "Otomatis: dua tahun sejak pendaftaran tanpa kartu AK-1 dicetak"


def lapsed_uncollected(js: JobSeeker) -> bool:
    """Taken off the register because its two years ran out before a card was ever printed."""
    if js.status != codes.JS_REMOVED or any(e.event == codes.EV_PRINTED for e in js.events):
        return False
    removals = [e for e in js.events if e.event == codes.EV_REMOVED]
    last = max(removals, key=lambda e: (e.occurred_on, e.id or 0), default=None)
    return last is not None and last.removal_reason == card_rules.REMOVAL_EXPIRED


def expire_due(today: date | None = None) -> int:
    """Close every printed card whose period ended or whose report is overdue, and take off the
    register every registration whose card was never printed within the two years (DOMAIN §1: a
    registration lapses after two years), each dated on the day it stopped being valid (so past
    months recompute exactly). Run daily (`flask cards expire`)."""
    today = today or local_today()
    count = 0
    for js in db.session.scalars(select(JobSeeker).where(JobSeeker.status == codes.JS_PRINTED)):
        expiry = expiry_of(js)
        if expiry is not None and expiry.on <= today:
            _expire(js, expiry)
            count += 1
    years = get_setting("ak1.valid_years")
    # registered on or before this day (give or take a leap day: the exact day is checked below)
    latest = today - timedelta(days=365 * years - 2)
    for js in db.session.scalars(select(JobSeeker).where(JobSeeker.status.in_(UNCOLLECTED_STATUSES),
                                                         JobSeeker.registered_on <= latest)):
        ends = card_rules.registration_lapses_on(js.registered_on, years)
        if ends <= today:
            record_event(js, codes.EV_REMOVED, ends, removal_reason=card_rules.REMOVAL_EXPIRED,
                         note=UNCOLLECTED_NOTE)
            count += 1
    db.session.commit()
    return count


def _expire(js: JobSeeker, expiry: card_rules.Expiry) -> None:
    record_event(js, codes.EV_EXPIRED, expiry.on, removal_reason=expiry.reason,
                 note="Otomatis: " + codes.REMOVAL_REASONS[expiry.reason].lower())
