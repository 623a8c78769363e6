"""Excel 台账 in and out, and the inspection binder (迎检台账).

- ``layout``: the columns of each record type's sheet (from ``lawdesk.schema``), widths, masking;
- ``writer``: the exported 台账 and the blank template (openpyxl, pure: rows in, file out);
- ``reader``: opening a clerk's workbook safely and finding its header rows and columns;
- ``importer``: checking every cell, then writing through ``lawdesk.services.records``;
- ``binder``: the zip of 台账, renamed evidence files and the index .docx.
"""
