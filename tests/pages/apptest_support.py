"""Readers for what AppTest shows: card values and deck JSON."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def metric_values(at: AppTest) -> dict[str, str]:
    """Card label (without the traffic light) → displayed value."""
    return {m.label.split("] ", 1)[-1]: m.value for m in at.metric}


def deck_json(at: AppTest, i: int = 0) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[i].proto.json)
