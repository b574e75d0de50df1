"""The study file, quick mode, first-look mode and scoring.

:func:`load_study`, :func:`study_from_options` and :func:`study_from_export` build a
:class:`Study`; :func:`score_responses` applies it to an export and returns
:class:`ScoredData`.
"""

from srsurvey.codebook.firstlook import study_from_export
from srsurvey.codebook.scoring import ScoredData, score_responses
from srsurvey.codebook.study import (
    AnalysisOptions,
    GroupSpec,
    ItemSpec,
    Levels,
    QuestionSpec,
    ResponseScale,
    ScaleSpec,
    Study,
    load_study,
    study_from_options,
)

__all__ = [
    "AnalysisOptions",
    "GroupSpec",
    "ItemSpec",
    "Levels",
    "QuestionSpec",
    "ResponseScale",
    "ScaleSpec",
    "ScoredData",
    "Study",
    "load_study",
    "score_responses",
    "study_from_export",
    "study_from_options",
]
