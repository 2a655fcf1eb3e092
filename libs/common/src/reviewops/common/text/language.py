"""Language identification: scripts first, then py3langid, then stop words for short texts.

py3langid (a maintained port of langid.py) ships its naive Bayes model inside the package,
so nothing is downloaded. It is accurate on sentences but guesses on two-word texts ("Ganz
gut" reads as Luxembourgish), so below a confidence floor the stop-word vote decides, and
'und' is the answer when neither is convincing.
"""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

SUPPORTED_LANGUAGES = ("en", "zh", "de", "ja", "fr", "es")
UNDETERMINED = "und"

_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOPWORDS = {
    "en": {"the", "and", "is", "it", "was", "not", "this", "to", "of", "for", "my", "with", "but", "very", "after",
           "we", "you", "your", "are", "will", "a", "or", "in", "on", "be", "have", "our", "i", "if", "that",
           "sorry", "please", "would", "can", "thank", "us"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "ich", "mit", "sehr", "nach", "auch", "es",
           "wir", "sie", "ihr", "ihre", "bitte", "für", "uns", "haben", "wird", "werden", "dass", "zu", "leider",
           "war", "kam", "den", "dem", "an", "auf", "gut", "ganz", "nichts"},
    "fr": {"le", "la", "les", "et", "est", "pas", "une", "je", "avec", "très", "pour", "après", "du", "des",
           "nous", "vous", "votre", "à", "un", "sont", "ce", "cette", "mais", "il", "elle", "désolés", "merci"},
    "es": {"el", "la", "los", "y", "es", "no", "una", "muy", "con", "para", "pero", "después", "del", "que",
           "nosotros", "usted", "su", "por", "lo", "le", "un", "las", "sentimos", "gracias", "llegó", "está"},
}


CONFIDENT = 0.5
PLAUSIBLE = 0.2


@cache
def _identifier() -> LanguageIdentifier:
    """The model, loaded on first use (about 50 ms), never at import."""
    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def _stopword_vote(words: list[str]) -> str | None:
    votes = {language: sum(word in stopwords for word in words) for language, stopwords in _STOPWORDS.items()}
    best = max(votes, key=votes.__getitem__)
    return best if votes[best] > 0 else None


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or 'und' when there is too little to tell."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if len(_HAN.findall(text)) >= 2:
        return "zh"
    words = [word.lower() for word in _WORD.findall(text)]
    if sum(len(word) for word in words) < 3:
        return UNDETERMINED
    language, probability = _identifier().classify(text)
    if probability >= CONFIDENT:
        return language
    voted = _stopword_vote(words)
    if voted is not None:
        return voted
    return language if probability >= PLAUSIBLE else UNDETERMINED


def effective_language(declared: str | None, detected: str) -> str:
    """The declared language, else the detected one, else 'und'."""
    return declared or detected or UNDETERMINED
