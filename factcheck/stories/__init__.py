"""Stories: the articles that report one event, and the figures and dates they share.

Plain modules, no database access:
  grouping   which articles report one event
  measures   which figure/date claims of different articles report the same thing
  agreement  whether the values of a measure can all be true together

`factcheck.stories.compare` ties them together for files (the compare_stories command)
and `factcheck.stories.store` for the database.
"""
