"""Tesseract in this process (tesserocr): each language model is loaded once per process and thread.

Running the `tesseract` program once per page paid for loading the language models on every page
and every re-read line (about 0.4 s of CPU for jpn+eng, more than a tenth of a page's work). The
library keeps one initialised engine per (language data, languages) in each analysis process.
"""

from __future__ import annotations

import os
import threading
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


_engines = threading.local()


def read_hocr(image: Image.Image, dpi: float, tessdata: str, languages: str, layout: Layout) -> str:
    """Tesseract's hOCR of a greyscale image."""
    engine = _engine(tessdata, languages)
    engine.SetPageSegMode(layout)
    engine.SetImage(_grey(image))
    engine.SetSourceResolution(round(dpi))
    try:
        hocr: str = engine.GetHOCRText(0)
    finally:
        engine.Clear()
    if hocr is None:
        raise TesseractFailed("tesseract could not read the page image")
    return hocr


def upright_rotation(image: Image.Image, dpi: float, tessdata: str) -> tuple[Rotation, str] | None:
    """Tesseract's orientation and script detection: the clockwise turn that makes the page
    upright and the script's name, or None when it cannot tell."""
    engine = _engine(tessdata, _OSD_LANGUAGE)
    engine.SetPageSegMode(tesserocr.PSM.OSD_ONLY)
    engine.SetImage(_grey(image))
    engine.SetSourceResolution(round(dpi))
    try:
        found = engine.DetectOrientationScript()
    finally:
        engine.Clear()
    if not found:
        return None
    turned = int(found["orient_deg"]) % 360  # how far the image is turned clockwise
    return _RIGHT_ANGLES.get((360 - turned) % 360, 0), str(found["script_name"])


def _grey(image: Image.Image) -> Image.Image:
    return image if image.mode == "L" else image.convert("L")


def _engine(tessdata: str, languages: str) -> tesserocr.PyTessBaseAPI:
    """This process's and thread's engine for the languages, initialised on first use."""
    cache: dict[tuple[int, str, str], tesserocr.PyTessBaseAPI] = _engines.__dict__.setdefault(
        "by_languages", {}
    )
    key = (os.getpid(), tessdata, languages)  # a forked process starts its own engines
    engine = cache.get(key)
    if engine is None:
        engine = _started(tessdata, languages)
        cache[key] = engine
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
