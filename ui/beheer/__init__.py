"""Streamlit pieces of the Beheer page (`pages/7_Beheer.py`): upload with validation report and
preview, release history and restore, targets, users, audit log — one module per tab, the shared
preview (`voorbeeldweergave`) and helpers (`hulp`).

The logic lives in `data_access` (importer, voorbeeld, doelbeheer, gebruikers, audit); these
modules only read widgets, call those functions and render. Rules that hold everywhere here:

- nothing from an upload (file name, cell value) is rendered as markdown or HTML: it goes into a
  dataframe, or through `hulp.md()` which escapes markdown; `unsafe_allow_html` is never used;
- every action is wrapped (`hulp.veilig`): an unexpected error is logged on the server and the
  user gets a Dutch message, never a traceback (Streamlit's own stop/rerun are BaseExceptions
  and pass); a database that refuses (down, locked, read-only, damaged) gets its own Dutch
  reason (`db.databankfout`) instead of the message for the unexpected;
- nothing is written before the user confirms a preview, and the write is one transaction.
"""

from ui.beheer.pagina import pagina

__all__ = ["pagina"]
