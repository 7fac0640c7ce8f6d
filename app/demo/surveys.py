"""The demo's questionnaire sheets: the same random answers for every demo database."""

from __future__ import annotations

import random

from db.models import SurveyTemplate


def demo_sheets(template: SurveyTemplate, spec: dict) -> tuple[list[dict], dict[str, list[int]]]:
    """`spec["sheets"]` answer sheets drawn with `spec["weights"]` per section, and the counts of
    each answer per item."""
    levels = len(template.scale)
    # A fixed seed: every demo database gets the same answers.
    rng = random.Random(spec["seed"])
    weights = spec["weights"]
    sheets = []
    for _ in range(spec["sheets"]):
        answers = {}
        for number, section in enumerate(template.sections, 1):
            chances = weights.get(str(number), weights["default"])
            for item in section["items"]:
                skipped = rng.random() < 0.04
                answers[item["id"]] = None if skipped else rng.choices(range(levels), weights=chances)[0]
        sheets.append(answers)
    item_ids = [item["id"] for section in template.sections for item in section["items"]]
    counts = {item_id: [0] * levels for item_id in item_ids}
    for answers in sheets:
        for item_id, value in answers.items():
            if value is not None:
                counts[item_id][value] += 1
    return sheets, counts
