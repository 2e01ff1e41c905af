"""Laporan: the monthly IPK report (III/1, III/2, placements by AKL/AKAD/AKAN) and the recaps of
mediation, training and transmigration, on screen and as XLSX (typed cells) and PDF (office header,
signature block). Every export is a POST and is recorded in the audit log.

A report is built once as a `Document` (tables of typed values) and then rendered three ways, so the
screen, the spreadsheet and the PDF always show the same figures. The reports hold aggregates only;
the one name they print is the signing official's, typed on the export form.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_admin import expose
from flask_login import current_user

import audit
from admin.security import SecureBaseView
from domain import codes, ipk, roles
from domain import training as training_rules
from services import reports
from services.calendar import office_calendar
from services.clock import local_now, local_today
from services.settings import get_setting

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT_XLSX = "[$-421]d mmmm yyyy"  # Indonesian month names in Excel and LibreOffice
DEFAULT_SIGNER_TITLE = "Kepala Dinas Tenaga Kerja dan Transmigrasi Kabupaten Serang"
TEXT, INT, DEC, DATE = "text", "int", "dec", "date"
# Column heads short enough for a landscape A4 table (the full names are in the first table).
STAGE_SHORT = {"pendaftaran": "Pendaftaran", "penyuluhan": "Penyuluhan", "seleksi": "Seleksi",
               "pelatihan": "Pelatihan", "penetapan": "Penetapan", "pemberangkatan": "Berangkat",
               "ditunda": "Ditunda", "batal": "Batal"}


# --------------------------------------------------------------------------- the document

@dataclass
class Head:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class DocTable:
    title: str
    sheet: str  # XLSX sheet name (≤ 31 characters, no / \ ? * [ ])
    header: list[list[Head]]
    kinds: list[str]  # one per column
    rows: list[list]
    total_rows: int = 0  # the last n rows are totals (bold)
    note: str | None = None
    widths: list[int] | None = None


@dataclass
class Document:
    key: str
    title: str
    form_code: str | None
    period_label: str
    start: date
    end: date
    tables: list[DocTable]
    notes: list[str] = field(default_factory=list)
    landscape: bool = True
    as_of: date | None = None  # the period is still running: figures up to this day


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title: str
    description: str
    area: roles.Area  # the data's own area: its exporters may use the report
    period: str  # "month", "month_or_year" or "year"

    def roles(self) -> frozenset[str]:
        return roles.REPORTS.export & self.area.export


REPORTS = {
    "ipk": ReportSpec("ipk", "IPK: III/1, III/2, lama lulus dan penempatan",
                      "Arus pencari kerja menurut jenis kelamin dan golongan umur (III/1), menurut pendidikan "
                      "(III/2), menurut lama lulus, dan penempatan AKL/AKAD/AKAN untuk sebulan, satu triwulan "
                      "atau setahun.", roles.JOB_SEEKERS, "month"),
    "mediasi": ReportSpec("mediasi", "Rekap mediasi hubungan industrial",
                          "Kasus menurut jenis perselisihan dan hasil, dengan lama penyelesaian dalam hari kerja.",
                          roles.MEDIATION, "month_or_year"),
    "pelatihan": ReportSpec("pelatihan", "Rekap pelatihan kerja per angkatan",
                            "Pendaftar, peserta, lulusan, hasil uji kompetensi dan tindak lanjut per angkatan.",
                            roles.TRAINING, "year"),
    "transmigrasi": ReportSpec("transmigrasi", "Rekap transmigrasi",
                               "Keluarga dan jiwa menurut tahap, jenis transmigrasi dan daerah tujuan.",
                               roles.TRANSMIGRATION, "month_or_year"),
}


def _flow_header(first: str, one_month: bool = True) -> list[list[Head]]:
    columns = ipk.FLOW_COLUMNS if one_month else ipk.PERIOD_FLOW_COLUMNS
    top = [Head(first, rowspan=2)] + [Head(label, colspan=3) for _k, label in columns]
    return [top, [Head(t) for _ in columns for t in ("L", "P", "Jml")]]


def _flow_table(title: str, sheet: str, first: str, table: ipk.FlowTable, note: str,
                one_month: bool = True) -> DocTable:
    rows = [[r.label, *r.cells()] for r in table.rows] + [[table.total.label, *table.total.cells()]]
    return DocTable(title, sheet, _flow_header(first, one_month), [TEXT] + [INT] * 15, rows, total_rows=1, note=note,
                    widths=[24] + [7] * 15)


def ipk_document(month: date, last: date | None = None) -> Document:
    """The IPK report of a month, or of the months from `month` to `last` (a quarter, a year): the
    first month's carried over, the months' sums, the last month's remaining."""
    report = reports.ipk_report(month, last)
    ongoing = report.month <= local_today().replace(day=1) <= (report.last_month or report.month)
    one_month = report.last_month is None
    age_note = "Umur dihitung pada tanggal pendaftaran (tetap selama masa pendaftaran). " + (
        "Sisa akhir bulan = sisa bulan lalu + terdaftar − ditempatkan − dihapuskan." if one_month else
        "Sisa akhir periode = sisa awal periode (akhir bulan sebelum periode) + terdaftar − ditempatkan − "
        "dihapuskan dalam periode.")
    placed = report.placements
    placement_rows = [[label, placed[t]["L"], placed[t]["P"], placed[t]["L"] + placed[t]["P"]]
                      for t, label in ipk.PLACEMENT_ROWS]
    unknown = {s: placed["total"][s] - sum(placed[t][s] for t in codes.PLACEMENT_TYPES) for s in ipk.SEXES}
    if any(unknown.values()):
        placement_rows.append(["Jenis tidak tercatat", unknown["L"], unknown["P"], unknown["L"] + unknown["P"]])
    placement_rows.append(["Jumlah", placed["total"]["L"], placed["total"]["P"],
                           placed["total"]["L"] + placed["total"]["P"]])
    tables = [
        _flow_table("IPK III/1 — Pencari kerja menurut jenis kelamin dan golongan umur", "III-1 Golongan umur",
                    "Golongan umur", report.by_age, age_note, one_month),
        _flow_table("IPK III/2 — Pencari kerja menurut tingkat pendidikan", "III-2 Pendidikan",
                    "Tingkat pendidikan", report.by_education, "Pendidikan tertinggi yang ditamatkan.", one_month),
        _flow_table("Pencari kerja menurut lama lulus pendidikan", "Lama lulus", "Lama lulus",
                    report.by_graduation, "Tahun pendaftaran dikurangi tahun lulus pendidikan terakhir (tetap selama "
                                          "masa pendaftaran).", one_month),
        DocTable("Penempatan tenaga kerja menurut jenis antarkerja", "Penempatan",
                 [[Head("Jenis penempatan"), Head("L"), Head("P"), Head("Jumlah")]], [TEXT, INT, INT, INT],
                 placement_rows, total_rows=1, widths=[34, 10, 10, 10],
                 note="AKL: antarkerja lokal; AKAD: antarkerja antardaerah; AKAN: antarkerja antarnegara."),
    ]
    notes = ["Dihitung dari riwayat status bertanggal: terdaftar = pendaftaran baru dan perpanjangan kartu yang "
             "sudah kedaluwarsa; dihapuskan = dikeluarkan, kedaluwarsa, dan pendaftaran yang ditolak pada bulan "
             "sesudah bulan pendaftarannya (ditolak pada bulan yang sama tidak dihitung sama sekali)."]
    title = "Laporan Informasi Pasar Kerja (IPK) " + ("Bulanan" if report.last_month is None else
                                                        "Triwulanan" if "Triwulan" in report.label else
                                                        "Tahunan" if report.label.startswith("Tahun") else "")
    return Document("ipk", title.strip(), "IPK III/1 dan III/2", report.label, report.month, report.month_end,
                    tables, notes, as_of=local_today() if ongoing else None)


def mediation_document(start: date, end: date, period: str) -> Document:
    recap = reports.mediation_recap(start, end, office_calendar())
    outcome_keys = list(codes.CASE_OUTCOMES)
    rows = [[label, c["open_at_start"], c["registered"], c["workers"], *(c[o] for o in outcome_keys),
             c["closed"], c["open_at_end"]] for _t, label, c in recap.by_type]
    rows.append(["Jumlah", *(sum(r[i] for r in rows) for i in range(1, len(rows[0])))])
    header = [[Head("Jenis perselisihan", rowspan=2), Head("Berjalan di awal periode", rowspan=2),
               Head("Dicatat dalam periode", colspan=2), Head("Selesai dalam periode menurut hasil", colspan=5),
               Head("Berjalan di akhir periode", rowspan=2)],
              [Head("Kasus"), Head("Pekerja")] + [Head(label) for label in codes.CASE_OUTCOMES.values()]
              + [Head("Jumlah")]]
    duration_rows = [[label, n, mean, low, high, within] for _c, label, n, mean, low, high, within in recap.durations]
    listing = reports.closed_cases(start, end, office_calendar())
    tables = [
        DocTable("Kasus menurut jenis perselisihan dan hasil", "Menurut jenis", header,
                 [TEXT] + [INT] * 10, rows, total_rows=1, widths=[34] + [12] * 10),
        DocTable("Lama penyelesaian kasus yang selesai dalam periode (hari kerja sejak pelimpahan)",
                 "Lama penyelesaian",
                 [[Head("Hasil"), Head("Kasus"), Head("Rata-rata"), Head("Tercepat"), Head("Terlama"),
                   Head("≤ 30 hari kerja")]], [TEXT, INT, DEC, INT, INT, INT], duration_rows,
                 widths=[34, 10, 12, 12, 12, 16],
                 note="Hari kerja dihitung dari tanggal pelimpahan ke mediator sampai tanggal selesai, tanpa hari "
                      "libur, cuti bersama (menurut pengaturan) dan hari sidang klarifikasi."),
        DocTable("Daftar kasus yang selesai dalam periode", "Kasus selesai",
                 [[Head("No. register"), Head("Perusahaan"), Head("Jenis"), Head("Hasil"), Head("Dilimpahkan"),
                   Head("Selesai"), Head("Hari kerja")]], [TEXT, TEXT, TEXT, TEXT, DATE, DATE, INT],
                 [[c.register_number, c.company_name, codes.DISPUTE_TYPES.get(c.dispute_type, c.dispute_type),
                   codes.CASE_OUTCOMES.get(c.outcome or "", "—"), c.delegated_on, c.closed_on, c.working_days]
                  for c in listing], widths=[36, 30, 26, 20, 20, 20, 10]),
    ]
    return Document("mediasi", "Rekapitulasi Mediasi Perselisihan Hubungan Industrial", None, period, start, end,
                    tables, ["Sumber: register kasus mediasi. Tidak memuat nama pekerja."],
                    as_of=local_today() if start <= local_today() <= end else None)


def training_document(year: int) -> Document:
    cohorts = reports.cohort_figures(year=year)
    rows = [[f"{c.program} – {c.name}", c.kecamatan or "—", c.start_date, c.end_date,
             codes.FUNDING.get(c.funding, c.funding), codes.COHORT_STATUS.get(c.status, c.status), c.planned,
             c.applicants, c.participants, c.graduates,
             c.competent, c.not_yet_competent, c.working, c.self_employed] for c in cohorts]
    counted = [r for r, c in zip(rows, cohorts) if c.status != training_rules.CANCELLED]  # it trained nobody
    totals = ["Jumlah", "", None, None, "", ""] + [sum(r[i] for r in counted) for i in range(6, 14)]
    header = [[Head("Program – angkatan"), Head("Kecamatan"), Head("Mulai"), Head("Selesai"), Head("Dana"),
               Head("Status"), Head("Rencana peserta"), Head("Pendaftar"), Head("Peserta (lulus seleksi)"),
               Head("Lulus pelatihan"), Head("Kompeten"), Head("Belum kompeten"), Head("Bekerja"),
               Head("Wirausaha")]]
    table = DocTable(f"Pelatihan kerja per angkatan tahun {year}", "Per angkatan", header,
                     [TEXT, TEXT, DATE, DATE, TEXT, TEXT] + [INT] * 8, rows + [totals], total_rows=1,
                     widths=[28, 13, 19, 19, 11, 11] + [12] * 8)
    return Document("pelatihan", "Rekapitulasi Pelatihan Kerja", None, f"Tahun {year}", date(year, 1, 1),
                    date(year, 12, 31), [table], ["Sumber: data angkatan dan peserta pelatihan. Jumlah tidak "
                                                  "memuat angkatan yang dibatalkan."],
                    as_of=local_today() if year == local_today().year else None)


def transmigration_document(start: date, end: date, period: str) -> Document:
    as_of = min(end, local_today())
    stages = reports.families_by_stage(as_of)
    types = list(codes.TRANSMIGRATION_TYPES)
    rows = [[label, *(per_type[t] for t in types), sum(per_type.values()), people]
            for _c, label, per_type, people in stages]
    rows.append(["Jumlah", *(sum(r[i] for r in rows) for i in range(1, len(types) + 3))])
    header = [[Head("Tahap", rowspan=2), Head("Keluarga (KK) menurut jenis", colspan=len(types) + 1),
               Head("Jiwa", rowspan=2)], [Head(t) for t in types] + [Head("Jumlah")]]
    by_stage = DocTable(f"Keluarga menurut tahap pada {_tanggal(as_of)}", "Menurut tahap", header,
                        [TEXT] + [INT] * (len(types) + 2), rows, total_rows=1, widths=[34] + [12] * (len(types) + 2))
    reached = [[label, *(per_type[t] for t in types), sum(per_type.values()), people]
               for _c, label, per_type, people in reports.stages_reached(start, as_of)]
    in_period = DocTable(f"Tahap yang dicapai dalam periode ({_tanggal(start)} s.d. {_tanggal(as_of)})",
                         "Dalam periode", header, [TEXT] + [INT] * (len(types) + 2), reached,
                         widths=[34] + [12] * (len(types) + 2),
                         note="Keluarga yang riwayat tahapnya mencatat tahap itu pada tanggal dalam periode; satu "
                              "keluarga dapat mencapai beberapa tahap dalam satu periode, jadi baris tidak dijumlahkan.")
    destinations = reports.families_by_destination(as_of)
    stage_keys = list(codes.TRANSMIGRATION_STAGES)
    drows = [[prov, reg, *(per[s] for s in stage_keys), sum(per.values()), people]
             for prov, reg, per, people in destinations]
    if drows:
        drows.append(["Jumlah", "", *(sum(r[i] for r in drows) for i in range(2, len(stage_keys) + 4))])
    by_destination = DocTable(
        "Keluarga menurut daerah tujuan dan tahap", "Menurut tujuan",
        [[Head("Provinsi tujuan", rowspan=2), Head("Kabupaten tujuan", rowspan=2),
          Head("Keluarga (KK) menurut tahap", colspan=len(stage_keys) + 1), Head("Jiwa", rowspan=2)],
         [Head(STAGE_SHORT.get(code, label)) for code, label in codes.TRANSMIGRATION_STAGES.items()]
         + [Head("Jumlah")]],
        [TEXT, TEXT] + [INT] * (len(stage_keys) + 2), drows, total_rows=1 if drows else 0,
        widths=[22, 20] + [12] * (len(stage_keys) + 2))
    return Document("transmigrasi", "Rekapitulasi Calon Transmigran", None, period, start, end,
                    [in_period, by_stage, by_destination], as_of=as_of if as_of < end else None,
                    notes=[f"Tahap setiap keluarga menurut riwayat tahapnya sampai {_tanggal(as_of)}; keluarga "
                           "yang terdaftar sampai tanggal itu. Jiwa = anggota keluarga termasuk kepala keluarga."])


# --------------------------------------------------------------------------- rendering

def _tanggal(day: date) -> str:
    return f"{day.day} {ipk.MONTH_NAMES[day.month - 1]} {day.year}"


def _number(value, kind: str) -> str:
    if value is None or value == "":
        return "" if kind in (TEXT, DATE) else "—"
    if kind == INT:
        return f"{int(value):,}".replace(",", ".")
    if kind == DEC:
        return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
    if kind == DATE:
        return _tanggal(value)
    return str(value)


@dataclass
class Signer:
    place: str
    title: str
    name: str
    nip: str


def signer_from_form(form) -> Signer:
    def clean(name, limit):
        return re.sub(r"\s+", " ", (form.get(name) or "")).strip()[:limit]

    return Signer(place=clean("place", 60) or "Serang", title=clean("signer_title", 150) or DEFAULT_SIGNER_TITLE,
                  name=clean("signer_name", 120), nip=clean("signer_nip", 30))


def _value_cell(ws, row: int, col: int, value):
    """A cell holding `value`; text that starts like a formula ("=...", from the database or typed
    by the person exporting) is stored as text, never evaluated."""
    cell = ws.cell(row=row, column=col, value=value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


DATE_CELL_WIDTH = 19  # characters: "30 September 2026" with a margin
DEFAULT_COLUMN_WIDTH = 8.43  # a spreadsheet's column without a width of its own


def _columns_for_width(widths: list[int], first: int, need: float) -> int:
    """The last column of a run starting at `first` (1-based) that is at least `need` wide."""
    last, total = first, 0.0
    while True:
        total += widths[last - 1] if last - 1 < len(widths) else DEFAULT_COLUMN_WIDTH
        if total >= need:
            return last
        last += 1


def write_xlsx(doc: Document, printed_on: date, signer: Signer) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="666666")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDE6EE")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in doc.tables:
        ws = workbook.create_sheet(table.sheet[:31])
        ncols = len(table.kinds)
        ws["A1"] = "PEMERINTAH KABUPATEN SERANG"
        _value_cell(ws, 2, 1, get_setting("office.name")).font = Font(bold=True, size=13)  # typed in the settings
        _value_cell(ws, 3, 1, get_setting("office.address"))
        ws["A5"] = doc.title + (f" ({doc.form_code})" if doc.form_code else "")
        ws["A5"].font = Font(bold=True, size=12)
        ws["A6"] = table.title
        ws["A6"].font = Font(bold=True)
        # A date cell does not spill into its neighbours as text does: each spans as many of the
        # table's (often narrow) columns as "30 November 2026" needs, or it would show as ####.
        widths = table.widths or []

        def date_cell(row: int, col: int, value) -> int:
            last = _columns_for_width(widths, col, DATE_CELL_WIDTH)
            cell = ws.cell(row=row, column=col, value=value)
            cell.number_format = DATE_FORMAT_XLSX
            cell.alignment = Alignment(horizontal="left")
            if last > col:
                ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=last)
            return last

        ws["A7"] = "Periode"
        until = date_cell(7, 2, doc.start) + 1
        ws.cell(row=7, column=until, value="s.d.")
        ws.cell(row=7, column=date_cell(7, until + 1, doc.end) + 1, value=doc.period_label)
        ws["A8"] = "Dicetak"
        date_cell(8, 2, printed_on)
        row = 10
        # header with merged cells
        taken: set[tuple[int, int]] = set()
        for r, heads in enumerate(table.header):
            col = 1
            for head in heads:
                while (row + r, col) in taken:
                    col += 1
                cell = ws.cell(row=row + r, column=col, value=head.text)
                for dr in range(head.rowspan):
                    for dc in range(head.colspan):
                        taken.add((row + r + dr, col + dc))
                        c = ws.cell(row=row + r + dr, column=col + dc)
                        c.border, c.fill = box, head_fill
                if head.rowspan > 1 or head.colspan > 1:
                    ws.merge_cells(start_row=row + r, start_column=col, end_row=row + r + head.rowspan - 1,
                                   end_column=col + head.colspan - 1)
                cell.font = Font(bold=True)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                col += head.colspan
        row += len(table.header)
        first_total = len(table.rows) - table.total_rows
        for i, values in enumerate(table.rows):
            for col, (value, kind) in enumerate(zip(values, table.kinds), start=1):
                cell = _value_cell(ws, row, col, None if value == "" else value)
                cell.border = box
                if kind == INT:
                    cell.number_format = "#,##0"
                elif kind == DEC:
                    cell.number_format = "#,##0.0"
                elif kind == DATE:
                    cell.number_format = DATE_FORMAT_XLSX
                if i >= first_total:
                    cell.font = Font(bold=True)
            row += 1
        if table.note:
            row += 1
            ws.cell(row=row, column=1, value="Catatan: " + table.note).font = Font(italic=True, size=9)
        for note in doc.notes:
            row += 1
            ws.cell(row=row, column=1, value=note).font = Font(italic=True, size=9)
        # signature block, right-aligned under the table
        sign_col = max(2, ncols - 4)  # right of the first (label) column even on a narrow sheet
        row += 2
        for text, bold in ((f"{signer.place}, {_tanggal(printed_on)}", False), (signer.title, False),
                           (None, False), (None, False), (None, False),
                           (signer.name or "(....................................)", True),
                           (f"NIP. {signer.nip}" if signer.nip else "NIP. " + "." * 36, False)):
            if text is not None:  # typed by the person exporting: text, never a formula either
                _value_cell(ws, row, sign_col, text).font = Font(bold=bold, underline="single" if bold else None)
            row += 1
        for col, width in enumerate(table.widths or [], start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = ws.cell(row=10 + len(table.header), column=2)
        ws.page_setup.orientation = "landscape" if doc.landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    workbook.properties.creator = get_setting("office.name")
    workbook.properties.title = doc.title
    workbook.save(out)
    return out.getvalue()


def render_document_pdf(doc: Document, printed_on: date, signer: Signer) -> bytes:
    from services.pdf import render_pdf  # xhtml2pdf is imported inside, only when a PDF is made

    html = render_template("pdf/report_document.html", doc=doc, printed_on=printed_on, signer=signer,
                           fmt=_number, tanggal=_tanggal, office_name=get_setting("office.name"),
                           office_address=get_setting("office.address"))
    return render_pdf(html)


# --------------------------------------------------------------------------- the view

def _years() -> list[int]:
    this_year = local_today().year
    return list(range(this_year, this_year - 8, -1))


class ReportView(SecureBaseView):
    """One view for all reports; the report is named by the `laporan` parameter (never in the path),
    and each report is further limited to its own area's exporters (ReportSpec.roles)."""
    area = roles.REPORTS
    # No records are created, edited or deleted here; the one write is the rebuild (action_view).
    allow_create = allow_edit = allow_delete = False

    def _available(self) -> list[ReportSpec]:
        return [s for s in REPORTS.values() if current_user.role in s.roles()]

    def _spec(self, key: str | None) -> ReportSpec:
        """The report asked for; without one, the first this role may open."""
        if not key:
            available = self._available()
            if not available:
                abort(403)
            return available[0]
        spec = REPORTS.get(key)
        if spec is None:
            abort(404)
        if current_user.role not in spec.roles():
            abort(403)
        return spec

    def _period(self, spec: ReportSpec, values) -> tuple[date, date, str] | None:
        """(start, end, label) from the request; None with a flashed message when not acceptable."""
        today = local_today()
        if spec.period == "month":
            first = ipk.parse_month(values.get("bulan")) if values.get("bulan") else today.replace(day=1)
            if first is None:
                flash("Pilih bulan dengan format TTTT-BB, misalnya 2026-11.", "error")
                return None
            if first > today:
                flash("Bulan itu belum berjalan.", "error")
                return None
            scope = values.get("cakupan") or ipk.MONTH
            if scope not in ipk.SCOPES:
                flash("Pilih cakupan: sebulan, triwulan atau setahun.", "error")
                return None
            first, last = ipk.period_of(first, scope)
            return first, ipk.month_end(last), ipk.period_label(first, last)
        raw_year = (values.get("tahun") or str(today.year)).strip()
        if not (raw_year.isascii() and raw_year.isdigit() and 2000 <= int(raw_year) <= today.year):
            flash("Pilih tahun yang sudah berjalan.", "error")
            return None
        year = int(raw_year)
        raw_month = (values.get("bulan_ke") or "").strip() if spec.period == "month_or_year" else ""
        if raw_month:
            if not (raw_month.isascii() and raw_month.isdigit() and 1 <= int(raw_month) <= 12):
                flash("Pilih bulan 1–12 atau setahun penuh.", "error")
                return None
            first = date(year, int(raw_month), 1)
            if first > today:
                flash("Bulan itu belum berjalan.", "error")
                return None
            return first, ipk.month_end(first), ipk.month_label(first)
        return date(year, 1, 1), date(year, 12, 31), f"Tahun {year}"

    def _document(self, spec: ReportSpec, start: date, end: date, label: str) -> Document:
        if spec.key == "ipk":
            return ipk_document(start, end.replace(day=1))
        if spec.key == "mediasi":
            return mediation_document(start, end, label)
        if spec.key == "pelatihan":
            return training_document(start.year)
        return transmigration_document(start, end, label)

    @expose("/")
    def index(self):
        return self.render("admin/reports/index.html", reports=self._available(), state=reports.summary_state(),
                           can_rebuild=current_user.role in roles.REPORTS.write)

    @expose("/lihat")
    def show(self):
        spec = self._spec(request.args.get("laporan"))
        period = self._period(spec, request.args)
        if period is None:
            return redirect(url_for(".show", laporan=spec.key))
        doc = self._document(spec, *period)
        is_head = current_user.role == roles.PIMPINAN
        signer = Signer("Serang", DEFAULT_SIGNER_TITLE, current_user.full_name if is_head else "",
                        (current_user.nip or "") if is_head else "")
        return self.render("admin/reports/report.html", spec=spec, doc=doc, fmt=_number, tanggal=_tanggal,
                           years=_years(), months=list(enumerate(ipk.MONTH_NAMES, start=1)), signer=signer,
                           default_month=request.args.get("bulan") or f"{period[0]:%Y-%m}",
                           scopes=ipk.SCOPES, scope=request.args.get("cakupan") or ipk.MONTH)

    @expose("/ekspor", methods=["POST"])
    def export(self):
        if current_user.role not in roles.REPORTS.export:
            abort(403)
        spec = self._spec(request.form.get("laporan"))
        fmt = request.form.get("format", "xlsx")
        if fmt not in ("xlsx", "pdf"):
            abort(400)
        period = self._period(spec, request.form)
        if period is None:
            return redirect(url_for(".show", laporan=spec.key))
        doc = self._document(spec, *period)
        printed_on = local_today()
        signer = signer_from_form(request.form)
        if fmt == "xlsx":
            body, mimetype = write_xlsx(doc, printed_on, signer), XLSX_MIMETYPE
        else:
            body, mimetype = render_document_pdf(doc, printed_on, signer), "application/pdf"
        audit.record(audit.EXPORT, "Laporan", spec.key, f"{fmt.upper()} {doc.title}, {doc.period_label}", commit=True)
        if (doc.start.year, doc.start.month) == (doc.end.year, doc.end.month):
            stamp = f"{doc.start:%Y-%m}"
        elif doc.start.month == 1 and doc.end.month == 12:
            stamp = f"{doc.start:%Y}"
        else:
            stamp = f"{doc.start:%Y-%m}-sd-{doc.end:%Y-%m}"
        filename = f"laporan-{spec.key}-{stamp}-dicetak-{local_now():%Y%m%d-%H%M}.{fmt}"
        return Response(body, mimetype=mimetype, headers={
            "Content-Disposition": f"attachment; filename={filename}", "Cache-Control": "no-store"})

    # Named like Flask-Admin's own write actions: the rebuild changes data and needs the area's "write".
    @expose("/hitung-ulang", methods=["POST"])
    def action_view(self):
        if current_user.role not in roles.REPORTS.write:
            abort(403)
        rows = reports.rebuild_summary()
        audit.record(audit.ACTION, "Laporan", "ipk_monthly_flow", f"ringkasan IPK dihitung ulang ({rows} baris)",
                     commit=True)
        flash(f"Ringkasan IPK dihitung ulang dari riwayat status ({rows:,} baris).".replace(",", "."), "success")
        return redirect(url_for(".index"))
