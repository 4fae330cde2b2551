"""Import employers and their contact persons from the CSV and XLSX files pilots keep today.

Two steps. `plan_import` reads a file and checks every row without writing anything: per-row
errors (row number as in the spreadsheet, the column as headed in the file), duplicates of
employers already in the CRM or of earlier rows in the file (same Y-tunnus, or a similar name
in the same municipality), and contact persons to add to employers that already exist.
`run_import` finds the duplicates again against the current database and writes every valid
row in one transaction. It is a bulk path, for speed (10,000 rows in seconds), that applies the
same normalisation and model validation as `services.employers.create_employer` and
`services.contacts.add_contact_person`.

`read` turns a file into a header and rows, `check` builds and checks the unsaved rows and
finds the duplicates (`plan_import`), `apply` writes them (`run_import`); `plan` holds the
columns recognised and the rows and plan they make.
"""
