"""Intake: turning what reaches a newsroom (files, pasted text, web pages, feeds) into article text.

The modules here only read and check input; factcheck.importing stores the result.
"""


class IntakeError(Exception):
    """Input that cannot become an article; the message names the input and the problem."""
