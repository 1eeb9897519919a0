#!/usr/bin/python3
"""Prints an .xlsx workbook as JSON for report_documents_test.cpp: its title, then per sheet
its name, frozen panes, column widths, print setup and every cell's value, type (openpyxl's
data_type: "s" string, "n" number, "f" formula) and boldness. Loads the file with openpyxl (Debian's
python3-openpyxl, under /usr/bin/python3); a workbook it cannot open fails the test."""
import json
import sys

import openpyxl


def main(path):
    workbook = openpyxl.load_workbook(path)  # Formulas stay formulas (data_type "f").
    sheets = []
    for sheet in workbook.worksheets:
        rows = [[{"value": cell.value, "type": cell.data_type, "bold": bool(cell.font and cell.font.b)}
                 for cell in row] for row in sheet.iter_rows()]
        widths = {key: dimension.width for key, dimension in sheet.column_dimensions.items()}
        sheets.append({"name": sheet.title, "freeze": sheet.freeze_panes, "widths": widths,
                       "print_rows": sheet.print_title_rows,
                       "landscape": sheet.page_setup.orientation == "landscape",
                       "paper": sheet.page_setup.paperSize, "rows": rows})
    json.dump({"title": workbook.properties.title, "created": str(workbook.properties.created),
               "sheets": sheets}, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
