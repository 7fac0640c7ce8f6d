"""The demo school: МКОУ Нагольненская СШ (seed 004), built into an empty data folder.

The content lives in resources/demo/nagolnaya.json; this module only turns it into
rows, in one transaction, so a failed build leaves the folder as empty as it was.
"""

from __future__ import annotations

from app.core.store import Store
from app.demo.builder import DemoBuilder, load_demo_data, refuse_if_not_empty
from db.base import new_id
from db.models import Installation, Municipality, School

DEMO_FILE = "nagolnaya.json"

SCHOOL_FIELDS = (
    "code name short_name municipality settlement is_shnor is_shnsu is_pilot director deputy".split()
)


def build_demo(store: Store, data: dict | None = None) -> School:
    """Fill an empty store with the demo school (or another `data` of its shape); all of it or,
    on any error, nothing. Nothing in it depends on today's date: the demo keeps the seeds' years."""
    data = data or load_demo_data(DEMO_FILE)
    with store.session() as s:
        refuse_if_not_empty(s)
        office = Municipality(id=new_id(), name=data["office"])
        s.add(office)
        s.flush()
        card = {k: data["school"][k] for k in SCHOOL_FIELDS}
        school = School(id=new_id(), municipality_id=office.id, **card)
        s.add(school)
        s.flush()
        s.add(Installation(mode="school", name=school.name, school_id=school.id))
        builder = DemoBuilder(s, school.id, office.id)
        builder.build(data)
    return school
