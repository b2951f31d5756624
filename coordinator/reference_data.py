"""The municipality's reference data shipped with the app: postcodes and the offers catalogue."""

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Postcode:
    code: str
    town: str
    lat: float
    lon: float


@cache
def postcodes() -> dict[str, Postcode]:
    """Return the known postcodes in and around Gentofte with their approximate centroids."""
    rows = _read_tsv("postcodes_gentofte_area.tsv")
    return {
        row["postcode"]: Postcode(
            row["postcode"], row["town"], float(row["lat"]), float(row["lon"])
        )
        for row in rows
    }


def offers_catalogue() -> list[dict[str, str]]:
    """Return the municipality's youth offers as rows of the catalogue file."""
    return _read_tsv("gentofte_youth_offers.tsv")


def _read_tsv(name: str) -> list[dict[str, str]]:
    text = resources.files("coordinator").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def districts() -> list[str]:
    """The towns (districts) of the known postcodes, in alphabetical order."""
    return sorted({postcode.town for postcode in postcodes().values()})


def postcodes_of(district: str) -> list[str]:
    """The postcodes that make up a district (town)."""
    return sorted(code for code, postcode in postcodes().items() if postcode.town == district)
