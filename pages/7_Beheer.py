"""Beheer (editors and admins): upload with validation report and preview, release history and
restore, targets; users and the audit log for admins. The logic lives in `data_access`
(importer, voorbeeld, doelbeheer, gebruikers, audit); `ui/beheer.py` draws it."""

from ui import beheer, cache, instellingen
from ui.guard import bewaak

gebruiker = bewaak(rol_nodig="editor", titel="Beheer")
instellingen.demolabel()
beheer.pagina(cache.engine(), gebruiker)
