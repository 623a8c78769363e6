"""Excel 台账 in and out, and the inspection binder (迎检台账).

- ``layout``: the columns of each record type's sheet (from ``lawdesk.schema``), widths, masking
  (personal fields, and names and numbers inside free text);
- ``writer``: the exported 台账 and the blank template (openpyxl, pure: rows in, file out; no
  live formula in any cell; a hidden 记录标识 column carries each record's identity);
- ``sources`` and ``xlsx``: opening .xlsx, .xls, WPS .et and .csv files as sheets of values;
- ``headers``: which field a clerk's header means (``FieldSpec.aliases`` and header rules) and
  which record type a sheet holds (headers, sheet name, title rows, file name);
- ``reader``: each sheet's header, columns and data rows (merged cells filled, hidden rows,
  rows that are not records), corrected by the clerk in the preview;
- ``cells``: what a clerk's cell means for a field (45人, 200余人, 无, 3月5日, 家庭纠纷 …);
- ``mappings``: a layout's mapping remembered for next year, and saved for ``import --mapping``;
- ``importer``: checking every cell, then creating or updating through ``lawdesk.services.records``;
- ``binder``: the zip of 台账, renamed evidence files and the index .docx.
"""
