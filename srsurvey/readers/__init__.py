"""Readers that load survey exports into a :class:`Responses` table.

``read_export`` reads one Google Forms export, CSV or .xlsx, and ``read_exports``
stacks several. The other functions work on the columns of the result: checkbox
answers, personal-data columns, numeric text and quiz scores. Importing this package
imports pandas, but openpyxl is imported only when an .xlsx file is read.
"""

from srsurvey.readers.export import read_export, read_exports
from srsurvey.readers.identifiers import detect_identifier_columns
from srsurvey.readers.model import ColumnSource, Responses
from srsurvey.readers.multiselect import infer_multiselect_options, split_multiselect
from srsurvey.readers.numeric import parse_score, to_numbers

__all__ = [
    "ColumnSource",
    "Responses",
    "detect_identifier_columns",
    "infer_multiselect_options",
    "parse_score",
    "read_export",
    "read_exports",
    "split_multiselect",
    "to_numbers",
]
