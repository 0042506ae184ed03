"""Councils that no longer exist, when they were abolished and which councils took over their
children's services: so their published records (inspections, workforce figures) are kept and
shown on the successors' pages, labelled, and their own pages say they were abolished.

Reorganisations since Ofsted's 2018 framework began (the Structural Changes Orders):
- 1 April 2019: Bournemouth and Poole (with Christchurch, not a children's services authority)
  became Bournemouth, Christchurch and Poole; Dorset County became Dorset.
- 1 April 2021: Northamptonshire became North Northamptonshire and West Northamptonshire.
- 1 April 2023: Cumbria became Cumberland and Westmorland and Furness.

The register file (Provider_data_lookup.csv) lists Poole, Cumbria and Northamptonshire but not
Bournemouth and Dorset County; `core.importers` adds those two from here.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class FormerCouncil:
    dfe_code: str
    name: str
    ons_code: str
    region_name: str
    abolished_on: datetime.date
    successors: tuple[str, ...]  # DfE codes of the councils that took over


FORMER_COUNCILS = {
    council.dfe_code: council
    for council in [
        FormerCouncil(
            "835", "Dorset County", "E10000009", "South West", datetime.date(2019, 4, 1), ("838",)
        ),
        FormerCouncil(
            "836", "Poole", "E06000029", "South West", datetime.date(2019, 4, 1), ("839",)
        ),
        FormerCouncil(
            "837", "Bournemouth", "E06000028", "South West", datetime.date(2019, 4, 1), ("839",)
        ),
        FormerCouncil(
            "909", "Cumbria", "E10000006", "North West", datetime.date(2023, 4, 1), ("942", "943")
        ),
        FormerCouncil(
            "928",
            "Northamptonshire",
            "E10000021",
            "East Midlands",
            datetime.date(2021, 4, 1),
            ("940", "941"),
        ),
    ]
}


def former_council(dfe_code: str) -> FormerCouncil | None:
    return FORMER_COUNCILS.get(dfe_code)


def predecessors_of(dfe_code: str) -> list[FormerCouncil]:
    """The former councils whose services `dfe_code`'s council took over, oldest name first."""
    return sorted(
        (council for council in FORMER_COUNCILS.values() if dfe_code in council.successors),
        key=lambda council: council.name,
    )
