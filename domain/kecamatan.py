"""The 29 kecamatan of Kabupaten Serang (Kemendagri codes, region 36.04)."""
from __future__ import annotations

REGENCY_CODE = "36.04"

KECAMATAN: dict[str, str] = {
    "36.04.05": "Kramatwatu",
    "36.04.06": "Waringinkurung",
    "36.04.07": "Bojonegara",
    "36.04.08": "Pulo Ampel",
    "36.04.09": "Ciruas",
    "36.04.11": "Kragilan",
    "36.04.12": "Pontang",
    "36.04.13": "Tirtayasa",
    "36.04.14": "Tanara",
    "36.04.15": "Cikande",
    "36.04.16": "Kibin",
    "36.04.17": "Carenang",
    "36.04.18": "Binuang",
    "36.04.19": "Petir",
    "36.04.20": "Tunjung Teja",
    "36.04.22": "Baros",
    "36.04.23": "Cikeusal",
    "36.04.24": "Pamarayan",
    "36.04.25": "Kopo",
    "36.04.26": "Jawilan",
    "36.04.27": "Ciomas",
    "36.04.28": "Pabuaran",
    "36.04.29": "Padarincang",
    "36.04.30": "Anyar",
    "36.04.31": "Cinangka",
    "36.04.32": "Mancak",
    "36.04.33": "Gunungsari",
    "36.04.34": "Bandung",
    "36.04.35": "Lebak Wangi",
}


def kecamatan_name(code: str | None) -> str:
    return KECAMATAN.get(code or "", code or "")
