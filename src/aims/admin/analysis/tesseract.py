"""Tesseract in this process (tesserocr): each language model is loaded once per process and thread.

Running the `tesseract` program once per page paid for loading the language models on every page
and every re-read line (about 0.4 s of CPU for jpn+eng, more than a tenth of a page's work). The
library keeps one initialised engine per (language data, languages) in each analysis process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum

from PIL import Image

# Read by libtesseract's OpenMP when it loads: pages already run in parallel processes, and
# Tesseract's own threads would only compete with them.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
import tesserocr

from aims.admin.analysis.model import Rotation
from aims.kernel.tesseract import TesseractMissing, find_tessdata, installed_languages

_OSD_LANGUAGE = "osd"
_RIGHT_ANGLES: dict[int, Rotation] = {0: 0, 90: 90, 180: 180, 270: 270}


class TesseractFailed(RuntimeError):
    """Tesseract cannot be started with the configured language data, or failed on a page."""


class Layout(IntEnum):
    """How Tesseract segments the image it reads (its page segmentation modes)."""

    PAGE = tesserocr.PSM.AUTO
    VERTICAL_BLOCK = tesserocr.PSM.SINGLE_BLOCK_VERT_TEXT
    LINE = tesserocr.PSM.SINGLE_LINE


class _Engines(threading.local):
    """This thread's initialised engines, by (process, language data, languages)."""

    def __init__(self) -> None:
        self.started: dict[tuple[int, str, str], tesserocr.PyTessBaseAPI] = {}


_engines = _Engines()


def read_hocr(image: Image.Image, dpi: float, tessdata: str, languages: str, layout: Layout) -> str:
    """Tesseract's hOCR of a greyscale image."""
    with _reading(image, dpi, tessdata, languages, layout) as engine:
        hocr: str | None = engine.GetHOCRText(0)
    if hocr is None:
        raise TesseractFailed("tesseract could not read the page image")
    return hocr


def upright_rotation(image: Image.Image, dpi: float, tessdata: str) -> tuple[Rotation, str] | None:
    """Tesseract's orientation and script detection: the clockwise turn that makes the page
    upright and the script's name, or None when it cannot tell."""
    with _reading(image, dpi, tessdata, _OSD_LANGUAGE, tesserocr.PSM.OSD_ONLY) as engine:
        found = engine.DetectOrientationScript()
    if not found:
        return None
    turned = int(found["orient_deg"]) % 360  # how far the image is turned clockwise
    return _RIGHT_ANGLES.get((360 - turned) % 360, 0), str(found["script_name"])


@contextmanager
def _reading(
    image: Image.Image, dpi: float, tessdata: str, languages: str, mode: int
) -> Iterator[tesserocr.PyTessBaseAPI]:
    """The engine for the languages, given the image in greyscale; cleared afterwards."""
    engine = _engine(tessdata, languages)
    engine.SetPageSegMode(mode)
    engine.SetImage(image if image.mode == "L" else image.convert("L"))
    engine.SetSourceResolution(round(dpi))
    try:
        yield engine
    finally:
        engine.Clear()


def _engine(tessdata: str, languages: str) -> tesserocr.PyTessBaseAPI:
    """This process's and thread's engine for the languages, initialised on first use."""
    key = (os.getpid(), tessdata, languages)  # a forked process starts its own engines
    engine = _engines.started.get(key)
    if engine is None:
        engine = _started(tessdata, languages)
        _engines.started[key] = engine
    return engine


def _started(tessdata: str, languages: str) -> tesserocr.PyTessBaseAPI:
    try:
        path = find_tessdata(tessdata)
        missing = sorted(set(languages.split("+")) - installed_languages(path))
    except TesseractMissing as error:
        raise TesseractFailed(str(error)) from None
    if missing:  # checked first: the library would print its own complaints to stderr
        raise TesseractFailed(f"no Tesseract language data for {', '.join(missing)} in {path}")
    try:
        return tesserocr.PyTessBaseAPI(path=path.rstrip("/") + "/", lang=languages)
    except RuntimeError:
        raise TesseractFailed(
            f"tesseract cannot load the languages {languages!r} from {path}"
        ) from None
