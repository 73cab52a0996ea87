#!/usr/bin/env python3
"""Lists every cell of an .xlsx as `Sheet!A1<TAB>type<TAB>value<TAB>number format`, one per line, for exact
comparison in tests/cli/spreadsheets.sh. Reads the zip with the standard library only (zipfile, ElementTree);
fails on anything it does not understand, so a malformed workbook fails the test."""
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
BUILTIN = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%"}


def main(path):
    z = zipfile.ZipFile(path)
    assert z.testzip() is None, "corrupt member"
    shared = [("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
              for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)] \
        if "xl/sharedStrings.xml" in z.namelist() else []
    styles = ET.fromstring(z.read("xl/styles.xml"))
    formats = dict(BUILTIN)
    for nf in styles.findall("m:numFmts/m:numFmt", NS):
        formats[int(nf.get("numFmtId"))] = nf.get("formatCode")
    xfs = [int(xf.get("numFmtId", "0")) for xf in styles.findall("m:cellXfs/m:xf", NS)]
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    for sheet in ET.fromstring(z.read("xl/workbook.xml")).findall("m:sheets/m:sheet", NS):
        target = "xl/" + rels[sheet.get(REL)].lstrip("/").removeprefix("xl/")
        root = ET.fromstring(z.read(target))
        for c in root.iter("{%s}c" % NS["m"]):
            kind = c.get("t", "n")
            v = c.find("m:v", NS)
            if v is None:
                continue  # a blank cell with a style only
            value = shared[int(v.text)] if kind == "s" else v.text
            fmt = formats[xfs[int(c.get("s", "0"))]]
            print(f"{sheet.get('name')}!{c.get('r')}\t{kind}\t{value}\t{fmt}".replace("\n", "\\n"))


if __name__ == "__main__":
    main(sys.argv[1])
