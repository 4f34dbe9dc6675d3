"""Small pure frame helpers shared by the chart builders (and usable by pages):
per 1.000 inhabitants, index to a base month, Series → frame. No Streamlit, no database."""

from __future__ import annotations

import pandas as pd

from . import formaat


def als_frame(obj: pd.DataFrame | pd.Series, kolom: str = "waarde") -> pd.DataFrame:
    """A ``Series`` indexed by period (as ``forecasting`` returns) or a frame with ``periode``
    → a frame ``[periode, kolom]`` sorted by period, periods normalised to ``YYYY-MM``."""
    if isinstance(obj, pd.Series):
        df = pd.DataFrame({"periode": [str(p) for p in obj.index], kolom: obj.to_numpy()})
    elif isinstance(obj, pd.DataFrame):
        if "periode" not in obj.columns:
            raise ValueError("frame zonder kolom 'periode'")
        df = obj.copy()
        if kolom not in df.columns:
            if "waarde" in df.columns:
                df = df.rename(columns={"waarde": kolom})
            else:
                raise ValueError(f"frame zonder kolom '{kolom}'")
    else:
        raise TypeError(f"verwacht een DataFrame of Series, niet {type(obj).__name__}")
    df["periode"] = [formaat.periode(p) for p in df["periode"]]
    return df.sort_values("periode", kind="stable").reset_index(drop=True)


def per_1000(frame: pd.DataFrame, waarde_kolom: str = "waarde") -> pd.Series:
    """``waarde / inwoners × 1000`` (frame needs column ``inwoners``); NA where unknown."""
    if "inwoners" not in frame.columns:
        raise ValueError(
            "per 1.000 inwoners vraagt een kolom 'inwoners' (zie data_access.queries.per_1000)"
        )
    w = pd.to_numeric(frame[waarde_kolom], errors="coerce").astype("Float64")
    inw = pd.to_numeric(frame["inwoners"], errors="coerce").astype("Float64")
    inw = inw.where(inw > 0)
    return (w / inw * 1000).astype("Float64")


def bevolkingsnoot(frame: pd.DataFrame) -> str:
    """Which population a per-1,000 figure divides by, saying the years that borrow another
    year's figure: "Inwoners op 1 januari van hetzelfde jaar (Statbel …); voor 2021–2023: 2020
    (laatst bekende jaar)." Frame: periode, bevolkingsjaar (data_access.queries.per_1000)."""
    basis = (
        "Inwoners op 1 januari van hetzelfde jaar (Statbel 2015–2020; latere jaren uit een "
        "ingevoerd bevolkingsbestand)"
    )
    if "bevolkingsjaar" not in frame.columns:
        return basis + "."
    jaren = frame.dropna(subset=["bevolkingsjaar"]).assign(
        jaar=lambda f: f["periode"].astype(str).str[:4].astype(int),
        gebruikt=lambda f: f["bevolkingsjaar"].astype(int),
    )
    geleend = jaren[jaren["jaar"] != jaren["gebruikt"]].drop_duplicates(["jaar", "gebruikt"])
    delen = []
    for gebruikt, groep in geleend.groupby("gebruikt"):
        van, tot = groep["jaar"].min(), groep["jaar"].max()
        periode = str(van) if van == tot else f"{van}–{tot}"
        soort = "laatst bekende jaar" if gebruikt < van else "eerst bekende jaar"
        delen.append(f"voor {periode}: {gebruikt} ({soort})")
    return basis + ("; " + "; ".join(delen) if delen else "") + "."


def gemeenschappelijke_basis(frame: pd.DataFrame, waarde_kolom: str, reeks_kolom: str | None):
    """The first month in which every series has a value (> 0)."""
    df = frame[pd.to_numeric(frame[waarde_kolom], errors="coerce").fillna(0) > 0]
    if df.empty:
        raise ValueError("geen maand met gegevens om als basis (= 100) te nemen")
    if reeks_kolom is None:
        return formaat.periode(df["periode"].min())
    eerste = df.groupby(reeks_kolom)["periode"].min()
    return formaat.periode(eerste.max())


def zonder_basis(
    frame: pd.DataFrame, waarde_kolom: str, reeks_kolom: str | None, basis: str
) -> list:
    """The series (keys of ``reeks_kolom``; ``[None]`` for a single series) without a value
    greater than 0 in ``basis``: they have no index (an index on 0 does not exist)."""
    w = pd.to_numeric(frame[waarde_kolom], errors="coerce")
    in_basis = frame["periode"].map(formaat.periode) == formaat.periode(basis)
    sleutels = frame[reeks_kolom] if reeks_kolom else pd.Series(None, index=frame.index)
    zonder = []
    for sleutel in pd.unique(sleutels):
        rij = w[(sleutels == sleutel if reeks_kolom else True) & in_basis]
        if rij.empty or pd.isna(rij.iloc[0]) or float(rij.iloc[0]) <= 0:
            zonder.append(sleutel)
    return zonder


def geen_index_noot(namen, basis: str) -> str | None:
    """The note for series left out of an index chart (None when none was)."""
    namen = [str(n) for n in namen]
    if not namen:
        return None
    wie = namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]
    return (
        f"Geen index voor {wie}: 0 (of geen cijfer) in de basismaand {formaat.maand(basis)}, "
        "en een index op 0 bestaat niet"
    )


def index(
    frame: pd.DataFrame,
    waarde_kolom: str = "waarde",
    reeks_kolom: str | None = None,
    basis_maand: str | None = None,
    *,
    weglaten: bool = False,
) -> tuple[pd.Series, str]:
    """Index each series to its value in ``basis_maand`` (= 100). Returns (values, base month).

    A series with no value, or zero, in the base month has no index: it raises ``ValueError``,
    or with ``weglaten`` its values are NA (the chart leaves its line out and says why, see
    :func:`zonder_basis` and :func:`geen_index_noot`).
    """
    basis = (
        formaat.periode(basis_maand)
        if basis_maand
        else gemeenschappelijke_basis(frame, waarde_kolom, reeks_kolom)
    )
    w = pd.to_numeric(frame[waarde_kolom], errors="coerce").astype("Float64")
    perioden = frame["periode"].map(formaat.periode)
    sleutels = frame[reeks_kolom] if reeks_kolom else pd.Series("", index=frame.index)
    noemers: dict[object, float] = {}
    for sleutel in pd.unique(sleutels):
        rij = w[(sleutels == sleutel) & (perioden == basis)]
        if rij.empty or pd.isna(rij.iloc[0]) or float(rij.iloc[0]) <= 0:
            if weglaten:
                continue
            naam = f" voor {sleutel}" if reeks_kolom else ""
            raise ValueError(
                f"geen waarde groter dan 0 in de basismaand {formaat.maand(basis)}{naam}"
            )
        noemers[sleutel] = float(rij.iloc[0])
    noemer = sleutels.map(noemers).astype("Float64")
    return (w / noemer * 100).astype("Float64"), basis


#: Decimals a value is shown with when the caller does not say: a rate per 1.000 needs one.
STANDAARD_DECIMALEN = {"absoluut": 0, "per1000": 1, "index": 0}
#: Decimals of the table (and CSV) under a chart: one more where the chart rounds a rate.
TABEL_DECIMALEN = {"absoluut": 0, "per1000": 2, "index": 1}


def volgens_modus(
    frame: pd.DataFrame,
    modus: str,
    kolom: str,
    reeks_kolom: str | None,
    basis_maand: str | None,
    *,
    weglaten: bool = False,
) -> tuple[pd.Series, str | None]:
    """The values of ``kolom`` to draw in ``modus`` and the base month (``None`` unless
    ``"index"``): ``"absoluut"`` as counted, ``"per1000"`` per 1.000 inhabitants (see
    :func:`per_1000`), ``"index"`` each series indexed to ``basis_maand`` (see :func:`index`;
    ``weglaten``: a series without a base value is NA instead of an error)."""
    if modus == "per1000":
        return per_1000(frame, kolom), None
    if modus == "index":
        return index(frame, kolom, reeks_kolom, basis_maand, weglaten=weglaten)
    return pd.to_numeric(frame[kolom], errors="coerce"), None


def voortschrijdend(reeks: pd.Series, maanden: int) -> pd.Series:
    """Trailing mean over ``maanden`` months (NA until the window is full)."""
    return (
        pd.to_numeric(reeks, errors="coerce")
        .astype("float64")
        .rolling(maanden, min_periods=maanden)
        .mean()
    )


def tabel(
    frame: pd.DataFrame,
    modus: str,
    *,
    reeks_kolom: str,
    kolom: str = "waarde",
    basis_maand: str | None = None,
) -> pd.DataFrame:
    """The table under a chart: ``[periode, <one column per series>]`` holding exactly the values
    the chart draws in ``modus`` (:func:`volgens_modus`), rounded to ``TABEL_DECIMALEN``; a
    series the chart leaves out (no index base) is left out here too."""
    df = frame.assign(
        _y=volgens_modus(frame, modus, kolom, reeks_kolom, basis_maand, weglaten=True)[0]
    )
    uit = df.pivot(index="periode", columns=reeks_kolom, values="_y")
    uit = uit.dropna(axis=1, how="all") if modus == "index" else uit
    dec = TABEL_DECIMALEN[modus]
    uit = uit.astype("Float64").round(dec)
    if dec == 0:
        uit = uit.astype("Int64")
    uit.columns.name = None
    return uit.reset_index()
