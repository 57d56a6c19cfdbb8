"""The data every test starts from: a small real-shaped hierarchy, the agencies and the
default framework.

Codes follow the PSGC's shape. Two provinces, so that scoping by area can be seen to hide
the other one; a city, and a municipality with barangays under each.
"""

from __future__ import annotations

from indicators.loader import sync_framework
from monitor.orgunits.models import OrgUnitLevel as L
from tests import factories

#: (code, name, level, parent code)
HIERARCHY = (
    ("0000000000", "Philippines", L.COUNTRY, None),
    ("0500000000", "Region V (Bicol Region)", L.REGION, "0000000000"),
    ("0501700000", "Camarines Sur", L.PROVINCE, "0500000000"),
    ("0501724000", "City of Naga", L.CITY, "0501700000"),
    ("0501724001", "Abella", L.BARANGAY, "0501724000"),
    ("0501724002", "Bagumbayan Norte", L.BARANGAY, "0501724000"),
    ("0501720000", "Magarao", L.MUNICIPALITY, "0501700000"),
    ("0501720001", "Barobaybay", L.BARANGAY, "0501720000"),
    ("0501720002", "Bell (Poblacion)", L.BARANGAY, "0501720000"),
    ("0501600000", "Camarines Norte", L.PROVINCE, "0500000000"),
    ("0501612000", "Daet", L.MUNICIPALITY, "0501600000"),
    ("0501612001", "Alawihao", L.BARANGAY, "0501612000"),
)

AGENCIES = ("DOH", "DepEd", "DSWD", "PNP", "PSA", "DILG")


def load() -> None:
    for code, name, level, parent_code in HIERARCHY:
        factories.add_unit(code, name, level, parent_code)
    for code in AGENCIES:
        factories.agency(code)
    sync_framework()
