"""Charts: pure functions ``frame + options -> plotly.graph_objects.Figure`` (no Streamlit).

Every figure carries title, unit, source, last month and count definition (see
:func:`charts.theme.opmaak`); render with ``st.plotly_chart(fig, theme=None)``.
"""

from . import formaat, reeksen, theme, zinnen
from .pact import nodig_vs_tempo, pact_voortgang, rechte_doellijn, scenario_verschil
from .theme import opmaak
from .tijd import instroom_uitstroom, kans_verloop, trackrecord, trend, uitsplitsing
from .vergelijking import rangschikking, vergelijking_small_multiples

__all__ = [
    "formaat",
    "instroom_uitstroom",
    "kans_verloop",
    "nodig_vs_tempo",
    "opmaak",
    "pact_voortgang",
    "rangschikking",
    "rechte_doellijn",
    "reeksen",
    "scenario_verschil",
    "theme",
    "trackrecord",
    "trend",
    "uitsplitsing",
    "vergelijking_small_multiples",
    "zinnen",
]
