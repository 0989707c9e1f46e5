"""Survey responses in and out: imports from other survey tools, exports for analysis.

- ``tables``: reads a CSV or XLSX export of another survey tool into rows of text;
- ``mapping``: the JSON mapping of its columns and answer codes onto an instrument;
- ``importing``: checks all rows and creates the responses, all of them or none;
- ``exporting``: one pseudonymous row per respondent, as CSV, XLSX or SPSS ``.sav``.
"""
