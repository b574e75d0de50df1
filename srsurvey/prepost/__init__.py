"""Pre/post and intervention-vs-control designs: waves, matching, comparisons."""

from srsurvey.prepost.analysis import PrePostResult, run_prepost
from srsurvey.prepost.matching import normalize_key

__all__ = ["PrePostResult", "normalize_key", "run_prepost"]
